package thermo

import (
	"math"
	"testing"
)

func TestEulerMaruyamaLinear(t *testing.T) {
	// Exact for the discrete scheme: x' = (1 − kΔt)x + √(2DΔt)ξ has stationary variance
	// 2DΔt/(1 − (1−kΔt)²) = D/(k(1 − kΔt/2)); with k = 2, D = 0.5, Δt = 0.05: 0.5/(2·0.95).
	em := &EulerMaruyama{
		Force: func(f, x []float64, _ float64) { f[0] = -2 * x[0] },
		D:     []float64{0.5},
		Dt:    0.05,
	}
	want := 0.5 / (2 * 0.95)
	rnd := newRand(31)
	x := []float64{0}
	sq := make([]float64, 100000)
	for i := range sq {
		em.Step(x, 0, rnd)
		sq[i] = x[0] * x[0]
	}
	e, _ := MeanCorrelated(sq[1000:])
	if z := e.Z(want); math.Abs(z) > zBound {
		t.Errorf("⟨x²⟩ = %v, want %.4f (z = %.2f)", e, want, z)
	}
}

func TestEulerMaruyamaQuartic(t *testing.T) {
	// Nonlinear force F = −x³ (U = x⁴/4, kT = 1). Exact Boltzmann moment:
	// ⟨x²⟩ = ∫x²e^{−x⁴/4}/∫e^{−x⁴/4} = 2Γ(¾)/Γ(¼) = 0.675978240067284 (substitute u = x⁴/4).
	// Euler–Maruyama at Δt = 0.01 is biased by O(Δt); allowed: 0.02 beyond 4 standard errors.
	g34, _ := math.Lgamma(0.75)
	g14, _ := math.Lgamma(0.25)
	want := 2 * math.Exp(g34-g14)
	if math.Abs(want-0.675978240067284) > 1e-12 {
		t.Fatalf("reference value %v", want)
	}
	em := &EulerMaruyama{
		Force: func(f, x []float64, _ float64) { f[0] = -x[0] * x[0] * x[0] },
		D:     []float64{1},
		Dt:    0.01,
	}
	rnd := newRand(32)
	x := []float64{0}
	sq := make([]float64, 400000)
	for i := range sq {
		em.Step(x, 0, rnd)
		sq[i] = x[0] * x[0]
	}
	e, _ := MeanCorrelated(sq[1000:])
	if d := math.Abs(e.Value - want); d > 0.02+zBound*e.StdErr {
		t.Errorf("⟨x²⟩ = %v, want %.4f", e, want)
	}
}
