package thermo

import (
	"errors"
	"math"
	"testing"
)

func TestEXPHarmonic(t *testing.T) {
	// Exact: ΔF = ½ log(kB/kA) for harmonic oscillators (Z_k = √(2π/k), kT = 1).
	for _, c := range []struct{ kA, kB float64 }{{1, 2}, {2, 1}, {1, 4}} {
		exact := 0.5 * math.Log(c.kB/c.kA)
		wF, wR := harmonicWork(c.kA, c.kB, 20000, 20000, newRand(1))
		f, err := EXPForward(wF)
		if err != nil {
			t.Fatal(err)
		}
		r, err := EXPReverse(wR)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range []Estimate{f, r} {
			if z := e.Z(exact); math.Abs(z) > zBound {
				t.Errorf("kA=%v kB=%v: %v vs exact %.4f, z = %.2f", c.kA, c.kB, e, exact, z)
			}
		}
		if f.Bias < 0 || r.Bias > 0 {
			t.Errorf("bias signs: forward %v (want ≥ 0), reverse %v (want ≤ 0)", f.Bias, r.Bias)
		}
	}
}

func TestEXPGaussianWork(t *testing.T) {
	// Exact: Gaussian work W ~ N(ΔF + s²/2, s²) gives ⟨e^{−W}⟩ = e^{−ΔF} (Jarzynski).
	wF, wR := gaussianCrooksWork(3, 1, 50000, 50000, newRand(2))
	f, _ := EXPForward(wF)
	r, _ := EXPReverse(wR)
	if z := f.Z(3); math.Abs(z) > zBound {
		t.Errorf("forward %v, z = %.2f", f, z)
	}
	if z := r.Z(3); math.Abs(z) > zBound {
		t.Errorf("reverse %v, z = %.2f", r, z)
	}
}

func TestEXPBiasDiagnostic(t *testing.T) {
	// Poor overlap: s = 4 means ⟨e^{−W}⟩ is dominated by the far left tail. The diagnostic must
	// flag it: a small effective sample size and a bias of the order of the standard error.
	wF, _ := gaussianCrooksWork(0, 4, 2000, 2, newRand(3))
	e, err := EXPForward(wF)
	if err != nil {
		t.Fatal(err)
	}
	if e.ESS > 0.05*float64(len(wF)) || e.Bias < 0.1*e.StdErr {
		t.Errorf("poor overlap not flagged: %v, bias %.3g, ESS %.1f", e, e.Bias, e.ESS)
	}
}

func TestEXPErrors(t *testing.T) {
	if _, err := EXPForward([]float64{1}); !errors.Is(err, ErrTooFewSamples) {
		t.Errorf("err = %v, want ErrTooFewSamples", err)
	}
	if _, err := EXPReverse([]float64{1, math.NaN()}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("err = %v, want ErrNotFinite", err)
	}
	// Constant work c: ΔF = c exactly with zero error.
	e, err := EXPForward([]float64{2, 2, 2})
	if err != nil || e.Value != 2 || e.StdErr != 0 {
		t.Errorf("constant work: %+v, %v", e, err)
	}
}
