package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/diffusion/nn/internal/vec"
)

// PerStepDense is an affine readout learned independently for each diffusion step:
// y_i = x_i W_{s_i} + b_{s_i}, where s_i ∈ [0, Steps) is row i's step index. This is the
// paper's "readout layer learned independently for each time step" (App. D.1).
type PerStepDense struct {
	Steps, In, Out int
	W              *Param // Steps × In × Out
	B              *Param // Steps × Out; nil when the layer has no bias
}

// NewPerStepDense returns a readout with weights from N(0, std²) (std = 0 gives zeros) and zero
// biases, or no bias when bias is false.
func NewPerStepDense(name string, steps, in, out int, bias bool, std float64, rng *rand.Rand) *PerStepDense {
	p := &PerStepDense{Steps: steps, In: in, Out: out, W: NewParam(name+".W", steps*in*out)}
	if bias {
		p.B = NewParam(name+".b", steps*out)
	}
	if std != 0 {
		for i := range p.W.W {
			p.W.W[i] = float32(std * rng.NormFloat64())
		}
	}
	return p
}

// Params returns W (and b).
func (p *PerStepDense) Params() []*Param {
	if p.B == nil {
		return []*Param{p.W}
	}
	return []*Param{p.W, p.B}
}

func (p *PerStepDense) check(x []float32, steps []int, y []float32) {
	n := len(steps)
	if len(x) != n*p.In || len(y) != n*p.Out {
		panic(fmt.Sprintf("nn: PerStepDense: x has %d (want %d×%d), y has %d (want %d×%d)", len(x), n, p.In, len(y), n, p.Out))
	}
	for _, s := range steps {
		if s < 0 || s >= p.Steps {
			panic(fmt.Sprintf("nn: PerStepDense: step %d outside [0,%d)", s, p.Steps))
		}
	}
}

// Forward computes y (n×Out) for the n = len(steps) rows of x.
func (p *PerStepDense) Forward(x []float32, steps []int, y []float32) {
	p.check(x, steps, y)
	for i, s := range steps {
		xi := x[i*p.In : (i+1)*p.In]
		yi := y[i*p.Out : (i+1)*p.Out]
		if p.B != nil {
			copy(yi, p.B.W[s*p.Out:(s+1)*p.Out])
		} else {
			clear(yi)
		}
		w := p.W.W[s*p.In*p.Out : (s+1)*p.In*p.Out]
		for k, xv := range xi {
			if xv == 0 {
				continue
			}
			vec.Axpy(xv, w[k*p.Out:(k+1)*p.Out], yi)
		}
	}
}

// Backward accumulates W_s and b_s gradients of each row's step and writes dx if non-nil.
func (p *PerStepDense) Backward(x []float32, steps []int, dy, dx []float32) {
	p.check(x, steps, dy)
	for i, s := range steps {
		xi := x[i*p.In : (i+1)*p.In]
		dyi := dy[i*p.Out : (i+1)*p.Out]
		if p.B != nil {
			gb := p.B.G[s*p.Out : (s+1)*p.Out]
			for j, v := range dyi {
				gb[j] += v
			}
		}
		w := p.W.W[s*p.In*p.Out : (s+1)*p.In*p.Out]
		gw := p.W.G[s*p.In*p.Out : (s+1)*p.In*p.Out]
		for k, xv := range xi {
			acc := vec.AxpyDot(xv, dyi, gw[k*p.Out:(k+1)*p.Out], w[k*p.Out:(k+1)*p.Out])
			if dx != nil {
				dx[i*p.In+k] = acc
			}
		}
	}
}

// GlorotStd is the Glorot-normal standard deviation √(2/(in+out)).
func GlorotStd(in, out int) float64 { return math.Sqrt(2 / float64(in+out)) }
