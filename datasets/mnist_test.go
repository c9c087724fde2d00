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

// writeMNIST writes the four files into dir, gzip-compressed when zip is set.
func writeMNIST(t *testing.T, dir string, files [4][]byte, zip bool) {
	t.Helper()
	for i, b := range files {
		name := MNISTFiles[i]
		if zip {
			name, b = name+".gz", gz(b)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// LoadMNIST checks the split sizes: a directory of small, well-formed IDX files is refused
// with a message naming the dimensions, and a missing file is named.
func TestLoadMNISTValidates(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadMNIST(dir); err == nil || !strings.Contains(err.Error(), MNISTFiles[0]) {
		t.Fatalf("empty directory: %v", err)
	}
	writeMNIST(t, dir, [4][]byte{
		encode(t, []int{3, 28, 28}, make([]byte, 3*784)), encode(t, []int{3}, make([]byte, 3)),
		encode(t, []int{2, 28, 28}, make([]byte, 2*784)), encode(t, []int{2}, make([]byte, 2)),
	}, true)
	if _, err := LoadMNIST(dir); err == nil || !strings.Contains(err.Error(), "want [60000 28 28]") {
		t.Fatalf("3-image training set: %v", err)
	}
}

// The four headers are checked before any values are read: files announcing the right
// training set but truncated after a few bytes, next to a test-label file of the wrong length,
// are refused for the test labels, and neither that nor a truncated body costs the 47 MB the
// training header announces.
func TestLoadMNISTChecksHeadersFirst(t *testing.T) {
	body := make([]byte, 1000)
	trainImg := append(idxHeaderBytes(60000, 28, 28), body...)
	trainLab := append(idxHeaderBytes(60000), body...)
	testImg := append(idxHeaderBytes(10000, 28, 28), body...)
	for _, zip := range []bool{true, false} {
		dir := t.TempDir()
		writeMNIST(t, dir, [4][]byte{trainImg, trainLab, testImg, append(idxHeaderBytes(9999), body...)}, zip)
		var err error
		n := allocatedBy(func() { _, err = LoadMNIST(dir) })
		if !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), MNISTFiles[3]) || !strings.Contains(err.Error(), "test labels have dims [9999], want [10000]") {
			t.Errorf("gzip %v, 9999 test labels: err = %v", zip, err)
		}
		if n > allocBound {
			t.Errorf("gzip %v, 9999 test labels: allocated %d bytes, want ≤ %d", zip, n, allocBound)
		}
		writeMNIST(t, dir, [4][]byte{trainImg, trainLab, testImg, append(idxHeaderBytes(10000), body...)}, zip)
		n = allocatedBy(func() { _, err = LoadMNIST(dir) })
		if !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), MNISTFiles[0]) || !strings.Contains(err.Error(), "truncated data") {
			t.Errorf("gzip %v, truncated training images: err = %v", zip, err)
		}
		if n > allocBound {
			t.Errorf("gzip %v, truncated training images: allocated %d bytes, want ≤ %d", zip, n, allocBound)
		}
	}
}

// tinyMNIST is a well-formed split of the shape tinyShape: 3 training and 2 test images of
// 2×2 pixels.
var tinyShape = mnistShape{train: 3, test: 2, rows: 2, cols: 2}

func tinyMNIST(t testing.TB) [4][]byte {
	return [4][]byte{
		encode(t, []int{3, 2, 2}, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}), encode(t, []int{3}, []byte{0, 5, 9}),
		encode(t, []int{2, 2, 2}, []byte{255, 254, 253, 252, 251, 250, 249, 248}), encode(t, []int{2}, []byte{1, 2}),
	}
}

func readTiny(files [4][]byte) (*MNIST, error) {
	var src [4]io.Reader
	for i, b := range files {
		src[i] = bytes.NewReader(b)
	}
	return readMNIST(src, MNISTFiles, tinyShape)
}

// A well-formed split loads; every truncation of any file, a label above 9 and every bit flip
// in the headers are refused with an ErrIDX error.
func TestReadMNISTRefusesDamage(t *testing.T) {
	good := tinyMNIST(t)
	m, err := readTiny(good)
	if err != nil {
		t.Fatal(err)
	}
	if m.NumTrain != 3 || m.NumTest != 2 || m.Pixels() != 4 || m.TrainLabels[2] != 9 || m.TestImages[7] != 248 {
		t.Fatalf("got %+v", m)
	}
	bad := func(what string, files [4][]byte) {
		t.Helper()
		if _, err := readTiny(files); !errors.Is(err, ErrIDX) {
			t.Errorf("%s: err = %v, want ErrIDX", what, err)
		}
	}
	for i := range good {
		for n := range len(good[i]) {
			files := good
			files[i] = good[i][:n]
			bad(MNISTFiles[i]+" truncated", files)
		}
		for bit := range 8 * (4 + 4*int(good[i][3])) { // the header's bits
			files := good
			files[i] = bytes.Clone(good[i])
			files[i][bit/8] ^= 1 << (bit % 8)
			bad(MNISTFiles[i]+" header bit flip", files)
		}
	}
	files := good
	files[3] = encode(t, []int{2}, []byte{1, 10})
	bad("label 10", files)
}

func FuzzReadMNIST(f *testing.F) {
	good := tinyMNIST(f)
	f.Add(good[0], good[1], good[2], good[3])
	f.Add(gz(good[0]), good[1], gz(good[2]), good[3])
	f.Add(good[0][:10], good[1], good[2], good[3][:len(good[3])-1])
	f.Add(idxHeaderBytes(60000, 28, 28), good[1], good[2], good[3])
	f.Fuzz(func(t *testing.T, trainImg, trainLab, testImg, testLab []byte) {
		m, err := readTiny([4][]byte{trainImg, trainLab, testImg, testLab})
		if err != nil {
			if !errors.Is(err, ErrIDX) {
				t.Fatalf("error %v does not wrap ErrIDX", err)
			}
			return
		}
		if len(m.TrainImages) != 12 || len(m.TrainLabels) != 3 || len(m.TestImages) != 8 || len(m.TestLabels) != 2 {
			t.Fatalf("sizes %d %d %d %d", len(m.TrainImages), len(m.TrainLabels), len(m.TestImages), len(m.TestLabels))
		}
		for _, l := range append(bytes.Clone(m.TrainLabels), m.TestLabels...) {
			if l > 9 {
				t.Fatalf("label %d accepted", l)
			}
		}
	})
}
