package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func encode(t testing.TB, dims []int, data []byte) []byte {
	var b bytes.Buffer
	if err := EncodeIDX(&b, dims, data); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func TestIDXRoundTrip(t *testing.T) {
	data := []byte{1, 2, 3, 4, 5, 6}
	raw := encode(t, []int{2, 3}, data)
	// The header is the one in LeCun's format description: 00 00 08 02, then 2 and 3 big-endian.
	want := []byte{0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3}
	if !bytes.Equal(raw[:12], want) {
		t.Fatalf("header %v, want %v", raw[:12], want)
	}
	for name, in := range map[string][]byte{"plain": raw, "gzip": gz(raw)} {
		x, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(x.Dims) != 2 || x.Dims[0] != 2 || x.Dims[1] != 3 || !bytes.Equal(x.Data, data) {
			t.Fatalf("%s: got dims %v data %v", name, x.Dims, x.Data)
		}
	}
}

func TestIDXRejectsBadFiles(t *testing.T) {
	good := encode(t, []int{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	gzGood := gz(good)
	cases := map[string][]byte{
		"empty":             {},
		"short header":      good[:3],
		"bad magic":         append([]byte{1}, good[1:]...),
		"float type":        append([]byte{0, 0, 0x0d}, good[3:]...),
		"zero dims":         {0, 0, 8, 0},
		"zero size":         {0, 0, 8, 1, 0, 0, 0, 0},
		"truncated dims":    good[:6],
		"truncated data":    good[:len(good)-1],
		"trailing data":     append(append([]byte{}, good...), 7),
		"huge dims":         {0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		"truncated gzip":    gzGood[:len(gzGood)-10],
		"corrupt gzip body": append(append([]byte{}, gzGood[:12]...), bytes.Repeat([]byte{0xff}, 20)...),
	}
	for name, in := range cases {
		if _, err := ReadIDX(bytes.NewReader(in)); !errors.Is(err, ErrIDX) {
			t.Errorf("%s: err = %v, want ErrIDX", name, err)
		}
	}
}

func FuzzReadIDX(f *testing.F) {
	f.Add(encode(f, []int{2, 3}, []byte{1, 2, 3, 4, 5, 6}))
	f.Add(gz(encode(f, []int{1, 2, 2}, []byte{9, 8, 7, 6})))
	f.Add([]byte{0, 0, 8, 1, 0, 0, 0, 1})
	f.Add(encode(f, []int{2, 3}, []byte{1, 2, 3, 4, 5, 6})[:14])       // truncated data
	f.Add(gz(encode(f, []int{2, 3}, []byte{1, 2, 3, 4, 5, 6}))[:20])   // truncated gzip
	f.Add(idxHeaderBytes(1<<14, 1<<14))                                // 256 MiB announced
	f.Add(idxHeaderBytes(1<<15, 1<<15))                                // over the limit
	f.Add(append(encode(f, []int{1}, []byte{7}), 0x1f, 0x8b, 8, 0, 0)) // trailing data
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ReadIDX(bytes.NewReader(in))
		// The same bytes from a reader of unknown size take the incremental path.
		y, errUnsized := ReadIDX(io.MultiReader(bytes.NewReader(in)))
		if (err == nil) != (errUnsized == nil) || err == nil && (!slices.Equal(x.Dims, y.Dims) || !bytes.Equal(x.Data, y.Data)) {
			t.Fatalf("sized and unsized readers disagree: %v / %v", err, errUnsized)
		}
		if err != nil {
			if !errors.Is(err, ErrIDX) || !errors.Is(errUnsized, ErrIDX) {
				t.Fatalf("error %v / %v does not wrap ErrIDX", err, errUnsized)
			}
			return
		}
		n := 1
		for _, d := range x.Dims {
			n *= d
		}
		if n != len(x.Data) {
			t.Fatalf("dims %v but %d values", x.Dims, len(x.Data))
		}
	})
}

// Closed form: bytes {0, 255} in equal numbers have mean ½ and variance ¼ in [0,1] units, so
// Scale = 1/√(¼ + 1/(12·255²)).
func TestFitScaling(t *testing.T) {
	s := FitScaling([]byte{0, 255, 0, 255})
	if math.Abs(s.Mean-0.5) > 1e-15 || math.Abs(s.Scale-1/math.Sqrt(0.25+DequantVar)) > 1e-12 {
		t.Fatalf("got %+v", s)
	}
	out := make([]float64, 2)
	s.Dequantize([]byte{0, 255}, nil, out)
	back := make([]float64, 2)
	s.Unscale(out, back)
	if math.Abs(back[0]) > 1e-12 || math.Abs(back[1]-1) > 1e-12 {
		t.Fatalf("Unscale(Dequantize) = %v, want [0 1]", back)
	}
}

// idxHeaderBytes returns the header of an unsigned-byte IDX array with the given dimensions.
func idxHeaderBytes(dims ...uint32) []byte {
	h := []byte{0, 0, 8, byte(len(dims))}
	for _, d := range dims {
		h = binary.BigEndian.AppendUint32(h, d)
	}
	return h
}

// A header may announce up to MaxIDXBytes; the reader allocates only as the values arrive,
// so a short input announcing a large array costs little, and a header announcing more than
// the limit is refused before anything is allocated for the values.
func TestReadIDXAllocatesOnlyWhatArrives(t *testing.T) {
	atLimit := idxHeaderBytes(1<<14, 1<<14)   // 2²⁸ bytes: the limit itself
	overLimit := idxHeaderBytes(1<<15, 1<<15) // 2³⁰ bytes
	huge := idxHeaderBytes(0xffffffff, 0xffffffff, 0xffffffff)
	cases := map[string]struct {
		in   io.Reader
		want string
	}{
		"at limit, 12 bytes":        {bytes.NewReader(atLimit), "truncated data"},
		"at limit, 10 values":       {bytes.NewReader(append(atLimit, make([]byte, 10)...)), "truncated data"},
		"at limit, gzip, 100 kB":    {bytes.NewReader(gz(append(atLimit, make([]byte, 100_000)...))), "truncated data"},
		"at limit, unsized, 100 kB": {io.MultiReader(bytes.NewReader(atLimit), bytes.NewReader(make([]byte, 100_000))), "truncated data"},
		"over limit":                {bytes.NewReader(overLimit), "limit"},
		"over limit, gzip":          {bytes.NewReader(gz(overLimit)), "limit"},
		"2⁹⁶ announced":             {bytes.NewReader(huge), "limit"},
		"one dimension 2³²−1":       {bytes.NewReader(idxHeaderBytes(0xffffffff)), "limit"},
	}
	for name, c := range cases {
		var err error
		n := allocatedBy(func() { _, err = ReadIDX(c.in) })
		if !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want ErrIDX mentioning %q", name, err, c.want)
		}
		if n > allocBound {
			t.Errorf("%s: allocated %d bytes, want ≤ %d", name, n, allocBound)
		}
	}
}

// Arrays larger than the reader's first chunk come back intact from every kind of source:
// sized (size checked, one allocation), unsized (grown as the values arrive) and gzip.
func TestReadIDXLargeArrays(t *testing.T) {
	data := make([]byte, 3<<20+5)
	for i := range data {
		data[i] = byte(i * 7 >> 3)
	}
	raw := encode(t, []int{3<<20 + 5}, data)
	sources := map[string]io.Reader{
		"sized":   bytes.NewReader(raw),
		"unsized": io.MultiReader(bytes.NewReader(raw[:100]), bytes.NewReader(raw[100:])),
		"gzip":    bytes.NewReader(gz(raw)),
	}
	for name, r := range sources {
		x, err := ReadIDX(r)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(x.Data, data) || cap(x.Data) != len(data) {
			t.Errorf("%s: %d values (cap %d) differ from the %d written", name, len(x.Data), cap(x.Data), len(data))
		}
	}
}

// Every truncation and every bit flip in the header of a small array, plain or gzip, and
// every bit flip in the gzip stream, is refused with an ErrIDX error (a flip in the values of
// a plain file is not detectable and gives an array of the same shape).
func TestReadIDXRefusesDamage(t *testing.T) {
	data := make([]byte, 24)
	for i := range data {
		data[i] = byte(i)
	}
	plain := encode(t, []int{2, 3, 4}, data)
	zipped := gz(plain)
	for name, good := range map[string][]byte{"plain": plain, "gzip": zipped} {
		for n := range len(good) {
			if _, err := ReadIDX(bytes.NewReader(good[:n])); !errors.Is(err, ErrIDX) {
				t.Errorf("%s truncated to %d bytes: err = %v, want ErrIDX", name, n, err)
			}
		}
	}
	for bit := range 8 * len(plain) {
		in := bytes.Clone(plain)
		in[bit/8] ^= 1 << (bit % 8)
		x, err := ReadIDX(bytes.NewReader(in))
		if bit < 8*16 && !errors.Is(err, ErrIDX) {
			t.Errorf("plain, header bit %d flipped: err = %v, want ErrIDX", bit, err)
		}
		if bit >= 8*16 && (err != nil || len(x.Data) != len(data)) {
			t.Errorf("plain, value bit %d flipped: err = %v", bit, err)
		}
		zin := gz(in)
		if bit < 8*16 {
			if _, err := ReadIDX(bytes.NewReader(zin)); !errors.Is(err, ErrIDX) {
				t.Errorf("gzip of a header with bit %d flipped: err = %v, want ErrIDX", bit, err)
			}
		}
	}
	// The gzip header's MTIME, XFL and OS bytes (4…9) are not covered by any check.
	for bit := 8 * 10; bit < 8*len(zipped); bit++ {
		in := bytes.Clone(zipped)
		in[bit/8] ^= 1 << (bit % 8)
		if x, err := ReadIDX(bytes.NewReader(in)); !errors.Is(err, ErrIDX) && (err != nil || !bytes.Equal(x.Data, data)) {
			t.Errorf("gzip stream bit %d flipped: err = %v, want ErrIDX", bit, err)
		}
	}
}

// ReadIDXFile names the file; a plain file whose size disagrees with its header is refused
// from the size alone.
func TestReadIDXFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.idx")
	good := encode(t, []int{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	for _, c := range []struct {
		in   []byte
		want string
	}{{good[:len(good)-2], "file holds 4"}, {append(bytes.Clone(good), 0, 0), "trailing data"}} {
		if err := os.WriteFile(p, c.in, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadIDXFile(p); !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want ErrIDX naming %s and mentioning %q", err, p, c.want)
		}
	}
	if err := os.WriteFile(p, good, 0o644); err != nil {
		t.Fatal(err)
	}
	if x, err := ReadIDXFile(p); err != nil || len(x.Data) != 6 {
		t.Fatalf("good file: %v", err)
	}
	if _, err := ReadIDXFile(filepath.Join(dir, "none")); err == nil || !strings.HasPrefix(err.Error(), "datasets: ") {
		t.Errorf("missing file: %v", err)
	}
}

// EncodeIDX refuses dimensions a header cannot hold instead of writing a wrong one.
func TestEncodeIDXRefusesBadDims(t *testing.T) {
	for _, dims := range [][]int{nil, {-1, -1}, {0}, {math.MaxInt}, make([]int, 256)} {
		if err := EncodeIDX(io.Discard, dims, []byte{1}); err == nil {
			t.Errorf("dims %v accepted for 1 value", dims)
		}
	}
}
