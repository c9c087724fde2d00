package thermo

import (
	"errors"
	"math"
	"testing"
)

func TestBARHarmonic(t *testing.T) {
	// Exact: ΔF = ½ log(kB/kA) for harmonic oscillators (Z_k = √(2π/k), kT = 1).
	for _, c := range []struct {
		kA, kB float64
		nA, nB int
	}{{1, 2, 5000, 5000}, {1, 16, 5000, 2000}, {9, 1, 1000, 4000}} {
		exact := 0.5 * math.Log(c.kB/c.kA)
		wF, wR := harmonicWork(c.kA, c.kB, c.nA, c.nB, newRand(4))
		e, err := BAR(wF, wR, nil)
		if err != nil {
			t.Fatal(err)
		}
		if z := e.Z(exact); math.Abs(z) > zBound {
			t.Errorf("kA=%v kB=%v: BAR %v vs exact %.4f, z = %.2f", c.kA, c.kB, e, exact, z)
		}
		if e.StdErr <= 0 || e.StdErr > 0.1 {
			t.Errorf("implausible standard error %v", e.StdErr)
		}
	}
}

func TestBARGaussianCrooks(t *testing.T) {
	// Exact: Gaussian work distributions obeying Crooks with ΔF = 3 (see gaussianCrooksWork).
	wF, wR := gaussianCrooksWork(3, 2, 3000, 3000, newRand(5))
	e, err := BAR(wF, wR, nil)
	if err != nil {
		t.Fatal(err)
	}
	if z := e.Z(3); math.Abs(z) > zBound {
		t.Errorf("BAR %v vs 3, z = %.2f", e, z)
	}
	// BAR has a smaller error than either one-sided EXP (Shirts et al. 2003).
	f, _ := EXPForward(wF)
	if e.StdErr >= f.StdErr {
		t.Errorf("BAR error %v not below EXP error %v", e.StdErr, f.StdErr)
	}
}

func TestBAREqualsEXPAtPerfectOverlap(t *testing.T) {
	// Two states differing by a constant energy c overlap perfectly: every forward work is c and
	// every reverse work −c, so BAR and EXP both return c (the fermi sums are nF·nR/(nF+nR) on
	// both sides at Δ = c).
	const c = 1.7
	wF := []float64{c, c, c, c, c}
	wR := []float64{-c, -c, -c}
	b, err := BAR(wF, wR, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := EXPForward(wF)
	if math.Abs(b.Value-c) > 1e-12 || math.Abs(f.Value-c) > 1e-12 {
		t.Errorf("BAR %v, EXP %v, want %v", b.Value, f.Value, c)
	}
	// Nearly perfect overlap (kB/kA = 1.01): BAR and both EXPs agree within their errors.
	wF2, wR2 := harmonicWork(1, 1.01, 4000, 4000, newRand(6))
	b2, _ := BAR(wF2, wR2, nil)
	f2, _ := EXPForward(wF2)
	r2, _ := EXPReverse(wR2)
	for _, e := range []Estimate{f2, r2} {
		if d := math.Abs(e.Value - b2.Value); d > 1e-3 {
			t.Errorf("EXP %v vs BAR %v differ by %.2g", e, b2, d)
		}
	}
}

func TestBARErrors(t *testing.T) {
	wF, wR := gaussianCrooksWork(1, 2, 100, 100, newRand(7))
	// A one-iteration budget cannot meet a 1e-14 tolerance: the solver reports it.
	e, err := BAR(wF, wR, &BARSettings{Tol: 1e-14, MaxIter: 1})
	if !errors.Is(err, ErrNoConvergence) {
		t.Errorf("err = %v, want ErrNoConvergence", err)
	}
	if math.IsNaN(e.Value) {
		t.Error("non-converged BAR returned NaN")
	}
	if _, err := BAR(wF, []float64{math.NaN(), 1}, nil); !errors.Is(err, ErrNotFinite) {
		t.Errorf("err = %v, want ErrNotFinite", err)
	}
	if _, err := BAR(wF, []float64{1}, nil); !errors.Is(err, ErrTooFewSamples) {
		t.Errorf("err = %v, want ErrTooFewSamples", err)
	}
	// Extreme but finite works must not overflow into NaN.
	e, err = BAR([]float64{800, 900}, []float64{-700, -800}, nil)
	if err != nil || math.IsNaN(e.Value) || math.IsNaN(e.StdErr) {
		t.Errorf("extreme works: %+v, %v", e, err)
	}
}
