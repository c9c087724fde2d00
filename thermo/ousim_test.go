package thermo

import (
	"math"
	"testing"
)

func TestOUPathEntropyProduction(t *testing.T) {
	for _, c := range []struct {
		name  string
		p     *OU
		exact float64
	}{
		{"two-bead chain T=1,10", BeadSpringChain([]float64{1, 10}, 1, 1), 81.0 / 40}, // see TestOUEntropyProductionExact
		{"driven trap α=0.7", DrivenTrap(1, 0.7), 2 * 0.49},
		// Gyrator closed form (GyratorRate), checked against the Lyapunov solve in ou_test.go.
		{"gyrator", Gyrator(1, 3, 0.4, 1, 5), GyratorRate(1, 3, 0.4, 1, 5)},
	} {
		const dt = 0.01
		rnd := newRand(23)
		path, err := c.p.NewPath(dt, rnd)
		if err != nil {
			t.Fatal(err)
		}
		// The discrete-time mean approaches the exact rate with an O(Δt) error.
		mean := path.DiscreteRate()
		if math.Abs(mean-c.exact) > 0.02*c.exact {
			t.Errorf("%s: discrete rate %.4f vs exact %.4f", c.name, mean, c.exact)
		}
		e, err := path.EntropyProduction(300000, rnd)
		if err != nil {
			t.Fatal(err)
		}
		if z := e.Z(mean); math.Abs(z) > zBound || e.StdErr > 0.25*c.exact {
			t.Errorf("%s: estimate %v vs %.4f, z = %.2f", c.name, e, mean, z)
		}
	}
}

func TestOUPathStationaryCovariance(t *testing.T) {
	// The exact propagator keeps the steady state: ⟨x₂²⟩ of the two-bead chain equals C₂₂.
	p := BeadSpringChain([]float64{1, 10}, 1, 1)
	c, _ := Lyapunov(p.A, p.D)
	rnd := newRand(24)
	path, err := p.NewPath(0.1, rnd)
	if err != nil {
		t.Fatal(err)
	}
	sq := make([]float64, 100000)
	for i := range sq {
		path.Step(rnd)
		sq[i] = path.X()[1] * path.X()[1]
	}
	e, _ := MeanCorrelated(sq)
	if z := e.Z(c.At(1, 1)); math.Abs(z) > zBound {
		t.Errorf("⟨x₂²⟩ = %v, want %.4f (z = %.2f)", e, c.At(1, 1), z)
	}
}
