package thermo

import (
	"fmt"
	"math"
)

// KLGaussian returns the Kullback–Leibler divergence, in nats, between one-dimensional Gaussians
// (PAPER.md §2.1):
//
//	KL(N(μq, σq²) ‖ N(μp, σp²)) = log(σp/σq) + (σq² + (μq − μp)²)/(2σp²) − ½.
//
// It panics with a "thermo: " message unless the means are finite and the variances positive
// and finite.
func KLGaussian(muQ, varQ, muP, varP float64) float64 {
	if !(varQ > 0 && varP > 0) || math.IsInf(varQ, 1) || math.IsInf(varP, 1) ||
		math.IsNaN(muQ) || math.IsNaN(muP) || math.IsInf(muQ, 0) || math.IsInf(muP, 0) {
		panic(fmt.Sprintf("thermo: KLGaussian needs finite means and positive finite variances, got N(%v, %v) ‖ N(%v, %v)",
			muQ, varQ, muP, varP))
	}
	d := muQ - muP
	return 0.5*math.Log(varP/varQ) + (varQ+d*d)/(2*varP) - 0.5
}

// KLDiagGaussian returns the KL divergence between diagonal Gaussians, the sum over coordinates
// of KLGaussian. It panics with a "thermo: " message when the slices differ in length, and as
// KLGaussian.
func KLDiagGaussian(muQ, varQ, muP, varP []float64) float64 {
	n := len(muQ)
	if len(varQ) != n || len(muP) != n || len(varP) != n {
		panic("thermo: KLDiagGaussian length mismatch")
	}
	var kl float64
	for i := range muQ {
		kl += KLGaussian(muQ[i], varQ[i], muP[i], varP[i])
	}
	return kl
}

// KLBernoulli returns the KL divergence, in nats, between Bernoulli distributions with
// P(1) = a and P(1) = b (PAPER.md §2.1):
//
//	KL(B(a) ‖ B(b)) = a log(a/b) + (1−a) log((1−a)/(1−b)),  with 0 log 0 = 0.
//
// It is +Inf when b puts zero mass where a does not, and panics with a "thermo: " message
// outside [0, 1] (NaN included).
func KLBernoulli(a, b float64) float64 {
	if !(a >= 0 && a <= 1 && b >= 0 && b <= 1) {
		panic("thermo: Bernoulli probability outside [0, 1]")
	}
	return klTerm(a, b) + klTerm(1-a, 1-b)
}

// klTerm returns a log(a/b) with 0 log(0/b) = 0 and a log(a/0) = +Inf for a > 0.
func klTerm(a, b float64) float64 {
	if a == 0 {
		return 0
	}
	if b == 0 {
		return math.Inf(1)
	}
	return a * math.Log(a/b)
}

// KLBernoulliVector returns Σ_i KL(B(a_i) ‖ B(b_i)) for independent Bernoulli vectors. It panics
// with a "thermo: " message when the slices differ in length, and as KLBernoulli.
func KLBernoulliVector(a, b []float64) float64 {
	if len(a) != len(b) {
		panic("thermo: KLBernoulliVector length mismatch")
	}
	var kl float64
	for i := range a {
		kl += KLBernoulli(a[i], b[i])
	}
	return kl
}
