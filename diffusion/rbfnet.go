package diffusion

import (
	"fmt"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// RBFNet is the paper's Swiss roll reverse network (App. D.1.1): a normalized radial-basis-
// function layer with K hidden units shared across time and both functions, and a linear
// readout learned independently for each step t = 2…T producing (z^μ, z^β) ∈ R^{2D}. The
// readout has no bias: the hidden units sum to one, so a bias would be redundant.
// Zero-initialised readouts make the untrained model the forward kernel run backwards.
type RBFNet struct {
	D, T    int
	RBF     *nn.NormalizedRBF
	Readout *nn.PerStepDense // steps indexed t − 2

	h, dh []float32
	idx   []int
}

// NewRBFNet returns an RBF reverse network for D-dimensional data with units hidden units
// (a perfect D-th power: 16 = 4×4 in 2-D, centres on a grid over [−2, 2]^D).
func NewRBFNet(D, T, units int, rng *rand.Rand) (*RBFNet, error) {
	if T < 2 {
		return nil, fmt.Errorf("diffusion: NewRBFNet: T must be at least 2, got %d", T)
	}
	return &RBFNet{
		D: D, T: T,
		RBF:     nn.NewNormalizedRBF("rbf", D, units, -2, 2),
		Readout: nn.NewPerStepDense("readout", T-1, units, 2*D, false, 0, rng),
	}, nil
}

func (r *RBFNet) Dim() int   { return r.D }
func (r *RBFNet) Steps() int { return r.T }

func (r *RBFNet) Params() []*nn.Param { return append(r.RBF.Params(), r.Readout.Params()...) }

func (r *RBFNet) steps(t []int) []int {
	r.idx = grow(r.idx, len(t))
	for i, v := range t {
		if v < 2 || v > r.T {
			panic(fmt.Sprintf("diffusion: RBFNet: step %d outside [2,%d]", v, r.T))
		}
		r.idx[i] = v - 2
	}
	return r.idx
}

func (r *RBFNet) Forward(x []float32, t []int, out []float32) {
	n := len(t)
	r.h = grow(r.h, n*r.RBF.K)
	r.RBF.Forward(x, n, r.h)
	r.Readout.Forward(r.h, r.steps(t), out)
}

func (r *RBFNet) Backward(x []float32, t []int, dout []float32, dx []float32) {
	n := len(t)
	r.dh = grow(r.dh, n*r.RBF.K)
	r.Readout.Backward(r.h, r.steps(t), dout, r.dh)
	r.RBF.Backward(x, n, r.h, r.dh, dx)
}
