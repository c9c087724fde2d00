package thermo

import (
	"math"
	"math/rand/v2"
)

// EulerMaruyama integrates the overdamped Langevin equation with unit mobility
//
//	dx_i = F_i(x, t) dt + √(2 D_i) dW_i
//
// (D_i = k_B T_i, the temperature of the bath coordinate i is in contact with) by the
// Euler–Maruyama scheme x ← x + F(x, t)Δt + √(2D_iΔt) ξ, for linear or nonlinear forces. The
// scheme is first order: for the linear force F = −kx its stationary variance is
// D/(k(1 − kΔt/2)) instead of D/k. For linear forces OU.NewPath is exact.
type EulerMaruyama struct {
	// Force sets f = F(x, t).
	Force func(f, x []float64, t float64)
	// D holds the diffusion coefficient (temperature) of each coordinate.
	D []float64
	// Dt is the time step.
	Dt float64

	f []float64
}

// Step advances x in place from time t to t + Dt. It panics when x and D differ in length.
func (e *EulerMaruyama) Step(x []float64, t float64, rnd *rand.Rand) {
	if len(x) != len(e.D) {
		panic("thermo: EulerMaruyama dimension mismatch")
	}
	if len(e.f) != len(x) {
		e.f = make([]float64, len(x))
	}
	e.Force(e.f, x, t)
	for i := range x {
		x[i] += e.f[i]*e.Dt + math.Sqrt(2*e.D[i]*e.Dt)*rnd.NormFloat64()
	}
}
