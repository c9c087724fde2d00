package datasets

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"os"
	"path/filepath"
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
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrIDX) {
				t.Fatalf("error %v does not wrap ErrIDX", err)
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

// LoadMNIST checks the split sizes: a directory of small, well-formed IDX files is refused
// with a message naming the dimensions, and a missing file is named.
func TestLoadMNISTValidates(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadMNIST(dir); err == nil {
		t.Fatal("empty directory accepted")
	}
	write := func(name string, dims []int, n int) {
		if err := os.WriteFile(filepath.Join(dir, name+".gz"), gz(encode(t, dims, make([]byte, n))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(MNISTFiles[0], []int{3, 28, 28}, 3*784)
	write(MNISTFiles[1], []int{3}, 3)
	write(MNISTFiles[2], []int{2, 28, 28}, 2*784)
	write(MNISTFiles[3], []int{2}, 2)
	if _, err := LoadMNIST(dir); err == nil {
		t.Fatal("3-image training set accepted as MNIST")
	}
}
