package thermo

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// GaussianEntropy returns the differential entropy, in nats, of a one-dimensional Gaussian with
// the given variance:
//
//	H = ½ log(2πe σ²).
//
// It returns −Inf for zero variance (a point mass), +Inf for an infinite one, and panics with a
// "thermo: " message for a negative or NaN variance.
func GaussianEntropy(variance float64) float64 {
	if variance < 0 || math.IsNaN(variance) {
		panic("thermo: negative or NaN variance")
	}
	return 0.5 * math.Log(2*math.Pi*math.E*variance)
}

// MultivariateGaussianEntropy returns the differential entropy, in nats, of a d-dimensional
// Gaussian with covariance cov:
//
//	H = ½ log det(2πe Σ) = (d/2) log(2πe) + ½ log det Σ.
//
// It returns ErrInvalidInput for a nil or empty cov and ErrNotFinite when cov has NaN or
// infinite entries or is not positive definite.
func MultivariateGaussianEntropy(cov mat.Symmetric) (float64, error) {
	if _, err := squareDims(cov, "covariance"); err != nil {
		return 0, err
	}
	if err := checkFiniteMatrix(cov); err != nil {
		return 0, err
	}
	var chol mat.Cholesky
	if ok := chol.Factorize(cov); !ok {
		return 0, ErrNotFinite
	}
	d := float64(cov.SymmetricDim())
	return 0.5*d*math.Log(2*math.Pi*math.E) + 0.5*chol.LogDet(), nil
}

// BernoulliEntropy returns the entropy, in nats, of a Bernoulli variable with P(1) = p:
//
//	H_b(p) = −p log p − (1−p) log(1−p),  with 0 log 0 = 0.
//
// It panics with a "thermo: " message unless 0 ≤ p ≤ 1 (NaN included).
func BernoulliEntropy(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		panic("thermo: Bernoulli probability outside [0, 1]")
	}
	return -xlogx(p) - xlogx(1-p)
}

// BernoulliVectorEntropy returns the entropy, in nats, of a vector of independent Bernoulli
// variables with P(x_i = 1) = p[i]: H = Σ_i H_b(p_i) (0 for an empty p). It panics as
// BernoulliEntropy.
func BernoulliVectorEntropy(p []float64) float64 {
	var h float64
	for _, pi := range p {
		h += BernoulliEntropy(pi)
	}
	return h
}

// xlogx returns x log x with the convention 0 log 0 = 0.
func xlogx(x float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(x)
}
