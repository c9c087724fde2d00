package diffusion

import (
	"math"
	"math/rand/v2"
)

const log2Pi = 1.8378770664093453 // ln 2π

// LogNormal is ln N(x; μ, v) for a scalar, v the variance.
func LogNormal(x, mu, v float64) float64 {
	d := x - mu
	return -0.5 * (log2Pi + math.Log(v) + d*d/v)
}

// GaussianKL is KL(N(μq, vq) ‖ N(μp, vp)) for one dimension, in nats:
//
//	½ [ln(vp/vq) + (vq + (μq − μp)²)/vp − 1].
func GaussianKL(muQ, vQ, muP, vP float64) float64 {
	d := muQ - muP
	return 0.5 * (math.Log(vP/vQ) + (vQ+d*d)/vP - 1)
}

// GaussianEntropy is the differential entropy ½ ln(2πe v) of a 1-D Gaussian of variance v, nats.
func GaussianEntropy(v float64) float64 { return 0.5 * (log2Pi + 1 + math.Log(v)) }

// ForwardMarginal samples x^(t) ~ q(x^(t)|x^(0)) = N(√ᾱ_t x^(0), (1 − ᾱ_t) I) by the
// reparameterization x^(t) = √ᾱ_t x^(0) + √(1−ᾱ_t) ε, writing ε into eps (if non-nil) and
// x^(t) into xt.
func (s *Schedule) ForwardMarginal(x0 []float64, t int, rng *rand.Rand, xt, eps []float64) {
	a := math.Sqrt(s.AlphaBar[t])
	b := math.Sqrt(1 - s.AlphaBar[t])
	for i, v := range x0 {
		e := rng.NormFloat64()
		if eps != nil {
			eps[i] = e
		}
		xt[i] = a*v + b*e
	}
}

// ForwardStep samples x^(t) ~ q(x^(t)|x^(t−1)) = N(√(1−β_t) x^(t−1), β_t I) into xt.
func (s *Schedule) ForwardStep(xprev []float64, t int, rng *rand.Rand, xt []float64) {
	a := math.Sqrt(1 - s.Beta[t])
	b := math.Sqrt(s.Beta[t])
	for i, v := range xprev {
		xt[i] = a*v + b*rng.NormFloat64()
	}
}

// LogForwardStep is ln q(x^(t)|x^(t−1)) summed over dimensions.
func (s *Schedule) LogForwardStep(xprev, xt []float64, t int) float64 {
	a := math.Sqrt(1 - s.Beta[t])
	var l float64
	for i, v := range xprev {
		l += LogNormal(xt[i], a*v, s.Beta[t])
	}
	return l
}

// Posterior writes the mean of q(x^(t−1)|x^(t), x^(0)) into mu and returns its variance β̃_t
// (valid for t ≥ 2; PAPER.md §2.1).
func (s *Schedule) Posterior(x0, xt []float64, t int, mu []float64) float64 {
	c0, ct := s.PosteriorCoef(t)
	for i := range x0 {
		mu[i] = c0*x0[i] + ct*xt[i]
	}
	return s.PosteriorVar(t)
}

// PosteriorProduct computes the same posterior as the reference code does: the product of the
// Gaussians N(√ᾱ_{t−1} x^(0), 1 − ᾱ_{t−1}) ("prior from x^(0)") and N(x^(t)/√α_t, β_t/α_t)
// ("likelihood from x^(t)") in x^(t−1). It exists to test Posterior against an independent
// derivation.
func (s *Schedule) PosteriorProduct(x0, xt []float64, t int, mu []float64) float64 {
	alpha := 1 - s.Beta[t]
	v1 := 1 - s.AlphaBar[t-1]
	v2 := s.Beta[t] / alpha
	prec := 1/v1 + 1/v2
	for i := range x0 {
		m1 := math.Sqrt(s.AlphaBar[t-1]) * x0[i]
		m2 := xt[i] / math.Sqrt(alpha)
		mu[i] = (m1/v1 + m2/v2) / prec
	}
	return 1 / prec
}
