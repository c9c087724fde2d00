package diffusion

import (
	"errors"
	"math"
	"testing"
)

// DormandPrince against ODEs with closed-form solutions, forward and backward in time:
//
//	y' = −2y, y(0) = 1:                 y(t) = e^{−2t}
//	harmonic oscillator y'' = −y:        (cos t, −sin t) from (1, 0)
//	logistic y' = y(1 − y), y(0) = 0.1:  y(t) = 1/(1 + 9e^{−t})
//	y' = cos(t)·y, y(0) = 1:             y(t) = e^{sin t}
//
// The global error must be within 100× the relative tolerance 1e-8 (a local-error controller
// gives global errors of a small multiple of the tolerance on these non-stiff problems).
func TestDormandPrinceClosedForms(t *testing.T) {
	cases := []struct {
		name   string
		f      ODEFunc
		y0     []float64
		t0, t1 float64
		exact  func(t float64) []float64
	}{
		{"decay", func(_ float64, y, dy []float64) { dy[0] = -2 * y[0] }, []float64{1}, 0, 3,
			func(t float64) []float64 { return []float64{math.Exp(-2 * t)} }},
		{"oscillator", func(_ float64, y, dy []float64) { dy[0], dy[1] = y[1], -y[0] }, []float64{1, 0}, 0, 10,
			func(t float64) []float64 { return []float64{math.Cos(t), -math.Sin(t)} }},
		{"logistic", func(_ float64, y, dy []float64) { dy[0] = y[0] * (1 - y[0]) }, []float64{0.1}, 0, 8,
			func(t float64) []float64 { return []float64{1 / (1 + 9*math.Exp(-t))} }},
		{"time-dependent", func(t float64, y, dy []float64) { dy[0] = math.Cos(t) * y[0] }, []float64{1}, 0, 7,
			func(t float64) []float64 { return []float64{math.Exp(math.Sin(t))} }},
	}
	set := &ODESettings{RTol: 1e-8, ATol: 1e-10}
	for _, c := range cases {
		for _, backward := range []bool{false, true} {
			t0, t1, y := c.t0, c.t1, append([]float64(nil), c.y0...)
			if backward {
				t0, t1, y = c.t1, c.t0, c.exact(c.t1)
			}
			st, err := DormandPrince(c.f, t0, t1, y, set)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			want := c.exact(t1)
			for i := range y {
				if e := math.Abs(y[i] - want[i]); e > 1e-6*(1+math.Abs(want[i])) {
					t.Errorf("%s (backward %v): y_%d = %.12g, exact %.12g (error %.2g, %d steps)", c.name, backward, i, y[i], want[i], e, st.Accepted)
				}
			}
		}
	}
}

// The error falls like the 5th power of the step: tightening the tolerance 1e-4 → 1e-8 on the
// oscillator cuts the error by more than 100× (and the step count grows like tol^(−1/5)).
func TestDormandPrinceConverges(t *testing.T) {
	f := func(_ float64, y, dy []float64) { dy[0], dy[1] = y[1], -y[0] }
	errAt := func(tol float64) (float64, int) {
		y := []float64{1, 0}
		st, err := DormandPrince(f, 0, 20, y, &ODESettings{RTol: tol, ATol: tol})
		if err != nil {
			t.Fatal(err)
		}
		return math.Hypot(y[0]-math.Cos(20), y[1]+math.Sin(20)), st.Accepted
	}
	e1, n1 := errAt(1e-4)
	e2, n2 := errAt(1e-8)
	if !(e2 < e1/100) || !(n2 > n1) {
		t.Errorf("tol 1e-4: error %g in %d steps; tol 1e-8: error %g in %d steps", e1, n1, e2, n2)
	}
}

// A blow-up (y' = y², y(0) = 1, singular at t = 1) is reported as ErrODE, not returned as Inf.
func TestDormandPrinceBlowUp(t *testing.T) {
	y := []float64{1}
	_, err := DormandPrince(func(_ float64, y, dy []float64) { dy[0] = y[0] * y[0] }, 0, 2, y, &ODESettings{MaxSteps: 2000})
	if !errors.Is(err, ErrODE) {
		t.Errorf("blow-up: err = %v, y = %v", err, y)
	}
}
