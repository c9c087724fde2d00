package thermo

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestLyapunovScalar(t *testing.T) {
	// Reference: dx = −k x dt + √(2T) dW has stationary variance T/k (equipartition).
	c, err := Lyapunov(mat.NewDense(1, 1, []float64{-2}), mat.NewSymDense(1, []float64{3}))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.At(0, 0); math.Abs(got-1.5) > 1e-14 {
		t.Errorf("C = %v, want 1.5", got)
	}
	if _, err := Lyapunov(mat.NewDense(1, 1, []float64{0.1}), mat.NewSymDense(1, []float64{1})); !errors.Is(err, ErrUnstable) {
		t.Errorf("unstable A: err = %v", err)
	}
}

func TestLyapunovResidual(t *testing.T) {
	// A non-normal stable matrix: the solution must satisfy A C + C Aᵀ + 2D = 0 to rounding.
	a := mat.NewDense(3, 3, []float64{-1, 2, 0, -0.5, -2, 1, 0.3, 0, -1.5})
	d := mat.NewSymDense(3, []float64{1, 0.2, 0, 0.2, 2, 0.1, 0, 0.1, 0.5})
	c, err := Lyapunov(a, d)
	if err != nil {
		t.Fatal(err)
	}
	var ac, caT mat.Dense
	ac.Mul(a, c)
	caT.Mul(c, a.T())
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if r := ac.At(i, j) + caT.At(i, j) + 2*d.At(i, j); math.Abs(r) > 1e-12 {
				t.Errorf("residual (%d,%d) = %v", i, j, r)
			}
		}
	}
}

func TestOUEntropyProductionExact(t *testing.T) {
	for _, c := range []struct {
		name string
		p    *OU
		want float64
	}{
		// Two beads, unit springs and friction, T₁ = 1, T₂ = 10: σ = (T₁−T₂)²/(4T₁T₂) = 81/40
		// (BeadSpringChain; e.g. Li, Horowitz, Gingrich & Fakhri, Nat. Commun. 10, 1666 (2019)).
		{"two-bead chain", BeadSpringChain([]float64{1, 10}, 1, 1), 81.0 / 40},
		// Same, other temperatures: (2−3)²/(4·6) = 1/24.
		{"two-bead chain 2,3", BeadSpringChain([]float64{2, 3}, 1, 1), 1.0 / 24},
		// Rotational drive α = 0.7 in a unit trap: C = I, σ = tr(AᵀA) + tr A = 2α² (DrivenTrap).
		{"driven trap", DrivenTrap(1, 0.7), 2 * 0.49},
		// Equilibrium (one temperature, conservative force): σ = 0.
		{"equilibrium chain", BeadSpringChain([]float64{2, 2, 2}, 1.5, 1), 0},
		// Brownian gyrator, closed form of GyratorRate.
		{"gyrator", Gyrator(1, 3, 0.4, 1, 5), GyratorRate(1, 3, 0.4, 1, 5)},
		{"gyrator 2", Gyrator(2.5, 0.7, 1.1, 3, 0.5), GyratorRate(2.5, 0.7, 1.1, 3, 0.5)},
		// Gyrator without anisotropy or at one temperature is in equilibrium.
		{"isotropic gyrator", Gyrator(2, 2, 0.7, 1, 5), 0},
		{"isothermal gyrator", Gyrator(1, 3, 0.7, 2, 2), 0},
	} {
		got, err := OUEntropyProduction(c.p.A, c.p.D)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-c.want) > 1e-12*math.Max(1, c.want) {
			t.Errorf("%s: σ = %.15g, want %.15g", c.name, got, c.want)
		}
	}
}

func TestOUEntropyProductionErrors(t *testing.T) {
	a := mat.NewDense(2, 2, []float64{-1, 0, 0, -1})
	d := mat.NewSymDense(2, []float64{1, 0, 0, 0})
	if _, err := OUEntropyProduction(a, d); !errors.Is(err, ErrNotFinite) {
		t.Errorf("singular D: err = %v", err)
	}
}
