package thermo

import (
	"fmt"
	"math"
)

// Thermodynamics of a diffusion model's forward process as functions of its noise schedule
// (Sohl-Dickstein et al. 2015, §2.1, §2.4 and App. A; PAPER.md §2.1 and §2.7).
//
// Index convention: the schedule is a plain slice beta of length T with beta[t−1] = β_t for the
// paper's t = 1 … T (x⁽⁰⁾ is the data, x⁽ᵀ⁾ the noise). Every returned slice has length T and
// holds the paper's step t at index t−1. All entropies are per dimension (per bit for the
// binomial kernel), in nats; multiply by the dimension for a whole vector.
//
// Kernels: Gaussian q(x⁽ᵗ⁾|x⁽ᵗ⁻¹⁾) = N(x⁽ᵗ⁻¹⁾√(1−β_t), β_t), invariant distribution N(0, 1);
// binomial q(x⁽ᵗ⁾ = 1|x⁽ᵗ⁻¹⁾) = x⁽ᵗ⁻¹⁾(1−β_t) + ρβ_t ("keep the bit with probability 1−β_t, else
// redraw it from B(ρ)"), invariant distribution B(ρ). Both are in detailed balance with their
// invariant distributions. With α_t = 1 − β_t and ᾱ_t = Π_{s≤t} α_s (ᾱ₀ = 1):
// Gaussian q(x⁽ᵗ⁾|x⁽⁰⁾) = N(√ᾱ_t x⁽⁰⁾, 1−ᾱ_t); binomial q(x⁽ᵗ⁾ = 1|x⁽⁰⁾) = x⁽⁰⁾ᾱ_t + ρ(1−ᾱ_t).

// AlphaBar returns ᾱ_t = Π_{s=1}^{t} (1 − β_s), t = 1 … T. It panics with a "thermo: " message
// for an empty schedule or unless every β_t is in (0, 1]; so do all the schedule functions below
// (they have no error result), and the binomial ones unless 0 < ρ < 1 and 0 ≤ p0 ≤ 1.
func AlphaBar(beta []float64) []float64 {
	checkSchedule(beta)
	out := make([]float64, len(beta))
	a := 1.0
	for t, b := range beta {
		a *= 1 - b
		out[t] = a
	}
	return out
}

// checkSchedule panics with a "thermo: " message unless the schedule is valid (scheduleError).
func checkSchedule(beta []float64) {
	if err := scheduleError(beta); err != nil {
		panic(err.Error())
	}
}

// scheduleError returns ErrInvalidInput for an empty schedule or a β_t outside (0, 1] (NaN
// included).
func scheduleError(beta []float64) error {
	if len(beta) == 0 {
		return fmt.Errorf("%w: empty diffusion schedule", ErrInvalidInput)
	}
	for t, b := range beta {
		if !(b > 0 && b <= 1) {
			return fmt.Errorf("%w: diffusion schedule β_%d = %v must lie in (0, 1]", ErrInvalidInput, t+1, b)
		}
	}
	return nil
}

// GaussianStepEntropy returns H_q(X⁽ᵗ⁾|X⁽ᵗ⁻¹⁾) = ½ log(2πe β_t), t = 1 … T (the entropy of the
// Gaussian kernel's noise, whatever the data).
func GaussianStepEntropy(beta []float64) []float64 {
	checkSchedule(beta)
	out := make([]float64, len(beta))
	for t, b := range beta {
		out[t] = GaussianEntropy(b)
	}
	return out
}

// GaussianMarginalEntropy returns H_q(X⁽ᵗ⁾|X⁽⁰⁾) = ½ log(2πe(1 − ᾱ_t)), t = 1 … T.
func GaussianMarginalEntropy(beta []float64) []float64 {
	ab := AlphaBar(beta)
	out := make([]float64, len(beta))
	for t, a := range ab {
		out[t] = GaussianEntropy(1 - a)
	}
	return out
}

// GaussianReverseEntropyBounds returns the bounds of App. A (eq. 24; PAPER.md §2.7) on the entropy
// of each reverse step, per dimension, t = 1 … T:
//
//	H_q(X⁽ᵗ⁾|X⁽ᵗ⁻¹⁾) + H_q(X⁽ᵗ⁻¹⁾|X⁽⁰⁾) − H_q(X⁽ᵗ⁾|X⁽⁰⁾) ≤ H_q(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾) ≤ H_q(X⁽ᵗ⁾|X⁽ᵗ⁻¹⁾).
//
// For the Gaussian kernel the lower bound is ½ log(2πe β̃_t) with the posterior variance
// β̃_t = (1 − ᾱ_{t−1})β_t/(1 − ᾱ_t), reached by point-mass data, and the upper bound
// ½ log(2πe β_t), reached by unit-variance Gaussian data; the upper bound needs the marginal
// entropy not to decrease along the chain, true for data of variance ≤ 1. At t = 1 the lower
// bound is −Inf (H_q(X⁽⁰⁾|X⁽⁰⁾) of a continuous variable).
func GaussianReverseEntropyBounds(beta []float64) (lower, upper []float64) {
	step := GaussianStepEntropy(beta)
	marg := GaussianMarginalEntropy(beta)
	lower = make([]float64, len(beta))
	for t := range beta {
		prev := math.Inf(-1) // H_q(X⁽⁰⁾|X⁽⁰⁾)
		if t > 0 {
			prev = marg[t-1]
		}
		lower[t] = step[t] + prev - marg[t]
	}
	return lower, step
}

// binomialMarginal returns m_t = P(x⁽ᵗ⁾ = 1) = p0 ᾱ_t + ρ(1 − ᾱ_t) for t = 0 … T (index t).
func binomialMarginal(beta []float64, rho, p0 float64) []float64 {
	if !(rho > 0 && rho < 1 && p0 >= 0 && p0 <= 1) {
		panic(fmt.Sprintf("thermo: binomial diffusion needs 0 < ρ < 1 and 0 ≤ p0 ≤ 1, got ρ = %v, p0 = %v", rho, p0))
	}
	ab := AlphaBar(beta)
	m := make([]float64, len(beta)+1)
	m[0] = p0
	for t, a := range ab {
		m[t+1] = p0*a + rho*(1-a)
	}
	return m
}

// BinomialStepEntropy returns H_q(X⁽ᵗ⁾|X⁽ᵗ⁻¹⁾) per bit for the binomial kernel with base rate ρ
// and data bits of mean activity p0 = P(x⁽⁰⁾ = 1), t = 1 … T:
//
//	H = m_{t−1} H_b(1 − β_t + ρβ_t) + (1 − m_{t−1}) H_b(ρβ_t),  m_t = p0 ᾱ_t + ρ(1 − ᾱ_t).
//
// Entropies conditioned on X⁽⁰⁾ or X⁽ᵗ⁻¹⁾ depend on the data only through each bit's mean, so
// these per-bit values sum exactly over the bits of correlated data.
func BinomialStepEntropy(beta []float64, rho, p0 float64) []float64 {
	m := binomialMarginal(beta, rho, p0)
	out := make([]float64, len(beta))
	for t, b := range beta {
		out[t] = m[t]*BernoulliEntropy(1-b+rho*b) + (1-m[t])*BernoulliEntropy(rho*b)
	}
	return out
}

// BinomialMarginalEntropy returns H_q(X⁽ᵗ⁾|X⁽⁰⁾) per bit, t = 1 … T:
//
//	H = p0 H_b(ᾱ_t + ρ(1 − ᾱ_t)) + (1 − p0) H_b(ρ(1 − ᾱ_t)).
func BinomialMarginalEntropy(beta []float64, rho, p0 float64) []float64 {
	binomialMarginal(beta, rho, p0) // validates
	ab := AlphaBar(beta)
	out := make([]float64, len(beta))
	for t, a := range ab {
		out[t] = p0*BernoulliEntropy(a+rho*(1-a)) + (1-p0)*BernoulliEntropy(rho*(1-a))
	}
	return out
}

// BinomialReverseEntropyBounds returns the App. A bounds on H_q(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾) per bit for the
// binomial kernel, t = 1 … T (see GaussianReverseEntropyBounds); H_q(X⁽⁰⁾|X⁽⁰⁾) = 0, so the t = 1
// lower bound is 0. The upper bound needs the bit entropy to grow along the chain, true when
// ρ = ½ or p0 = ρ (the paper's heartbeat data: ρ = p0 = 0.2).
func BinomialReverseEntropyBounds(beta []float64, rho, p0 float64) (lower, upper []float64) {
	step := BinomialStepEntropy(beta, rho, p0)
	marg := BinomialMarginalEntropy(beta, rho, p0)
	lower = make([]float64, len(beta))
	for t := range beta {
		prev := 0.0
		if t > 0 {
			prev = marg[t-1]
		}
		lower[t] = step[t] + prev - marg[t]
	}
	return lower, step
}

// GaussianForwardEntropyProduction returns the entropy produced by each forward step, per
// dimension, for data with the given mean and variance along that dimension (for correlated
// Gaussian data use the eigenvalues of the covariance, one call per eigen-direction; the kernel
// is isotropic). The kernel is in detailed balance with π = N(0, 1), so the total entropy
// production of step t (system plus medium, Esposito & Van den Broeck 2010) is the drop of the
// relative entropy to equilibrium,
//
//	Σ_t = KL(q_{t−1} ‖ π) − KL(q_t ‖ π) ≥ 0,  q_t = N(√ᾱ_t μ, ᾱ_t v + 1 − ᾱ_t),
//
// and Σ_t Σ_t = KL(q_0 ‖ π) − KL(q_T ‖ π): the forward process dissipates exactly the data's
// distance from the prior.
//
// It panics with a "thermo: " message for an invalid schedule (see AlphaBar), a non-finite mean
// or a variance that is not positive and finite.
func GaussianForwardEntropyProduction(beta []float64, mean, variance float64) []float64 {
	if !positiveFinite(variance) || math.IsNaN(mean) || math.IsInf(mean, 0) {
		panic(fmt.Sprintf("thermo: data mean must be finite and variance positive and finite, got %v, %v", mean, variance))
	}
	ab := AlphaBar(beta)
	kl := func(a float64) float64 { return KLGaussian(math.Sqrt(a)*mean, a*variance+1-a, 0, 1) }
	out := make([]float64, len(beta))
	prev := kl(1)
	for t, a := range ab {
		cur := kl(a)
		out[t] = prev - cur
		prev = cur
	}
	return out
}

// BinomialForwardEntropyProduction returns the entropy produced by each forward step per bit,
// for independent data bits of mean activity p0 (for correlated bits this is the per-bit part):
//
//	Σ_t = KL(B(m_{t−1}) ‖ B(ρ)) − KL(B(m_t) ‖ B(ρ)) ≥ 0,  m_t = p0 ᾱ_t + ρ(1 − ᾱ_t).
func BinomialForwardEntropyProduction(beta []float64, rho, p0 float64) []float64 {
	m := binomialMarginal(beta, rho, p0)
	out := make([]float64, len(beta))
	for t := range beta {
		out[t] = KLBernoulli(m[t], rho) - KLBernoulli(m[t+1], rho)
	}
	return out
}
