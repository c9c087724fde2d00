package thermo

import (
	"errors"
	"math"
	"testing"
)

func TestCrooksCheckGaussian(t *testing.T) {
	// Gaussian work distributions obeying Crooks with ΔF = 2 (gaussianCrooksWork): slope 1,
	// and ΔF = 2 from the intercept.
	wF, wR := gaussianCrooksWork(2, 1.5, 20000, 10000, newRand(33))
	c, df, err := CrooksCheck(wF, wR)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Z) > zBound || c.Estimate.StdErr > 0.05 {
		t.Errorf("slope %v, z = %.2f", c.Estimate, c.Z)
	}
	if math.Abs(df-2) > 0.05 {
		t.Errorf("ΔF from the intercept %.3f, want 2", df)
	}
	// A violation must be detected: the reverse work of a different ΔF shifts the intercept
	// but not the slope; a rescaled forward distribution changes the slope.
	for i := range wF {
		wF[i] = 2 + (wF[i]-2)*1.5
	}
	c, _, err = CrooksCheck(wF, wR)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Z) < 10 {
		t.Errorf("broken Crooks not detected: slope %v, z = %.2f", c.Estimate, c.Z)
	}
}

func TestJarzynskiAndIntegralFT(t *testing.T) {
	// Instantaneous quench K 1 → 2: ΔF = ½ log 2 exactly (StiffnessQuench).
	q := StiffnessQuench{K0: 1, K1: 2}
	w := q.Work(20000, newRand(34))
	c, err := JarzynskiCheck(w, q.DeltaF())
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Z) > zBound {
		t.Errorf("Jarzynski: %v vs %.4f, z = %.2f", c.Estimate, q.DeltaF(), c.Z)
	}
	// The dissipated work W − ΔF is the total entropy production of the quench: IFT.
	sigma := make([]float64, len(w))
	for i, v := range w {
		sigma[i] = v - q.DeltaF()
	}
	c, err = IntegralFTCheck(sigma)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Z) > zBound {
		t.Errorf("IFT: %v, z = %.2f", c.Estimate, c.Z)
	}
	p, _ := PathEntropy(sigma)
	if p.Value <= 0 {
		t.Errorf("mean entropy production %v should be positive", p)
	}
	// With a wrong ΔF (off by 0.2) the check fails.
	c, _ = JarzynskiCheck(w, q.DeltaF()+0.2)
	if math.Abs(c.Z) < 10 {
		t.Errorf("wrong ΔF not detected, z = %.2f", c.Z)
	}
}

func TestCrooksCheckNoOverlap(t *testing.T) {
	// Forward works all below −wR: perfectly separated samples, the slope diverges.
	if _, _, err := CrooksCheck([]float64{0, 1, 2}, []float64{-10, -11, -12}); !errors.Is(err, ErrNoConvergence) {
		t.Errorf("err = %v, want ErrNoConvergence", err)
	}
}
