package diffusion

import (
	"math"
	"testing"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// checkNetGradients compares a ReverseNet's Backward with central finite differences of
// L = Σ r ⊙ Forward(x, ts), for every parameter and every input value: step 1e-2, relative
// tolerance 2e-2 as in nn/gradcheck_test.go (use a smooth activation). It stops at the first
// mismatch of each tensor.
func checkNetGradients(t *testing.T, label string, net ReverseNet, x []float32, ts []int, r []float32) {
	t.Helper()
	out := make([]float32, len(r))
	loss := func() float64 { net.Forward(x, ts, out); return dot32(r, out) }
	ps := net.Params()
	nn.ZeroGrads(ps)
	net.Forward(x, ts, out)
	dx := make([]float32, len(x))
	net.Backward(x, ts, r, dx)
	const h = 1e-2
	check := func(what string, w, g []float32) {
		for i := range w {
			old := w[i]
			w[i] = old + h
			lp := loss()
			w[i] = old - h
			lm := loss()
			w[i] = old
			num := (lp - lm) / (2 * h)
			if math.Abs(num-float64(g[i])) > 2e-2*math.Max(1, math.Abs(num)) {
				t.Errorf("%s: %s[%d]: analytic %.5g, finite difference %.5g", label, what, i, g[i], num)
				return
			}
		}
	}
	for _, p := range ps {
		check(p.Name, p.W, p.G)
	}
	check("x", x, dx)
}
