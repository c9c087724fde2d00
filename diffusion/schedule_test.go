package diffusion

import (
	"errors"
	"math"
	"testing"
)

// Reference values from the reference code's schedule at T = 40 (PAPER.md §3.3 table and
// shared/peers/README.md §3: β_1 = 0.025975725, β_2 = 0.0256249, β_40 = 0.4999955,
// ᾱ_T = 0.022925211, constant (D/2)(ln(1−ᾱ_T) − ln β_1) = 5.233233 bits for D = 2).
func TestReferenceScheduleT40(t *testing.T) {
	s, err := ReferenceSchedule(40, 0.001)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"β_1", s.Beta[1], 0.025975725, 1e-8},
		{"β_2", s.Beta[2], 0.0256249, 1e-7},
		{"β_40", s.Beta[40], 0.4999955, 1e-7},
		{"ᾱ_T", s.AlphaBar[40], 0.022925211, 1e-8},
		{"constant bits", s.BoundConstant(2) / Ln2, 5.233233, 1e-5},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.9g, want %.9g", c.name, c.got, c.want)
		}
	}
}

// PAPER.md §3.3: T = 1000 gives β_1 = 0.0020000, β_2 = 0.0010020, ᾱ_T = 0.000992.
func TestReferenceScheduleT1000(t *testing.T) {
	s, err := ReferenceSchedule(1000, 0.001)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Beta[1]-0.0020000) > 5e-7 || math.Abs(s.Beta[2]-0.0010020) > 5e-7 || math.Abs(s.AlphaBar[1000]-0.000992) > 5e-6 {
		t.Errorf("β_1 = %v, β_2 = %v, ᾱ_T = %v", s.Beta[1], s.Beta[2], s.AlphaBar[1000])
	}
}

func TestScheduleValidation(t *testing.T) {
	for _, bad := range [][]float64{{0.1}, {0.1, 0}, {0.1, 1}, {0.1, -0.2}, {0.1, math.NaN()}, {1.5, 0.1}} {
		if _, err := NewSchedule(bad); !errors.Is(err, ErrSchedule) {
			t.Errorf("NewSchedule(%v) = %v, want ErrSchedule", bad, err)
		}
	}
	for _, T := range []int{0, -3, 1} {
		if _, err := ReferenceSchedule(T, 0.001); !errors.Is(err, ErrSchedule) {
			t.Errorf("ReferenceSchedule(%d) error = %v", T, err)
		}
		if _, err := GeometricSchedule(T, 1e-4, 0.5); !errors.Is(err, ErrSchedule) {
			t.Errorf("GeometricSchedule(%d) error = %v", T, err)
		}
	}
	if _, err := GeometricSchedule(40, 1e-4, 1.2); !errors.Is(err, ErrSchedule) {
		t.Error("β_T = 1.2 accepted")
	}
	if _, err := LinearSchedule(40, 0, 0.5); !errors.Is(err, ErrSchedule) {
		t.Error("β_1 = 0 accepted")
	}
}

// Cosine schedule: ᾱ_t = f(t)/f(0) by construction (Nichol & Dhariwal 2021), β_t ≤ 0.999.
func TestCosineSchedule(t *testing.T) {
	const T, s0 = 100, 0.008
	s, err := CosineSchedule(T, s0)
	if err != nil {
		t.Fatal(err)
	}
	f := func(t int) float64 {
		c := math.Cos((float64(t)/T + s0) / (1 + s0) * math.Pi / 2)
		return c * c
	}
	for _, tt := range []int{1, 10, 50, 90} {
		if got, want := s.AlphaBar[tt], f(tt)/f(0); math.Abs(got-want) > 1e-12 {
			t.Errorf("ᾱ_%d = %v, want %v", tt, got, want)
		}
	}
	if s.Beta[T] > 0.999 {
		t.Errorf("β_T = %v exceeds the 0.999 clip", s.Beta[T])
	}
}

// Geometric schedule endpoints and ratio; PAPER.md peers §3: β_1 = 1e-4 to 0.5 at T = 40 gives
// ᾱ_T = 0.048299.
func TestGeometricSchedule(t *testing.T) {
	s, err := GeometricSchedule(40, 1e-4, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Beta[1]-1e-4) > 1e-15 || math.Abs(s.Beta[40]-0.5) > 1e-12 || math.Abs(s.AlphaBar[40]-0.048299) > 2e-6 {
		t.Errorf("β_1 = %v, β_T = %v, ᾱ_T = %v", s.Beta[1], s.Beta[40], s.AlphaBar[40])
	}
}
