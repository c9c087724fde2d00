package diffusion

import (
	"fmt"
	"math"
)

// The probability-flow ODE of a trained discrete-time model (Song et al. 2021, PAPER.md §9).
//
// Continuous time τ ∈ [0, T]; step t of the chain is the unit interval (t−1, t]. The
// discrete model is extended to continuous time by two documented interpolations:
//
//   - β(τ) is piecewise constant, β(τ) = −ln(1 − β_t) on (t−1, t], so that
//     exp(−∫_0^t β) = ᾱ_t exactly: the VP-SDE dx = −½β x dτ + √β dw has the chain's marginal
//     scales at every integer τ.
//   - the score s(x, τ) is linear in τ between the knots τ = t, where s_t(x) is the score of
//     q_t implied by the reverse mean of step t (Parameterization.ScoreAt: Tweedie's formula
//     for the one-step kernel, exact for the true reversal; −ε/√(1−ᾱ_t) for an ε model).
//     Knots exist for t = 2…T only (step 1 is the fixed edge step of eq. 44, whose mean
//     √(1−β_1)x implies π's score, not q_1's), so s(x, τ) = s_2(x) on [0, 2].
//
// The flow dx/dτ = f(x, τ) = −½β(τ)[x + s(x, τ)] then carries a data point x(0) to x(T), and
// the instantaneous change of variables gives
//
//	ln p_0(x(0)) = ln π(x(T)) + ∫_0^T ∇·f dτ,   ∇·f = −½β(τ)[D + tr ∂s/∂x],
//
// with the exact trace from D backward passes through the network (dx of ReverseNet.Backward)
// plus the parameterization's direct dependence on x. This is the log-density of a different
// model than the discrete chain (the deterministic flow of the learned score), reported beside
// K and the eq. 9 estimate.

// ODELogLikResult is the probability-flow log-likelihood of a set of points.
type ODELogLikResult struct {
	// LogLik[i] is ln p_0(x_i) in nats.
	LogLik []float64
	// MeanBits and StdErrBits: the mean over points in bits and its standard error.
	MeanBits, StdErrBits float64
	Stats                ODEStats
}

// odeKnot evaluates the implied score s_t and the trace of its Jacobian at the points x (n×D)
// for knot t ∈ [2, T].
type odeKnot struct {
	x32, out, dout, dx []float32
}

func (m *Model) scoreTrace(x []float64, t int, k *odeKnot, sc, tr []float64) {
	D := m.Net.Dim()
	n := len(x) / D
	ts := constSteps(n, t)
	k.x32 = grow(k.x32, n*D)
	k.out = grow(k.out, n*2*D)
	k.dout = grow(k.dout, n*2*D)
	k.dx = grow(k.dx, n*D)
	for i, v := range x {
		k.x32[i] = float32(v)
	}
	m.Net.Forward(k.x32, ts, k.out)
	dZm := make([]float64, n*D)
	dZb := make([]float64, n*D)
	for i := 0; i < n; i++ {
		tr[i] = 0
		for d := 0; d < D; d++ {
			s, dX, a, b := m.Param.ScoreAt(m.Sched, t, x[i*D+d], float64(k.out[i*2*D+d]), float64(k.out[i*2*D+D+d]))
			sc[i*D+d] = s
			tr[i] += dX
			dZm[i*D+d], dZb[i*D+d] = a, b
		}
	}
	for d := 0; d < D; d++ { // ∂s_d/∂x_d through the network: one backward pass per coordinate
		if d > 0 {
			m.Net.Forward(k.x32, ts, k.out)
		}
		clear(k.dout)
		for i := 0; i < n; i++ {
			k.dout[i*2*D+d] = float32(dZm[i*D+d])
			k.dout[i*2*D+D+d] = float32(dZb[i*D+d])
		}
		m.Net.Backward(k.x32, ts, k.dout, k.dx)
		for i := 0; i < n; i++ {
			tr[i] += float64(k.dx[i*D+d])
		}
	}
}

// ODELogLik integrates the probability-flow ODE (above) from each point of x0 (n×D) to τ = T
// with DormandPrince, one unit interval at a time (β(τ) jumps at integers), the points of a
// chunk sharing step sizes (the error norm covers them all). set nil means RTol = ATol = 1e-5.
func (m *Model) ODELogLik(x0 []float64, set *ODESettings) (ODELogLikResult, error) {
	D := m.Net.Dim()
	if D == 0 || len(x0) == 0 || len(x0)%D != 0 {
		return ODELogLikResult{}, fmt.Errorf("diffusion: ODELogLik: %d values is not a whole number of %d-D points", len(x0), D)
	}
	if set == nil {
		set = &ODESettings{RTol: 1e-5, ATol: 1e-5}
	}
	n := len(x0) / D
	T := m.Sched.T
	res := ODELogLikResult{LogLik: make([]float64, n)}
	const chunk = 500
	var k odeKnot
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		c := hi - lo
		// state: x (c×D) then the accumulated divergence integral (c)
		y := make([]float64, c*(D+1))
		copy(y, x0[lo*D:hi*D])
		x := make([]float64, c*D)
		sa, sb := make([]float64, c*D), make([]float64, c*D)
		ta, tb := make([]float64, c), make([]float64, c)
		for step := 1; step <= T; step++ {
			b := -math.Log1p(-m.Sched.Beta[step])
			ka, kb := max(step-1, 2), max(step, 2) // knots at the interval's ends
			f := func(tau float64, y, dy []float64) {
				copy(x, y[:c*D])
				m.scoreTrace(x, ka, &k, sa, ta)
				w := tau - float64(step-1) // weight of the right knot
				if kb != ka {
					m.scoreTrace(x, kb, &k, sb, tb)
				} else {
					w = 0
				}
				for i := 0; i < c; i++ {
					var trace float64
					for d := 0; d < D; d++ {
						j := i*D + d
						s := (1-w)*sa[j] + w*sb[j]
						dy[j] = -0.5 * b * (x[j] + s)
					}
					trace = (1-w)*ta[i] + w*tb[i]
					dy[c*D+i] = -0.5 * b * (float64(D) + trace)
				}
			}
			st, err := DormandPrince(f, float64(step-1), float64(step), y, set)
			res.Stats.Accepted += st.Accepted
			res.Stats.Rejected += st.Rejected
			res.Stats.Evals += st.Evals
			if err != nil {
				return res, fmt.Errorf("diffusion: ODELogLik: step %d: %w", step, err)
			}
		}
		for i := 0; i < c; i++ {
			var lp float64
			for d := 0; d < D; d++ {
				lp += LogNormal(y[i*D+d], 0, 1)
			}
			res.LogLik[lo+i] = lp + y[c*D+i]
		}
	}
	mean, se := meanSE(res.LogLik)
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return res, fmt.Errorf("diffusion: ODELogLik: the log-likelihood is not finite")
	}
	res.MeanBits, res.StdErrBits = mean/Ln2, se/Ln2
	return res, nil
}
