package diffusion

import (
	"errors"
	"fmt"
	"math"
)

// ODEFunc writes dy/dt at (t, y) into dy (len(dy) == len(y)).
type ODEFunc func(t float64, y, dy []float64)

// ODESettings controls DormandPrince; a nil pointer means the defaults.
type ODESettings struct {
	// RTol and ATol set the per-component error tolerance atol + rtol·max(|y|, |y_new|)
	// (defaults 1e-6 and 1e-8).
	RTol, ATol float64
	// H0 is the first step size (0: chosen from the derivative at the start, Hairer et al.
	// 1993 §II.4).
	H0 float64
	// MaxSteps bounds the accepted plus rejected steps (default 100000).
	MaxSteps int
}

// ODEStats reports the work DormandPrince did.
type ODEStats struct {
	Accepted, Rejected, Evals int
}

// ErrODE is returned (wrapped) when the integrator cannot reach the end point.
var ErrODE = errors.New("diffusion: ODE integration failed")

// Dormand–Prince 5(4) coefficients (Dormand & Prince 1980; Hairer, Nørsett & Wanner 1993,
// Table II.5.2): stages c, matrix a, 5th-order weights b (= the 7th row, FSAL) and the error
// weights e = b − b̂ (b̂ the embedded 4th-order weights).
var (
	dpC = [7]float64{0, 1. / 5, 3. / 10, 4. / 5, 8. / 9, 1, 1}
	dpA = [7][6]float64{
		{},
		{1. / 5},
		{3. / 40, 9. / 40},
		{44. / 45, -56. / 15, 32. / 9},
		{19372. / 6561, -25360. / 2187, 64448. / 6561, -212. / 729},
		{9017. / 3168, -355. / 33, 46732. / 5247, 49. / 176, -5103. / 18656},
		{35. / 384, 0, 500. / 1113, 125. / 192, -2187. / 6784, 11. / 84},
	}
	dpE = [7]float64{71. / 57600, 0, -71. / 16695, 71. / 1920, -17253. / 339200, 22. / 525, -1. / 40}
)

// DormandPrince integrates dy/dt = f(t, y) from t0 to t1 (either direction) with the explicit
// Runge–Kutta pair of Dormand and Prince, order 5 with an embedded order-4 error estimate,
// local extrapolation, first-same-as-last, and the standard step-size controller
// h ← h·min(5, max(0.2, 0.9·err^(−1/5))) on the RMS norm of the scaled error. y holds the
// initial value and receives y(t1).
func DormandPrince(f ODEFunc, t0, t1 float64, y []float64, set *ODESettings) (ODEStats, error) {
	cfg := ODESettings{RTol: 1e-6, ATol: 1e-8, MaxSteps: 100000}
	if set != nil {
		if set.RTol > 0 {
			cfg.RTol = set.RTol
		}
		if set.ATol > 0 {
			cfg.ATol = set.ATol
		}
		if set.H0 > 0 {
			cfg.H0 = set.H0
		}
		if set.MaxSteps > 0 {
			cfg.MaxSteps = set.MaxSteps
		}
	}
	var st ODEStats
	n := len(y)
	if t0 == t1 || n == 0 {
		return st, nil
	}
	dir := 1.0
	if t1 < t0 {
		dir = -1
	}
	var k [7][]float64
	for i := range k {
		k[i] = make([]float64, n)
	}
	ytmp := make([]float64, n)
	ynew := make([]float64, n)
	f(t0, y, k[0])
	st.Evals++
	norm := func(v, a, b []float64) float64 { // RMS of v / (atol + rtol·max(|a|,|b|))
		var s float64
		for i, x := range v {
			sc := cfg.ATol + cfg.RTol*math.Max(math.Abs(a[i]), math.Abs(b[i]))
			s += (x / sc) * (x / sc)
		}
		return math.Sqrt(s / float64(n))
	}
	h := cfg.H0
	if h == 0 { // Hairer's starting step: h = 0.01·‖y‖/‖f‖, capped by the interval
		d0, d1 := norm(y, y, y), norm(k[0], y, y)
		h = 1e-6
		if d0 > 1e-5 && d1 > 1e-5 {
			h = 0.01 * d0 / d1
		}
	}
	h = math.Min(h, math.Abs(t1-t0))
	t := t0
	for {
		if st.Accepted+st.Rejected >= cfg.MaxSteps {
			return st, fmt.Errorf("%w: %d steps did not reach t = %g (at %g)", ErrODE, cfg.MaxSteps, t1, t)
		}
		last := false
		if rem := math.Abs(t1 - t); h >= rem*(1-1e-12) {
			h, last = rem, true
		}
		hs := dir * h
		for s := 1; s < 7; s++ {
			dst := ytmp
			if s == 6 {
				dst = ynew // the 7th row of a is the 5th-order solution (FSAL)
			}
			for i := range dst {
				acc := 0.0
				for j := 0; j < s; j++ {
					acc += dpA[s][j] * k[j][i]
				}
				dst[i] = y[i] + hs*acc
			}
			f(t+dpC[s]*hs, dst, k[s])
			st.Evals++
		}
		for i := range ytmp {
			acc := 0.0
			for j := 0; j < 7; j++ {
				acc += dpE[j] * k[j][i]
			}
			ytmp[i] = hs * acc
		}
		e := norm(ytmp, y, ynew)
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return st, fmt.Errorf("%w: non-finite state at t = %g", ErrODE, t)
		}
		if e <= 1 {
			st.Accepted++
			copy(y, ynew)
			copy(k[0], k[6])
			if last {
				return st, nil
			}
			t += hs
		} else {
			st.Rejected++
		}
		fac := 5.0
		if e > 0 {
			fac = math.Min(5, math.Max(0.2, 0.9*math.Pow(e, -0.2)))
		}
		h *= fac
		if h < 1e-14*math.Max(1, math.Abs(t)) {
			return st, fmt.Errorf("%w: step size underflow at t = %g", ErrODE, t)
		}
	}
}
