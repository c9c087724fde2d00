package thermo

import (
	"math"
	"testing"
)

func TestStiffnessQuenchInstant(t *testing.T) {
	// Exact (StiffnessQuench doc): K0 = 1 → K1 = 3 instantly: ⟨e^{−W}⟩ = √(1/3),
	// ⟨W⟩ = (3 − 1)/2 = 1, Var W = 2.
	q := StiffnessQuench{K0: 1, K1: 3}
	w := q.Work(40000, newRand(28))
	m, err := MeanEstimate(w)
	if err != nil {
		t.Fatal(err)
	}
	if z := m.Z(1); math.Abs(z) > zBound {
		t.Errorf("⟨W⟩ = %v, want 1 (z = %.2f)", m, z)
	}
	ex := make([]float64, len(w))
	for i, v := range w {
		ex[i] = math.Exp(-v)
	}
	me, _ := MeanEstimate(ex)
	if z := me.Z(math.Sqrt(1.0 / 3)); math.Abs(z) > zBound {
		t.Errorf("⟨e^{−W}⟩ = %v, want √(1/3) (z = %.2f)", me, z)
	}
	e, _ := EXPForward(w)
	if z := e.Z(q.DeltaF()); math.Abs(z) > zBound {
		t.Errorf("EXP %v vs ΔF %.4f (z = %.2f)", e, q.DeltaF(), z)
	}
}

func TestStiffnessQuenchJarzynskiAndCrooks(t *testing.T) {
	// A finite-time quench: Jarzynski holds exactly for the simulated process at any Δt, and BAR
	// on forward and reverse protocols recovers ΔF = ½ log 4. (Reverse EXP is left out on
	// purpose: for the instantaneous 4 → 1 expansion e^{−W_R} = e^{3x²/2} with x ~ N(0, ¼) has
	// infinite variance, so its delta-method error is meaningless; that is what BAR is for.)
	q := StiffnessQuench{K0: 1, K1: 4, Steps: 10, Dt: 0.05}
	rnd := newRand(29)
	wF := q.Work(5000, rnd)
	wR := q.Reverse().Work(5000, rnd)
	for name, f := range map[string]func() (Estimate, error){
		"EXP forward": func() (Estimate, error) { return EXPForward(wF) },
		"BAR":         func() (Estimate, error) { return BAR(wF, wR, nil) },
	} {
		e, err := f()
		if err != nil {
			t.Fatal(err)
		}
		if z := e.Z(q.DeltaF()); math.Abs(z) > zBound {
			t.Errorf("%s: %v vs ΔF %.4f (z = %.2f)", name, e, q.DeltaF(), z)
		}
	}
	// Dissipation: ⟨W_F⟩ > ΔF (second law).
	if m, _ := MeanEstimate(wF); m.Value <= q.DeltaF() {
		t.Errorf("⟨W⟩ = %v not above ΔF", m)
	}
}

func TestDraggedTrap(t *testing.T) {
	d := DraggedTrap{K: 2, V: 1.5, Steps: 200, Dt: 0.01}
	// The discrete mean approaches the continuous Mazonka–Jarzynski formula as Dt → 0.
	fine := DraggedTrap{K: 2, V: 1.5, Steps: 20000, Dt: 0.0001}
	if a, b := fine.MeanWork(), fine.ContinuousMeanWork(); math.Abs(a-b) > 1e-3*b {
		t.Errorf("fine discrete ⟨W⟩ %.6f vs continuous %.6f", a, b)
	}
	w := d.Work(20000, newRand(30))
	m, v := meanVar(w)
	n := float64(len(w))
	mean := Estimate{Value: m, StdErr: math.Sqrt(v / n)}
	if z := mean.Z(d.MeanWork()); math.Abs(z) > zBound {
		t.Errorf("⟨W⟩ = %v, exact %.4f (z = %.2f)", mean, d.MeanWork(), z)
	}
	// Var of the sample variance of Gaussian data: 2σ⁴/(n−1).
	varEst := Estimate{Value: v, StdErr: math.Sqrt(2/(n-1)) * d.VarWork()}
	if z := varEst.Z(d.VarWork()); math.Abs(z) > zBound {
		t.Errorf("Var W = %v, exact %.4f (z = %.2f)", varEst, d.VarWork(), z)
	}
	// Jarzynski with ΔF = 0.
	if e, _ := EXPForward(w); math.Abs(e.Z(0)) > zBound {
		t.Errorf("EXP on dragged trap: %v, want 0", e)
	}
}
