package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Conditioning on a smooth r(x) to first order (PAPER.md §2.6, App. C eqs. 56–61): when the
// Hessian of −log r is small against the inverse covariance Σ⁻¹ of a reverse step,
//
//	p̃(x^(t−1)|x^(t)) ≈ N(x^(t−1); μ + Σ ∇_x log r(x)|_{x=μ}, Σ)        (eq. 61)
//
// with Σ the step's COVARIANCE (here diagonal, the variance v per coordinate) — not its
// standard deviation, which a third-party fork used (PAPER.md §7.4). For a Gaussian r the exact
// product of Gaussians (Denoise, GaussianProductStep) is available and eq. 61 is its
// first-order expansion in Σ/s².

// GradLogR writes ∇_x log r(x) at the points x (rows of the model's dimension) into g
// (same length). lo is the index of x's first row in the whole batch, so that a per-image r
// (an observation) can be looked up.
type GradLogR func(x []float64, lo int, g []float64)

// PerturbMean applies eq. 61 to one diagonal Gaussian step in place: μ_i += v_i·grad_i, where
// grad = ∇ log r at μ and v the variances (the diagonal of Σ).
func PerturbMean(mu, v, grad []float64) {
	if len(mu) != len(v) || len(mu) != len(grad) {
		panic("diffusion: PerturbMean: length mismatch")
	}
	for i := range mu {
		mu[i] += v[i] * grad[i]
	}
}

// GaussianProductStep multiplies a diagonal Gaussian step N(μ, v) by the likelihood
// r(x) = N(y; x, s2) exactly, in place (the product of Gaussians, App. C):
// ṽ = 1/(1/v + 1/s2), μ̃ = ṽ(μ/v + y/s2).
func GaussianProductStep(mu, v, y []float64, s2 float64) {
	if len(mu) != len(v) || len(mu) != len(y) {
		panic("diffusion: GaussianProductStep: length mismatch")
	}
	for i := range mu {
		vt := 1 / (1/v[i] + 1/s2)
		mu[i] = vt * (mu[i]/v[i] + y[i]/s2)
		v[i] = vt
	}
}

// SamplePerturbed runs the reverse chain from the initial states x (n×D, x^(T); not modified)
// with every step's mean moved by eq. 61 for r(x^(t)) = r(x^(0)) (eq. 23's choice, as in the
// paper's experiments), down to x^(0), chunk rows at a time.
func (m *Model) SamplePerturbed(x []float64, gradLogR GradLogR, chunk int, rng *rand.Rand) ([]float64, error) {
	D := m.Net.Dim()
	if len(x) == 0 || len(x)%D != 0 || chunk <= 0 || gradLogR == nil {
		return nil, fmt.Errorf("diffusion: SamplePerturbed: %d initial values (D = %d), chunk %d", len(x), D, chunk)
	}
	out := append([]float64(nil), x...)
	var g []float64
	bad := false
	hook := func(mu, v []float64, lo int) {
		g = grow(g, len(mu))
		gradLogR(mu, lo, g)
		PerturbMean(mu, v, g)
		for _, u := range mu {
			if math.IsNaN(u) || math.IsInf(u, 0) {
				bad = true
			}
		}
	}
	m.chain(out, chunk, hook, rng, nil)
	if bad {
		return nil, fmt.Errorf("diffusion: SamplePerturbed: non-finite mean (∇ log r too large for the first-order step?)")
	}
	return out, nil
}
