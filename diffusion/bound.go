package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Ln2 converts nats to bits (divide by it).
const Ln2 = math.Ln2

// NullLogLik is L_null = E log π(x^(0)) = −(D/2) ln(2πe) nats for unit-variance data under
// π = N(0, I) (PAPER.md §2.8; −2.04710 bits per dimension).
func NullLogLik(D int) float64 { return -0.5 * float64(D) * (log2Pi + 1) }

// BoundConstant is the data-independent part of eq. 14 relative to L_null, in nats:
//
//	K − L_null = −Σ_{t=2}^T E KL_t + (D/2) ln((1 − ᾱ_T)/β_1),
//
// from H_q(X^T|X^0) − H_q(X^1|X^0) − H_p(X^T) + (D/2) ln(2πe). With every KL_t = 0 it is the
// upper limit of K − L_null, ½ log2((1 − ᾱ_T)/β_1) bits per dimension.
func (s *Schedule) BoundConstant(D int) float64 {
	return 0.5 * float64(D) * math.Log((1-s.AlphaBar[s.T])/s.Beta[1])
}

// klWork holds reusable buffers for batched KL evaluation.
type klWork struct {
	eps  []float64 // the frozen noise of the last batch: x^(t) = √ᾱ_t x^(0) + √(1−ᾱ_t) ε
	xt   []float64
	x32  []float32
	out  []float32
	dout []float32
	kl   []float64
}

// klBatch draws x^(t) ~ q(x^(t)|x^(0)) for each row of x0 (n×D) at its step t[i] ≥ 2 and
// returns KL(q(x^(t−1)|x^(t),x^(0)) ‖ p(x^(t−1)|x^(t))) per row, summed over dimensions (nats).
// With grad it also leaves dKL_i/d(network output) in w.dout (unscaled).
func (m *Model) klBatch(x0 []float64, t []int, rng *rand.Rand, w *klWork, grad bool) []float64 {
	D := m.Net.Dim()
	n := len(t)
	s := m.Sched
	w.xt = grow(w.xt, n*D)
	w.x32 = grow(w.x32, n*D)
	w.out = grow(w.out, n*2*D)
	w.kl = grow(w.kl, n)
	w.eps = grow(w.eps, n*D)
	for i, ti := range t {
		a := math.Sqrt(s.AlphaBar[ti])
		b := math.Sqrt(1 - s.AlphaBar[ti])
		for d := 0; d < D; d++ {
			e := rng.NormFloat64()
			w.eps[i*D+d] = e
			v := a*x0[i*D+d] + b*e
			w.xt[i*D+d] = v
			w.x32[i*D+d] = float32(v)
		}
	}
	m.Net.Forward(w.x32, t, w.out)
	if grad {
		w.dout = grow(w.dout, n*2*D)
	}
	// Rows are independent: a large batch is split over the cores (same result, each row's
	// sum is over its own dimensions in order).
	parallelRows(n, n*D, func(lo, hi int) { m.klRows(x0, t[lo:hi], lo, w, grad) })
	return w.kl
}

// klRows fills w.kl (and w.dout with grad) for rows lo… of the batch, whose steps are ts.
func (m *Model) klRows(x0 []float64, ts []int, lo int, w *klWork, grad bool) {
	D := m.Net.Dim()
	s := m.Sched
	for r, ti := range ts {
		i := lo + r
		c0, ct := s.PosteriorCoef(ti)
		vq := s.PosteriorVar(ti)
		var kl float64
		for d := 0; d < D; d++ {
			x := w.xt[i*D+d]
			muq := c0*x0[i*D+d] + ct*x
			zmu := float64(w.out[i*2*D+d])
			zb := float64(w.out[i*2*D+D+d])
			mu, v, dmuZmu, dmuZb, dvZb := m.Param.meanVarGradAt(s, ti, x, zmu, zb)
			diff := muq - mu
			kl += 0.5 * (math.Log(v/vq) + (vq+diff*diff)/v - 1)
			if grad {
				gMu := -diff / v                     // ∂KL/∂μ_p
				gV := 0.5/v - (vq+diff*diff)/(2*v*v) // ∂KL/∂v_p
				w.dout[i*2*D+d] = float32(gMu * dmuZmu)
				w.dout[i*2*D+D+d] = float32(gMu*dmuZb + gV*dvZb)
			}
		}
		w.kl[i] = kl
	}
}

// BoundResult is the bound K of eq. 14 evaluated on a holdout set.
type BoundResult struct {
	// KBits and KStdErrBits: K per example in bits and its standard error over examples.
	KBits, KStdErrBits float64
	// KMinusNullBits is K − L_null in bits (same standard error).
	KMinusNullBits float64
	// NullBits is L_null in bits.
	NullBits float64
	// KLPerStepBits[t] is the mean KL_t in bits (t = 2…T; entries 0 and 1 are zero).
	KLPerStepBits []float64
	N             int
}

func (b BoundResult) String() string {
	return fmt.Sprintf("K = %.3f ± %.3f bits, K − L_null = %.3f bits (n = %d)", b.KBits, b.KStdErrBits, b.KMinusNullBits, b.N)
}

// EvalBound computes K on the holdout points x0 (n×D) by summing all T − 1 KL terms for every
// example (one fresh x^(t) draw per term), so K's standard error is over examples only.
func (m *Model) EvalBound(x0 []float64, rng *rand.Rand) (BoundResult, error) {
	D := m.Net.Dim()
	if D == 0 || len(x0)%D != 0 || len(x0) == 0 {
		return BoundResult{}, fmt.Errorf("diffusion: EvalBound: %d values is not a whole number of %d-D points", len(x0), D)
	}
	n := len(x0) / D
	T := m.Sched.T
	sum := make([]float64, n)
	perT := make([]float64, T+1)
	const chunk = 4096
	var w klWork
	ts := make([]int, 0, chunk)
	for t := 2; t <= T; t++ {
		for lo := 0; lo < n; lo += chunk {
			hi := min(lo+chunk, n)
			ts = ts[:0]
			for range hi - lo {
				ts = append(ts, t)
			}
			kl := m.klBatch(x0[lo*D:hi*D], ts, rng, &w, false)
			for i, v := range kl {
				sum[lo+i] += v
				perT[t] += v
			}
		}
		perT[t] /= float64(n) * Ln2
	}
	c := m.Sched.BoundConstant(D)
	var mean, m2 float64
	for i, s := range sum {
		k := -s + c // K − L_null in nats for example i
		d := k - mean
		mean += d / float64(i+1)
		m2 += d * (k - mean)
	}
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return BoundResult{}, fmt.Errorf("diffusion: EvalBound: the bound is not finite (%v)", mean)
	}
	se := 0.0
	if n > 1 {
		se = math.Sqrt(m2/float64(n-1)) / math.Sqrt(float64(n))
	}
	null := NullLogLik(D)
	return BoundResult{
		KBits:          (mean + null) / Ln2,
		KStdErrBits:    se / Ln2,
		KMinusNullBits: mean / Ln2,
		NullBits:       null / Ln2,
		KLPerStepBits:  perT,
		N:              n,
	}, nil
}
