package diffusion

import (
	"fmt"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// MLPNet is a multilayer perceptron shared across time with a per-step readout (t = 2…T):
// D → H → … → H with a LeakyReLU(0.05) after each hidden layer (the reference code's
// nonlinearity), then y_t = h W_t + b_t ∈ R^{2D}, zero-initialised. It is the higher-capacity
// alternative to the paper's RBF network.
type MLPNet struct {
	D, T    int
	Layers  []*nn.Dense
	Act     nn.LeakyReLU
	Readout *nn.PerStepDense

	pre, post [][]float32 // per layer: pre-activation, post-activation
	dpost     [][]float32 // per layer: gradient with respect to post
	grad      []float32
	idx       []int
}

// NewMLPNet returns an MLP with the given hidden widths.
func NewMLPNet(D, T int, hidden []int, rng *rand.Rand) (*MLPNet, error) {
	if T < 2 || len(hidden) == 0 {
		return nil, fmt.Errorf("diffusion: NewMLPNet: need T ≥ 2 and at least one hidden layer")
	}
	m := &MLPNet{D: D, T: T, Act: nn.LeakyReLU{Slope: 0.05}}
	in := D
	for i, h := range hidden {
		m.Layers = append(m.Layers, nn.NewDense(fmt.Sprintf("mlp%d", i), in, h, 1.4, rng))
		in = h
	}
	m.Readout = nn.NewPerStepDense("readout", T-1, in, 2*D, true, 0, rng)
	return m, nil
}

func (m *MLPNet) Dim() int   { return m.D }
func (m *MLPNet) Steps() int { return m.T }

func (m *MLPNet) Params() []*nn.Param {
	var ps []*nn.Param
	for _, l := range m.Layers {
		ps = append(ps, l.Params()...)
	}
	return append(ps, m.Readout.Params()...)
}

func (m *MLPNet) steps(t []int) []int {
	m.idx = grow(m.idx, len(t))
	for i, v := range t {
		if v < 2 || v > m.T {
			panic(fmt.Sprintf("diffusion: MLPNet: step %d outside [2,%d]", v, m.T))
		}
		m.idx[i] = v - 2
	}
	return m.idx
}

func (m *MLPNet) Forward(x []float32, t []int, out []float32) {
	n := len(t)
	if len(m.pre) != len(m.Layers) {
		m.pre = make([][]float32, len(m.Layers))
		m.post = make([][]float32, len(m.Layers))
	}
	in := x
	for i, l := range m.Layers {
		m.pre[i] = grow(m.pre[i], n*l.Out)
		m.post[i] = grow(m.post[i], n*l.Out)
		l.Forward(in, n, m.pre[i])
		m.Act.Forward(m.pre[i], m.post[i])
		in = m.post[i]
	}
	m.Readout.Forward(in, m.steps(t), out)
}

func (m *MLPNet) Backward(x []float32, t []int, dout []float32, dx []float32) {
	n := len(t)
	last := len(m.Layers) - 1
	if len(m.dpost) != len(m.Layers) {
		m.dpost = make([][]float32, len(m.Layers))
	}
	for i, l := range m.Layers {
		m.dpost[i] = grow(m.dpost[i], n*l.Out)
	}
	m.Readout.Backward(m.post[last], m.steps(t), dout, m.dpost[last])
	for i := last; i >= 0; i-- {
		l := m.Layers[i]
		m.grad = grow(m.grad, n*l.Out)
		m.Act.Backward(m.pre[i], m.post[i], m.dpost[i], m.grad)
		if i > 0 {
			l.Backward(m.post[i-1], n, m.grad, m.dpost[i-1])
		} else {
			l.Backward(x, n, m.grad, dx)
		}
	}
}
