package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// Dense is the affine layer y = x W + b with W an In×Out row-major matrix.
type Dense struct {
	In, Out int
	W, B    *Param
}

// NewDense initialises W from N(0, gain²·2/(In+Out)) (Glorot normal scaled by gain) and b = 0.
func NewDense(name string, in, out int, gain float64, rng *rand.Rand) *Dense {
	d := &Dense{In: in, Out: out, W: NewParam(name+".W", in*out), B: NewParam(name+".b", out)}
	std := gain * math.Sqrt(2/float64(in+out))
	for i := range d.W.W {
		d.W.W[i] = float32(std * rng.NormFloat64())
	}
	return d
}

// Params returns W and b.
func (d *Dense) Params() []*Param { return []*Param{d.W, d.B} }

func (d *Dense) check(x []float32, n int, y []float32, what string) {
	if len(x) != n*d.In || len(y) != n*d.Out {
		panic(fmt.Sprintf("nn: Dense.%s: x has %d (want %d×%d), y has %d (want %d×%d)", what, len(x), n, d.In, len(y), n, d.Out))
	}
}

// Forward computes y = x W + b for the n rows of x.
func (d *Dense) Forward(x []float32, n int, y []float32) {
	d.check(x, n, y, "Forward")
	for i := 0; i < n; i++ {
		copy(y[i*d.Out:(i+1)*d.Out], d.B.W)
	}
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas32.General{Rows: n, Cols: d.In, Stride: d.In, Data: x},
		blas32.General{Rows: d.In, Cols: d.Out, Stride: d.Out, Data: d.W.W},
		1, blas32.General{Rows: n, Cols: d.Out, Stride: d.Out, Data: y})
}

// Backward accumulates dL/dW += xᵀ dy and dL/db += Σ_rows dy, and sets dx = dy Wᵀ if dx != nil.
func (d *Dense) Backward(x []float32, n int, dy []float32, dx []float32) {
	d.check(x, n, dy, "Backward")
	blas32.Gemm(blas.Trans, blas.NoTrans, 1,
		blas32.General{Rows: n, Cols: d.In, Stride: d.In, Data: x},
		blas32.General{Rows: n, Cols: d.Out, Stride: d.Out, Data: dy},
		1, blas32.General{Rows: d.In, Cols: d.Out, Stride: d.Out, Data: d.W.G})
	gb := d.B.G
	for i := 0; i < n; i++ {
		row := dy[i*d.Out : (i+1)*d.Out]
		for j, v := range row {
			gb[j] += v
		}
	}
	if dx != nil {
		if len(dx) != n*d.In {
			panic("nn: Dense.Backward: dx has the wrong length")
		}
		blas32.Gemm(blas.NoTrans, blas.Trans, 1,
			blas32.General{Rows: n, Cols: d.Out, Stride: d.Out, Data: dy},
			blas32.General{Rows: d.In, Cols: d.Out, Stride: d.Out, Data: d.W.W},
			0, blas32.General{Rows: n, Cols: d.In, Stride: d.In, Data: dx})
	}
}
