package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// HeartbeatMLP is the reverse model of the binary heartbeat experiment (paper App. D.1.2): an
// MLP with sigmoid units, D inputs and Depth hidden layers of H units shared across steps,
// then a readout H → D learned independently for each step t = 2…T, whose sigmoid is the
// Bernoulli rate f_b(x^(t), t) of x^(t−1). The paper's network is D = 20, H = 50, Depth = 3,
// T = 2000 (2,046,150 parameters, 2,038,980 of them in the 1,999 readouts).
//
// Inputs are encoded as 2x − 1 ∈ {−1, +1} (centred bits; the PyTorch peer measured ~1.7× faster
// training than 0/1). The network runs in float32; logits are returned in float64.
type HeartbeatMLP struct {
	D, H, T int
	Layers  []*nn.Dense
	// Readout row s = t − 2 is the readout of step t (t = 2…T; step 1 is fixed, eq. 44).
	Readout *nn.PerStepDense

	// scratch for ReverseLogits
	acts [][]float32
	out  []float32
}

// NewHeartbeatMLP initialises the hidden layers Glorot-normal with gain (4 is the usual
// sigmoid gain; the peer found PyTorch's default init ~10× slower to train) and zero biases,
// and the readouts to zero (f_b = ½ everywhere at the start).
func NewHeartbeatMLP(D, H, depth, T int, gain float64, rng *rand.Rand) (*HeartbeatMLP, error) {
	if D < 1 || H < 1 || depth < 1 || T < 2 {
		return nil, fmt.Errorf("diffusion: NewHeartbeatMLP: need D, H, depth ≥ 1 and T ≥ 2 (got %d, %d, %d, %d)", D, H, depth, T)
	}
	m := &HeartbeatMLP{D: D, H: H, T: T}
	in := D
	for l := 0; l < depth; l++ {
		m.Layers = append(m.Layers, nn.NewDense(fmt.Sprintf("hidden%d", l+1), in, H, gain, rng))
		in = H
	}
	m.Readout = nn.NewPerStepDense("readout", T-1, H, D, true, 0, rng)
	return m, nil
}

// Dim is D.
func (m *HeartbeatMLP) Dim() int { return m.D }

// TrunkParams are the parameters shared across steps; Params all of them.
func (m *HeartbeatMLP) TrunkParams() []*nn.Param {
	var ps []*nn.Param
	for _, l := range m.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}

// Params returns the trunk parameters followed by the readout's W and b.
func (m *HeartbeatMLP) Params() []*nn.Param {
	return append(m.TrunkParams(), m.Readout.Params()...)
}

// encodeBits writes 2x − 1 as float32.
func encodeBits(x []float64, dst []float32) {
	for i, v := range x {
		dst[i] = float32(2*v - 1)
	}
}

// trunkForward runs the shared layers on n encoded rows; acts[2l] is the pre-activation and
// acts[2l+1] the output of layer l. acts must hold 2·depth slices of at least n·H.
func (m *HeartbeatMLP) trunkForward(x32 []float32, n int, acts [][]float32) []float32 {
	in := x32
	for l, layer := range m.Layers {
		pre, post := acts[2*l][:n*m.H], acts[2*l+1][:n*m.H]
		layer.Forward(in, n, pre)
		nn.Sigmoid{}.Forward(pre, post)
		in = post
	}
	return in
}

// trunkBackward accumulates the trunk gradients from dh = dL/d(top hidden) (overwritten).
func (m *HeartbeatMLP) trunkBackward(x32 []float32, n int, acts [][]float32, dh, scratch []float32) {
	for l := len(m.Layers) - 1; l >= 0; l-- {
		pre, post := acts[2*l][:n*m.H], acts[2*l+1][:n*m.H]
		da := scratch[:n*m.H]
		nn.Sigmoid{}.Backward(pre, post, dh[:n*m.H], da)
		in := x32
		if l > 0 {
			in = acts[2*l-1][:n*m.H]
		}
		var dx []float32
		if l > 0 {
			dx = dh[:n*m.H]
		}
		m.Layers[l].Backward(in, n, da, dx)
	}
}

func growF32(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// ReverseLogits implements BinomialReverse: the logits of f_b(x^(t), t) for n rows at one step
// t ∈ [2, T] (the readout of a single step is one matrix product). Not safe for concurrent use.
func (m *HeartbeatMLP) ReverseLogits(xt []float64, n, t int, logits []float64) {
	if t < 2 || t > m.T {
		panic(fmt.Sprintf("diffusion: HeartbeatMLP.ReverseLogits: step %d outside [2,%d]", t, m.T))
	}
	if len(m.acts) != 2*len(m.Layers) {
		m.acts = make([][]float32, 2*len(m.Layers))
	}
	for i := range m.acts {
		m.acts[i] = growF32(m.acts[i], n*m.H)
	}
	x32 := growF32(m.out, n*m.D)
	encodeBits(xt[:n*m.D], x32)
	h := m.trunkForward(x32, n, m.acts)
	s := t - 2
	w := m.Readout.W.W[s*m.H*m.D : (s+1)*m.H*m.D]
	b := m.Readout.B.W[s*m.D : (s+1)*m.D]
	y := x32 // the encoded input is no longer needed
	for r := 0; r < n; r++ {
		copy(y[r*m.D:(r+1)*m.D], b)
	}
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas32.General{Rows: n, Cols: m.H, Stride: m.H, Data: h},
		blas32.General{Rows: m.H, Cols: m.D, Stride: m.D, Data: w},
		1, blas32.General{Rows: n, Cols: m.D, Stride: m.D, Data: y})
	for i, v := range y {
		logits[i] = float64(v)
	}
	m.out = x32
}

// InitExactReversal sets the network so that it computes (up to float32 rounding) the exact
// reversal of the stationary chain, p(x^(t−1) | x^(t)) = T_π(x^(t−1) | x^(t); β_t) — the
// reverse kernel that is optimal for data iid Bernoulli(ρ) and gives K = L_null exactly
// (PAPER.md §2.1, detailed balance). Training then starts from K = L_null (−14.44 bits for the
// heartbeat) instead of from f_b = ½ (about −4·10⁴ bits) and only has to learn the data's
// structure. The architecture is unchanged; this only chooses the starting point:
//
//   - in every hidden layer the first D units copy the input bits: unit i takes only bit i
//     (layer 1: weight a on the ±1 input; later layers: weight 2a′ and bias −a′ on the copy
//     below, a′ = a/(1−2ε)), so each copy unit is 1−ε or ε, ε = σ(−a), at every layer;
//   - the other H−D units keep their random initialisation (their outgoing readout weights
//     start at zero, and the copy units start with zero weights from them);
//   - the readout of step t maps copy unit i to bit i with the two logits
//     z_v = logit(x_i(1−β_t) + ρβ_t) for x_i = v ∈ {0,1}: W_ii = (z_1 − z_0)/(1−2ε),
//     b_i = z_0 − W_ii·ε, all other readout weights zero.
//
// It returns an error if H < D or the schedule's T differs from the model's.
func (m *HeartbeatMLP) InitExactReversal(s *BinomialSchedule, a float64) error {
	if m.H < m.D {
		return fmt.Errorf("diffusion: InitExactReversal: %d hidden units cannot copy %d bits", m.H, m.D)
	}
	if s.T != m.T {
		return fmt.Errorf("diffusion: InitExactReversal: schedule T = %d, model T = %d", s.T, m.T)
	}
	if !(a > 0) || math.IsInf(a, 0) {
		return fmt.Errorf("diffusion: InitExactReversal: gain a = %v must be positive", a)
	}
	eps := binomSigmoid(-a)
	a2 := a / (1 - 2*eps)
	for l, layer := range m.Layers {
		for i := 0; i < m.D; i++ {
			for k := 0; k < layer.In; k++ { // column i: the inputs of unit i
				layer.W.W[k*layer.Out+i] = 0
			}
			if l == 0 {
				layer.W.W[i*layer.Out+i] = float32(a)
				layer.B.W[i] = 0
			} else {
				layer.W.W[i*layer.Out+i] = float32(2 * a2)
				layer.B.W[i] = float32(-a2)
			}
		}
	}
	ro := m.Readout
	clear(ro.W.W)
	for t := 2; t <= m.T; t++ {
		r := t - 2
		z0 := binomLogit(s.StepRate(0, t))
		z1 := binomLogit(s.StepRate(1, t))
		w := (z1 - z0) / (1 - 2*eps)
		for i := 0; i < m.D; i++ {
			ro.W.W[r*m.H*m.D+i*m.D+i] = float32(w)
			ro.B.W[r*m.D+i] = float32(z0 - w*eps)
		}
	}
	return nil
}
