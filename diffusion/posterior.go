package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Conditional sampling p̃(x^(0)) ∝ p(x^(0)) r(x^(0)) (PAPER.md §2.6, eqs. 16–23, and the
// reference code's sampler.py, §3.10). With r(x^(t)) = r(x^(0)) for every t (eq. 23, the
// experiments' choice) and r Gaussian or a delta on some coordinates, r is multiplied exactly
// into every Gaussian reverse step (eq. 22):
//
//   - denoising, r(x) = N(y; x, s²I): N(μ, v)·N(y; x, s²) ∝ N((μ/v + y/s²)·ṽ, ṽ), ṽ = 1/(1/v + 1/s²);
//   - inpainting, r = δ on the known coordinates: those are clamped to their values.
//
// The last, fixed step p(x^(0)|x^(1)) = N(√(1−β_1)x^(1), β_1) is conditioned the same way.

// stepHook modifies the means and variances of one reverse step (rows lo… of the batch).
type stepHook func(mu, v []float64, lo int)

// chain runs the reverse process from the initial states x (n×D, x^(T)) down to x^(0) in
// chunks of at most chunk rows, applying hook (if non-nil) to every step, and calls
// progress (if non-nil) after each chunk with the rows done.
func (m *Model) chain(x []float64, chunk int, hook stepHook, rng *rand.Rand, progress func(done int)) {
	D := m.Net.Dim()
	n := len(x) / D
	T := m.Sched.T
	var w klWork
	var mu, v []float64
	b1 := m.Sched.Beta[1]
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		xs := x[lo*D : hi*D]
		mu = grow(mu, len(xs))
		v = grow(v, len(xs))
		ts := constSteps(hi-lo, 2)
		for t := T; t >= 1; t-- {
			if t >= 2 {
				for i := range ts {
					ts[i] = t
				}
				m.reverseStep(xs, t, &w, ts, mu, v)
			} else {
				for i, val := range xs {
					mu[i], v[i] = math.Sqrt(1-b1)*val, b1
				}
			}
			if hook != nil {
				hook(mu, v, lo)
			}
			for i := range xs {
				xs[i] = mu[i] + math.Sqrt(v[i])*rng.NormFloat64()
			}
		}
		if progress != nil {
			progress(hi)
		}
	}
}

// SampleChunked draws n samples by ancestral sampling (as Sample, ending with the fixed step
// of eq. 44), at most chunk at a time so the network's activations stay bounded.
func (m *Model) SampleChunked(n, chunk int, rng *rand.Rand, progress func(done int)) ([]float64, error) {
	if n <= 0 || chunk <= 0 {
		return nil, fmt.Errorf("diffusion: SampleChunked: n = %d and chunk = %d must be positive", n, chunk)
	}
	x := make([]float64, n*m.Net.Dim())
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	m.chain(x, chunk, nil, rng, progress)
	return x, nil
}

// Denoise samples from the posterior given noisy observations y (n×D) = x + N(0, noiseVar·I):
// the chain starts at x^(T) = y (as the reference code does) and the Gaussian likelihood
// r(x) = N(y; x, noiseVar) is multiplied exactly into every step.
func (m *Model) Denoise(y []float64, noiseVar float64, chunk int, rng *rand.Rand) ([]float64, error) {
	D := m.Net.Dim()
	if len(y) == 0 || len(y)%D != 0 || !(noiseVar > 0) || chunk <= 0 {
		return nil, fmt.Errorf("diffusion: Denoise: %d values (D = %d), noise variance %v, chunk %d", len(y), D, noiseVar, chunk)
	}
	x := append([]float64(nil), y...)
	prec := 1 / noiseVar
	hook := func(mu, v []float64, lo int) {
		yy := y[lo*D:]
		for i := range mu {
			s2 := 1 / (1/v[i] + prec)
			mu[i] = s2 * (mu[i]/v[i] + yy[i]*prec)
			v[i] = s2
		}
	}
	m.chain(x, chunk, hook, rng, nil)
	return x, nil
}

// Inpaint samples the unknown coordinates given the known ones: values (n×D) holds the
// images, known (D) marks the coordinates that are observed (the same for every image).
// x^(T) is N(0, I) with the known coordinates set to their values, and every step clamps them
// (r = δ on the known coordinates, variance 0).
func (m *Model) Inpaint(values []float64, known []bool, chunk int, rng *rand.Rand) ([]float64, error) {
	D := m.Net.Dim()
	if len(values) == 0 || len(values)%D != 0 || len(known) != D || chunk <= 0 {
		return nil, fmt.Errorf("diffusion: Inpaint: %d values, mask of %d for D = %d, chunk %d", len(values), len(known), D, chunk)
	}
	x := make([]float64, len(values))
	for i := range x {
		if known[i%D] {
			x[i] = values[i]
		} else {
			x[i] = rng.NormFloat64()
		}
	}
	hook := func(mu, v []float64, lo int) {
		vals := values[lo*D:]
		for i := range mu {
			if known[i%D] {
				mu[i], v[i] = vals[i], 0
			}
		}
	}
	m.chain(x, chunk, hook, rng, nil)
	return x, nil
}
