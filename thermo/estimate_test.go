package thermo

import (
	"errors"
	"math"
	"testing"
)

func TestEstimateString(t *testing.T) {
	e := Estimate{Value: 1.0876, StdErr: 0.0762}
	if got, want := e.String(), "1.088 ± 0.076"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestEstimateZAndBits(t *testing.T) {
	e := Estimate{Value: 3, StdErr: 0.5}
	if z := e.Z(2); z != 2 {
		t.Errorf("Z = %v, want 2", z)
	}
	if z := (Estimate{Value: 1}).Z(1); z != 0 {
		t.Errorf("Z of exact zero-error estimate = %v, want 0", z)
	}
	if z := (Estimate{Value: 1}).Z(0); !math.IsInf(z, 1) {
		t.Errorf("Z of wrong zero-error estimate = %v, want +Inf", z)
	}
	b := Estimate{Value: math.Ln2, StdErr: 2 * math.Ln2}.Bits()
	if math.Abs(b.Value-1) > 1e-15 || math.Abs(b.StdErr-2) > 1e-15 {
		t.Errorf("Bits() = %v", b)
	}
}

func TestMeanEstimate(t *testing.T) {
	// Reference: mean of 1..4 is 2.5, sample variance 5/3, standard error sqrt(5/12).
	e, err := MeanEstimate([]float64{1, 2, 3, 4})
	if err != nil {
		t.Fatal(err)
	}
	if e.Value != 2.5 || math.Abs(e.StdErr-math.Sqrt(5.0/12)) > 1e-15 || e.N != 4 {
		t.Errorf("MeanEstimate = %+v", e)
	}
	if _, err := MeanEstimate([]float64{1}); !errors.Is(err, ErrTooFewSamples) {
		t.Errorf("one sample: err = %v, want ErrTooFewSamples", err)
	}
	if _, err := MeanEstimate([]float64{1, math.NaN()}); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN: err = %v, want ErrNotFinite", err)
	}
}
