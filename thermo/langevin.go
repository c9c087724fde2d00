package thermo

import (
	"fmt"
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

// Step advances x in place from time t to t + Dt. It has no error result and panics with a
// "thermo: " message for a nil integrator or Force, x and D of different lengths, a negative,
// NaN or infinite D_i, a Dt that is not positive and finite, or a nil generator.
func (e *EulerMaruyama) Step(x []float64, t float64, rnd *rand.Rand) {
	if e == nil || e.Force == nil {
		panic("thermo: EulerMaruyama needs a Force")
	}
	if len(x) != len(e.D) {
		panic(fmt.Sprintf("thermo: EulerMaruyama dimension mismatch: x has %d coordinates, D %d", len(x), len(e.D)))
	}
	if !(e.Dt > 0) || math.IsInf(e.Dt, 1) {
		panic(fmt.Sprintf("thermo: EulerMaruyama time step must be positive and finite, got %v", e.Dt))
	}
	for i, d := range e.D {
		if !(d >= 0) || math.IsInf(d, 1) {
			panic(fmt.Sprintf("thermo: EulerMaruyama diffusion coefficient D_%d = %v", i, d))
		}
	}
	if rnd == nil {
		panic("thermo: EulerMaruyama needs a random generator")
	}
	if len(e.f) != len(x) {
		e.f = make([]float64, len(x))
	}
	e.Force(e.f, x, t)
	for i := range x {
		x[i] += e.f[i]*e.Dt + math.Sqrt(2*e.D[i]*e.Dt)*rnd.NormFloat64()
	}
}
