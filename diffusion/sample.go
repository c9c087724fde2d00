package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// reverseStep computes the mean and variance of p(x^(t−1)|x^(t)) for the batch x (n×D) at step
// t ≥ 2, writing means into mu and variances into v.
func (m *Model) reverseStep(x []float64, t int, w *klWork, ts []int, mu, v []float64) {
	D := m.Net.Dim()
	n := len(x) / D
	w.x32 = grow(w.x32, n*D)
	w.out = grow(w.out, n*2*D)
	for i, val := range x {
		w.x32[i] = float32(val)
	}
	m.Net.Forward(w.x32, ts[:n], w.out)
	parallelRows(n, n*D, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for d := 0; d < D; d++ {
				mu[i*D+d], v[i*D+d] = m.Param.MeanVarAt(m.Sched, t, x[i*D+d], float64(w.out[i*2*D+d]), float64(w.out[i*2*D+D+d]))
			}
		}
	})
}

func constSteps(n, t int) []int {
	ts := make([]int, n)
	for i := range ts {
		ts[i] = t
	}
	return ts
}

// Sample draws n points by ancestral sampling: x^(T) ~ π = N(0, I), then x^(t−1) ~ p(x^(t−1)|x^(t))
// for t = T…2, and finally the fixed last step p(x^(0)|x^(1)) = T_π(x^(0)|x^(1); β_1) =
// N(√(1−β_1) x^(1), β_1 I) (eq. 44). It returns x^(0) (n×D) and, for every t in keep, a copy of
// x^(t) (keep may include 0 and T).
func (m *Model) Sample(n int, rng *rand.Rand, keep []int) (x0 []float64, snaps map[int][]float64, err error) {
	if n <= 0 {
		return nil, nil, fmt.Errorf("diffusion: Sample: n must be positive, got %d", n)
	}
	D := m.Net.Dim()
	T := m.Sched.T
	x := make([]float64, n*D)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	snaps = map[int][]float64{}
	save := func(t int) {
		if slices.Contains(keep, t) {
			snaps[t] = slices.Clone(x)
		}
	}
	save(T)
	mu := make([]float64, n*D)
	v := make([]float64, n*D)
	var w klWork
	for t := T; t >= 2; t-- {
		m.reverseStep(x, t, &w, constSteps(n, t), mu, v)
		for i := range x {
			x[i] = mu[i] + math.Sqrt(v[i])*rng.NormFloat64()
		}
		save(t - 1)
	}
	b1 := m.Sched.Beta[1]
	for i := range x {
		x[i] = math.Sqrt(1-b1)*x[i] + math.Sqrt(b1)*rng.NormFloat64()
	}
	save(0)
	return x, snaps, nil
}

// Drift returns the reverse step's drift μ(x, t) − x at the points x (n×D) for step t ≥ 1
// (Figure 1, bottom row); t = 1 is the fixed step with μ = √(1−β_1) x.
func (m *Model) Drift(x []float64, t int) ([]float64, error) {
	D := m.Net.Dim()
	if t < 1 || t > m.Sched.T || len(x)%D != 0 {
		return nil, fmt.Errorf("diffusion: Drift: step %d outside [1,%d] or bad point slice", t, m.Sched.T)
	}
	n := len(x) / D
	mu := make([]float64, n*D)
	if t == 1 {
		a := math.Sqrt(1 - m.Sched.Beta[1])
		for i, v := range x {
			mu[i] = (a - 1) * v
		}
		return mu, nil
	}
	v := make([]float64, n*D)
	var w klWork
	m.reverseStep(x, t, &w, constSteps(n, t), mu, v)
	for i := range mu {
		mu[i] -= x[i]
	}
	return mu, nil
}
