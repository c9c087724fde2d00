package thermo

import (
	"math"
	"math/rand/v2"
)

// zBound is the z-score bound of every statistical test in this package, at a fixed seed.
const zBound = 4

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// harmonicWork draws n samples from each of two harmonic oscillators u_k(x) = k x²/2 (kT = 1)
// and returns the forward work u_B − u_A on samples of A and the reverse work u_A − u_B on
// samples of B. The exact free-energy difference is ΔF = ½ log(kB/kA) (from Z_k = √(2π/k)).
func harmonicWork(kA, kB float64, nA, nB int, rnd *rand.Rand) (wF, wR []float64) {
	wF = make([]float64, nA)
	wR = make([]float64, nB)
	for i := range wF {
		x := rnd.NormFloat64() / math.Sqrt(kA)
		wF[i] = 0.5 * (kB - kA) * x * x
	}
	for i := range wR {
		x := rnd.NormFloat64() / math.Sqrt(kB)
		wR[i] = 0.5 * (kA - kB) * x * x
	}
	return wF, wR
}

// gaussianCrooksWork returns Gaussian work distributions that obey the Crooks theorem
// P_F(W)/P_R(−W) = exp(W − ΔF): W_F ~ N(ΔF + s²/2, s²), W_R ~ N(−ΔF + s²/2, s²)
// (the ratio of the two densities is exp(W − ΔF) exactly; Crooks 1999, the Gaussian case).
func gaussianCrooksWork(deltaF, s float64, nF, nR int, rnd *rand.Rand) (wF, wR []float64) {
	wF = make([]float64, nF)
	wR = make([]float64, nR)
	for i := range wF {
		wF[i] = deltaF + s*s/2 + s*rnd.NormFloat64()
	}
	for i := range wR {
		wR[i] = -deltaF + s*s/2 + s*rnd.NormFloat64()
	}
	return wF, wR
}
