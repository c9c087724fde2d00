package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The gradient checks compare each backward pass against central finite differences of the
// scalar loss L = Σ r ⊙ y with a fixed random projection r. The layers run in float32, so the
// differences use step 1e-2 and the comparison a relative tolerance of 2e-2 on gradients whose
// scale is O(1): a wrong index or sign gives errors of order 1.

type fdCase struct {
	name   string
	params []*Param
	inputs []float32
	// loss runs the forward pass and returns L; grad runs forward+backward, accumulating
	// parameter gradients and returning dL/dinput.
	loss func() float64
	grad func() []float32
}

func checkGradients(t *testing.T, c fdCase) {
	t.Helper()
	ZeroGrads(c.params)
	dx := c.grad()
	const h = 1e-2
	check := func(what string, w []float32, analytic []float32) {
		for i := range w {
			old := w[i]
			w[i] = old + h
			lp := c.loss()
			w[i] = old - h
			lm := c.loss()
			w[i] = old
			num := (lp - lm) / (2 * h)
			got := float64(analytic[i])
			if math.Abs(num-got) > 2e-2*math.Max(1, math.Abs(num)) {
				t.Errorf("%s: %s[%d]: analytic %.5g, finite difference %.5g", c.name, what, i, got, num)
				return
			}
		}
	}
	for _, p := range c.params {
		check(p.Name, p.W, p.G)
	}
	if dx != nil {
		check("input", c.inputs, dx)
	}
}

func randSlice(rng *rand.Rand, n int, scale float64) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(scale * rng.NormFloat64())
	}
	return s
}

func dot64(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestDenseGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, in, out = 5, 4, 3
	d := NewDense("d", in, out, 1, rng)
	for i := range d.B.W {
		d.B.W[i] = float32(rng.NormFloat64())
	}
	x := randSlice(rng, n*in, 1)
	r := randSlice(rng, n*out, 1)
	y := make([]float32, n*out)
	checkGradients(t, fdCase{
		name: "Dense", params: d.Params(), inputs: x,
		loss: func() float64 { d.Forward(x, n, y); return dot64(r, y) },
		grad: func() []float32 {
			d.Forward(x, n, y)
			dx := make([]float32, n*in)
			d.Backward(x, n, r, dx)
			return dx
		},
	})
}

func TestActivationGradients(t *testing.T) {
	for _, a := range []struct {
		name string
		f    Activation
	}{{"LeakyReLU", LeakyReLU{Slope: 0.05}}, {"Sigmoid", Sigmoid{}}, {"Tanh", Tanh{}}, {"Softplus", Softplus{}}} {
		rng := rand.New(rand.NewPCG(3, 4))
		x := randSlice(rng, 20, 1.5)
		// keep LeakyReLU inputs away from the kink at 0, where the derivative jumps
		for i := range x {
			if math.Abs(float64(x[i])) < 0.05 {
				x[i] = 0.3
			}
		}
		r := randSlice(rng, 20, 1)
		y := make([]float32, 20)
		f := a.f
		checkGradients(t, fdCase{
			name: a.name, inputs: x,
			loss: func() float64 { f.Forward(x, y); return dot64(r, y) },
			grad: func() []float32 {
				f.Forward(x, y)
				dx := make([]float32, 20)
				f.Backward(x, y, r, dx)
				return dx
			},
		})
	}
}

func TestNormalizedRBFGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n, d, k = 6, 2, 16
	rbf := NewNormalizedRBF("rbf", d, k, -2, 2)
	for i := range rbf.Centres.W {
		rbf.Centres.W[i] += float32(0.1 * rng.NormFloat64())
	}
	x := randSlice(rng, n*d, 1)
	r := randSlice(rng, n*k, 1)
	h := make([]float32, n*k)
	checkGradients(t, fdCase{
		name: "NormalizedRBF", params: rbf.Params(), inputs: x,
		loss: func() float64 { rbf.Forward(x, n, h); return dot64(r, h) },
		grad: func() []float32 {
			rbf.Forward(x, n, h)
			dx := make([]float32, n*d)
			rbf.Backward(x, n, h, r, dx)
			return dx
		},
	})
	// The outputs are a partition of unity.
	rbf.Forward(x, n, h)
	for i := 0; i < n; i++ {
		var s float64
		for _, v := range h[i*k : (i+1)*k] {
			s += float64(v)
		}
		if math.Abs(s-1) > 1e-5 {
			t.Errorf("row %d sums to %v, want 1", i, s)
		}
	}
}

func TestPerStepDenseGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const steps, in, out = 3, 4, 2
	p := NewPerStepDense("ro", steps, in, out, true, 0.5, rng)
	for i := range p.B.W {
		p.B.W[i] = float32(rng.NormFloat64())
	}
	st := []int{0, 2, 2, 1, 0}
	n := len(st)
	x := randSlice(rng, n*in, 1)
	r := randSlice(rng, n*out, 1)
	y := make([]float32, n*out)
	checkGradients(t, fdCase{
		name: "PerStepDense", params: p.Params(), inputs: x,
		loss: func() float64 { p.Forward(x, st, y); return dot64(r, y) },
		grad: func() []float32 {
			p.Forward(x, st, y)
			dx := make([]float32, n*in)
			p.Backward(x, st, r, dx)
			return dx
		},
	})
}

// A two-layer network (Dense → Sigmoid → PerStepDense) composes the backward passes the way
// the heartbeat model does.
func TestComposedGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const in, hid, out, steps = 3, 5, 2, 4
	d := NewDense("d", in, hid, 4, rng)
	p := NewPerStepDense("ro", steps, hid, out, true, 0.5, rng)
	st := []int{3, 1, 0}
	n := len(st)
	x := randSlice(rng, n*in, 1)
	r := randSlice(rng, n*out, 1)
	a := make([]float32, n*hid)
	h := make([]float32, n*hid)
	y := make([]float32, n*out)
	fwd := func() { d.Forward(x, n, a); Sigmoid{}.Forward(a, h); p.Forward(h, st, y) }
	checkGradients(t, fdCase{
		name: "Dense→Sigmoid→PerStep", params: append(d.Params(), p.Params()...), inputs: x,
		loss: func() float64 { fwd(); return dot64(r, y) },
		grad: func() []float32 {
			fwd()
			dh := make([]float32, n*hid)
			p.Backward(h, st, r, dh)
			da := make([]float32, n*hid)
			Sigmoid{}.Backward(a, h, dh, da)
			dx := make([]float32, n*in)
			d.Backward(x, n, da, dx)
			return dx
		},
	})
}

// Adam and RMSProp must minimise a convex quadratic ½‖w − w*‖²; a sign error diverges.
func TestOptimizersMinimiseQuadratic(t *testing.T) {
	for _, opt := range []Optimizer{NewAdam(0.05), NewRMSProp(0.01)} {
		p := NewParam("w", 3)
		target := []float32{1, -2, 0.5}
		for range 2000 {
			for i := range p.W {
				p.G[i] = p.W[i] - target[i]
			}
			opt.Step([]*Param{p})
		}
		for i := range p.W {
			if math.Abs(float64(p.W[i]-target[i])) > 0.05 {
				t.Errorf("%T: w[%d] = %v, want %v", opt, i, p.W[i], target[i])
			}
		}
	}
}

// The first Adam step moves every parameter by lr·sign(g) (bias correction makes m̂ = g,
// v̂ = g², up to ε): a closed-form check of the update rule.
func TestAdamFirstStep(t *testing.T) {
	p := NewParam("w", 2)
	p.G[0], p.G[1] = 3, -0.5
	a := NewAdam(0.1)
	a.Step([]*Param{p})
	if math.Abs(float64(p.W[0])+0.1) > 1e-6 || math.Abs(float64(p.W[1])-0.1) > 1e-6 {
		t.Fatalf("first Adam step = %v, want [-0.1 0.1]", p.W)
	}
}
