package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// EvalBoundSampled is the cheap unbiased estimator of K for high-dimensional data (the
// reference code's test-set report, PAPER.md §3.9 and §6, with t drawn per example): for
// every holdout point x0_i it draws k steps t from {2, …, T}, stratified (draw j is uniform
// on the j-th of k equal parts of the range: with j picked at random each draw would be
// uniform over all steps, and the k draws together cover the range evenly, which lowers the
// variance), and a fresh x^(t) for each, and estimates
//
//	(K − L_null)_i = (D/2) ln((1 − ᾱ_T)/β_1) − (T − 1)·(1/k) Σ_k KL_{t_k}(x0_i),
//
// whose expectation is eq. 14's K − L_null for x0_i. The result is the mean over points with
// the standard error over points (which includes the t-sampling noise). batch bounds the
// number of network rows evaluated at once (memory); progress, when non-nil, is called with
// the number of points done.
func (m *Model) EvalBoundSampled(x0 []float64, k, batch int, rng *rand.Rand, progress func(done int)) (BoundResult, error) {
	D := m.Net.Dim()
	if D == 0 || len(x0)%D != 0 || len(x0) == 0 {
		return BoundResult{}, fmt.Errorf("diffusion: EvalBoundSampled: %d values is not a whole number of %d-D points", len(x0), D)
	}
	if k <= 0 || batch <= 0 {
		return BoundResult{}, fmt.Errorf("diffusion: EvalBoundSampled: k = %d and batch = %d must be positive", k, batch)
	}
	n := len(x0) / D
	T := m.Sched.T
	c := m.Sched.BoundConstant(D)
	per := max(1, batch/k) // points per network batch
	var w klWork
	var xs []float64
	var ts []int
	var mean, m2 float64
	for lo := 0; lo < n; lo += per {
		hi := min(lo+per, n)
		rows := (hi - lo) * k
		xs = grow(xs, rows*D)
		ts = grow(ts, rows)
		for i := lo; i < hi; i++ {
			for j := 0; j < k; j++ {
				r := (i-lo)*k + j
				copy(xs[r*D:(r+1)*D], x0[i*D:(i+1)*D])
				// stratum j: t − 2 = ⌊(j + U)(T − 1)/k⌋, U ~ U[0, 1)
				ts[r] = 2 + min(T-2, int((float64(j)+rng.Float64())*float64(T-1)/float64(k)))
			}
		}
		kl := m.klBatch(xs, ts, rng, &w, false)
		for i := lo; i < hi; i++ {
			var s float64
			for j := 0; j < k; j++ {
				s += kl[(i-lo)*k+j]
			}
			v := c - float64(T-1)*s/float64(k)
			cnt := float64(i + 1)
			d := v - mean
			mean += d / cnt
			m2 += d * (v - mean)
		}
		if progress != nil {
			progress(hi)
		}
	}
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return BoundResult{}, fmt.Errorf("diffusion: EvalBoundSampled: the bound is not finite (%v)", mean)
	}
	se := 0.0
	if n > 1 {
		se = math.Sqrt(m2/float64(n-1)) / math.Sqrt(float64(n))
	}
	null := NullLogLik(D)
	return BoundResult{KBits: (mean + null) / Ln2, KStdErrBits: se / Ln2, KMinusNullBits: mean / Ln2, NullBits: null / Ln2, N: n}, nil
}
