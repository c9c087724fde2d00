package datasets

import (
	"bytes"
	"errors"
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
