package datasets

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cifarRecord builds one record in the layout of https://www.cs.toronto.edu/~kriz/cifar.html
// ("The first byte is the label … The next 3072 bytes are the values of the pixels … The
// first 1024 bytes are the red channel values, the next 1024 the green, and the final 1024
// the blue … in row-major order"): pixel (x, y) of plane c holds byte(c·64 + x + y).
func cifarRecord(label byte) []byte {
	rec := []byte{label}
	for c := 0; c < 3; c++ {
		for y := 0; y < 32; y++ {
			for x := 0; x < 32; x++ {
				rec = append(rec, byte(c*64+x+y))
			}
		}
	}
	return rec
}

func TestReadCIFARBatchLayout(t *testing.T) {
	var data []byte
	data = append(data, cifarRecord(3)...)
	data = append(data, cifarRecord(9)...)
	b, err := ReadCIFARBatch(bytes.NewReader(data), "two")
	if err != nil {
		t.Fatal(err)
	}
	if b.Len() != 2 || b.Labels[0] != 3 || b.Labels[1] != 9 {
		t.Fatalf("labels %v", b.Labels)
	}
	img := b.Image(1)
	// green plane (c = 1), pixel x = 5, y = 2: offset 1024 + 2·32 + 5, value 64 + 7.
	if got := img[1024+2*32+5]; got != 71 {
		t.Errorf("G(5,2) = %d, want 71", got)
	}
	if got := img[2048+31*32+31]; got != byte(128+62) {
		t.Errorf("B(31,31) = %d, want 190", got)
	}
}

func TestReadCIFARBatchRejectsBadFiles(t *testing.T) {
	good := append(cifarRecord(1), cifarRecord(2)...)
	badLabel := append(cifarRecord(1), cifarRecord(10)...)
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty":            {nil, "empty"},
		"truncated record": {good[:len(good)-1], "not a whole number"},
		"one byte over":    {append(append([]byte{}, good...), 0), "not a whole number"},
		"label 10":         {badLabel, "record 1"},
		"text file":        {[]byte("hello"), "not a whole number"},
	}
	for name, c := range cases {
		_, err := ReadCIFARBatch(bytes.NewReader(c.data), name)
		if !errors.Is(err, ErrCIFARFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want ErrCIFARFormat mentioning %q", name, err, c.want)
		}
	}
}

func TestLoadCIFAR10(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "cifar-10-batches-bin")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, f := range CIFARTrainFiles {
		write(f, append(cifarRecord(byte(i)), cifarRecord(byte(i+1))...))
	}
	// Missing test batch: the error names it and says where to get the data.
	_, err := LoadCIFAR10(dir)
	if err == nil || !strings.Contains(err.Error(), "test_batch.bin") || !strings.Contains(err.Error(), "cifar-10-binary") {
		t.Fatalf("missing test batch: %v", err)
	}
	write(CIFARTestFile, cifarRecord(7))
	for _, d := range []string{dir, root} { // the directory itself or its parent
		c, err := LoadCIFAR10(d)
		if err != nil {
			t.Fatal(err)
		}
		if c.Train.Len() != 10 || c.Test.Len() != 1 || c.Test.Labels[0] != 7 || c.Train.Labels[9] != 5 {
			t.Fatalf("%s: %d train (labels %v), %d test", d, c.Train.Len(), c.Train.Labels, c.Test.Len())
		}
	}
	// A truncated training batch names the file.
	write(CIFARTrainFiles[2], cifarRecord(1)[:3000])
	if _, err := LoadCIFAR10(dir); !errors.Is(err, ErrCIFARFormat) || !strings.Contains(err.Error(), "data_batch_3.bin") {
		t.Errorf("truncated batch: %v", err)
	}
	if _, err := LoadCIFAR10(filepath.Join(root, "nope")); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("missing directory: %v", err)
	}
}

// A file larger than MaxCIFARRecords records is refused from its size, before it is read (the
// sparse file here announces 184 MB of label-0 records that would otherwise be accepted).
func TestReadCIFARFileRefusesHugeFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.bin")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate((MaxCIFARRecords + 1) * CIFARRecord); err != nil {
		t.Fatal(err)
	}
	f.Close()
	n := allocatedBy(func() { _, err = ReadCIFARFile(p) })
	if !errors.Is(err, ErrCIFARFormat) || !strings.Contains(err.Error(), "MaxCIFARRecords") || !strings.Contains(err.Error(), p) {
		t.Errorf("err = %v, want ErrCIFARFormat naming the file and MaxCIFARRecords", err)
	}
	if n > allocBound {
		t.Errorf("allocated %d bytes, want ≤ %d", n, allocBound)
	}
}

// endless yields label-0 records forever; it has no Len, so its size is unknown.
type endless struct{}

func (endless) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// A stream of unknown size is read only up to the limit and refused one byte past it.
func TestReadCIFARBatchEndlessStream(t *testing.T) {
	var err error
	n := allocatedBy(func() { _, err = readCIFAR(endless{}, "endless", 3) })
	if !errors.Is(err, ErrCIFARFormat) || !strings.Contains(err.Error(), "more than 3 records") {
		t.Errorf("err = %v, want ErrCIFARFormat: more than 3 records", err)
	}
	if n > allocBound {
		t.Errorf("allocated %d bytes, want ≤ %d", n, allocBound)
	}
}

// Every truncation of a two-record batch is refused; every bit flip near the labels is
// accepted exactly when it leaves the label within 0…9, and then only that byte differs.
func TestReadCIFARBatchRefusesDamage(t *testing.T) {
	good := append(cifarRecord(1), cifarRecord(8)...)
	for n := range len(good) {
		if n == CIFARRecord {
			continue // one whole record
		}
		if _, err := ReadCIFARBatch(bytes.NewReader(good[:n]), "t"); !errors.Is(err, ErrCIFARFormat) {
			t.Errorf("truncated to %d bytes: err = %v", n, err)
		}
	}
	for bit := range 8 * len(good) {
		if off := bit / 8 % CIFARRecord; off > 16 && off < CIFARRecord-16 {
			continue // the bytes around the labels suffice
		}
		in := bytes.Clone(good)
		in[bit/8] ^= 1 << (bit % 8)
		b, err := ReadCIFARBatch(io.MultiReader(bytes.NewReader(in)), "t")
		rec := bit / 8 / CIFARRecord
		if labelByte := bit/8%CIFARRecord == 0; labelByte && in[bit/8] > 9 {
			if !errors.Is(err, ErrCIFARFormat) {
				t.Errorf("bit %d: label %d accepted (err %v)", bit, in[bit/8], err)
			}
			continue
		}
		if err != nil || !bytes.Equal(cifarRecords(b), in) {
			t.Errorf("bit %d (record %d): err = %v or records differ from the input", bit, rec, err)
		}
	}
}

// cifarRecords puts a batch back into the file layout.
func cifarRecords(b *CIFARBatch) []byte {
	var out []byte
	for i := range b.Len() {
		out = append(append(out, b.Labels[i]), b.Image(i)...)
	}
	return out
}

func FuzzReadCIFARBatch(f *testing.F) {
	two := append(cifarRecord(1), cifarRecord(9)...)
	f.Add(cifarRecord(3), false)
	f.Add(two, true)
	f.Add(two[:CIFARRecord+100], false)
	f.Add(append(cifarRecord(1), cifarRecord(10)...), true)
	f.Add([]byte{}, false)
	f.Add([]byte("hello"), true)
	f.Fuzz(func(t *testing.T, in []byte, unsized bool) {
		if len(in) > 64*CIFARRecord {
			return // the mutator grows inputs up to 100 MB; long ones add time, not paths
		}
		var r io.Reader = bytes.NewReader(in)
		if unsized {
			r = io.MultiReader(r)
		}
		b, err := ReadCIFARBatch(r, "fuzz")
		if err != nil {
			if !errors.Is(err, ErrCIFARFormat) {
				t.Fatalf("error %v does not wrap ErrCIFARFormat", err)
			}
			return
		}
		if len(b.Images) != b.Len()*CIFARImageBytes || !bytes.Equal(cifarRecords(b), in) {
			t.Fatalf("%d labels, %d image bytes do not give back the %d input bytes", b.Len(), len(b.Images), len(in))
		}
		for i, l := range b.Labels {
			if l > 9 {
				t.Fatalf("record %d: label %d accepted", i, l)
			}
		}
	})
}
