package thermo

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Harmonic-trap protocols with exact answers. Units: kT = 1, mobility 1 (friction γ = 1), so
// D = 1 and a trap of stiffness k relaxes at rate k. Both simulators advance x with the exact
// Ornstein–Uhlenbeck propagator of the current trap,
//
//	x ← c + (x − c) e^{−kΔt} + √((1 − e^{−2kΔt})/k) ξ,
//
// which leaves the current Boltzmann distribution exactly invariant, and change the control
// parameter in jumps that cost work W = Σ [U_{λ_{m+1}}(x) − U_{λ_m}(x)]. Jarzynski's equality
// ⟨e^{−W}⟩ = e^{−ΔF} therefore holds exactly for the simulated process, at any Δt.

// harmonicRelax applies the exact propagator of a trap of stiffness k centred at c.
func harmonicRelax(x, k, c, dt float64, rnd *rand.Rand) float64 {
	e := math.Exp(-k * dt)
	return c + (x-c)*e + math.Sqrt((1-e*e)/k)*rnd.NormFloat64()
}

// StiffnessQuench is a trap U = k x²/2 whose stiffness goes from K0 to K1 in Steps equal jumps,
// each followed by relaxation for Dt, starting in equilibrium at K0. Steps = 0 means an
// instantaneous quench (one jump, no relaxation).
//
// Exact: ΔF = ½ log(K1/K0) (Z_k = √(2π/k)). For the instantaneous quench W = (K1 − K0) x²/2 with
// x ~ N(0, 1/K0), so ⟨W⟩ = (K1 − K0)/(2K0), Var W = 2⟨W⟩², and ⟨e^{−W}⟩ = √(K0/K1) = e^{−ΔF}.
type StiffnessQuench struct {
	K0, K1 float64
	Steps  int
	Dt     float64
}

// DeltaF returns the exact ½ log(K1/K0). It panics as Work on invalid stiffnesses.
func (q StiffnessQuench) DeltaF() float64 {
	q.check()
	return 0.5 * math.Log(q.K1/q.K0)
}

// check panics with a "thermo: " message unless K0, K1 are positive and finite, Steps ≥ 0 and,
// with relaxation (Steps > 0), Dt is positive and finite.
func (q StiffnessQuench) check() {
	if !(q.K0 > 0 && q.K1 > 0) || math.IsInf(q.K0, 1) || math.IsInf(q.K1, 1) || q.Steps < 0 ||
		q.Steps > 0 && (!(q.Dt > 0) || math.IsInf(q.Dt, 1)) {
		panic(fmt.Sprintf("thermo: StiffnessQuench needs positive finite stiffnesses, Steps ≥ 0 and Dt > 0, got %+v", q))
	}
}

// Reverse returns the time-reversed protocol (K1 → K0).
func (q StiffnessQuench) Reverse() StiffnessQuench {
	return StiffnessQuench{K0: q.K1, K1: q.K0, Steps: q.Steps, Dt: q.Dt}
}

// Work returns the work of n independent realizations. It panics with a "thermo: " message for
// non-positive or infinite stiffnesses, Steps < 0, a non-positive Dt when Steps > 0, n < 0 or a
// nil generator (the signature has no error result).
func (q StiffnessQuench) Work(n int, rnd *rand.Rand) []float64 {
	q.check()
	checkRun("StiffnessQuench.Work", n, rnd)
	w := make([]float64, n)
	steps := max(q.Steps, 1)
	for i := range w {
		x := rnd.NormFloat64() / math.Sqrt(q.K0)
		k := q.K0
		for m := 1; m <= steps; m++ {
			next := q.K0 + (q.K1-q.K0)*float64(m)/float64(steps)
			w[i] += 0.5 * (next - k) * x * x
			k = next
			if q.Steps > 0 {
				x = harmonicRelax(x, k, 0, q.Dt, rnd)
			}
		}
	}
	return w
}

// DraggedTrap is a trap U = K(x − λ)²/2 dragged at speed V: λ advances by V·Dt in each of Steps
// jumps, each followed by relaxation for Dt, from equilibrium at λ = 0.
//
// Exact: ΔF = 0. The work is Gaussian (a linear functional of a Gaussian process) and obeys
// Jarzynski, so Var W = 2⟨W⟩. MeanWork gives ⟨W⟩ of the simulated (discrete) protocol exactly;
// as Dt → 0 it tends to the continuous result of Mazonka & Jarzynski (1999),
// ⟨W⟩ = V²[τ − (1 − e^{−Kτ})/K] with τ = Steps·Dt (ContinuousMeanWork).
type DraggedTrap struct {
	K, V  float64
	Steps int
	Dt    float64
}

// check panics with a "thermo: " message unless K and Dt are positive and finite, V is finite
// and Steps ≥ 1.
func (d DraggedTrap) check() {
	if !(d.K > 0 && d.Dt > 0) || math.IsInf(d.K, 1) || math.IsInf(d.Dt, 1) || math.IsNaN(d.V) ||
		math.IsInf(d.V, 0) || d.Steps < 1 {
		panic(fmt.Sprintf("thermo: DraggedTrap needs finite K > 0, Dt > 0, V and Steps ≥ 1, got %+v", d))
	}
}

// Work returns the work of n independent realizations. It panics with a "thermo: " message for
// invalid parameters (see check), n < 0 or a nil generator (the signature has no error result).
func (d DraggedTrap) Work(n int, rnd *rand.Rand) []float64 {
	d.check()
	checkRun("DraggedTrap.Work", n, rnd)
	w := make([]float64, n)
	delta := d.V * d.Dt
	for i := range w {
		x := rnd.NormFloat64() / math.Sqrt(d.K)
		lam := 0.0
		for m := 0; m < d.Steps; m++ {
			y := x - lam
			w[i] += 0.5 * d.K * ((y-delta)*(y-delta) - y*y)
			lam += delta
			x = harmonicRelax(x, d.K, lam, d.Dt, rnd)
		}
	}
	return w
}

// MeanWork returns ⟨W⟩ of the discrete protocol exactly. With y = x − λ before a jump, the jump
// costs K(Δ² − 2yΔ)/2 (Δ = V·Dt) and the relaxation maps ⟨y⟩ to (⟨y⟩ − Δ)e^{−K Dt}, from ⟨y⟩ = 0.
// It panics as Work on invalid parameters, and so do VarWork and ContinuousMeanWork.
func (d DraggedTrap) MeanWork() float64 {
	d.check()
	delta := d.V * d.Dt
	e := math.Exp(-d.K * d.Dt)
	var my, w float64
	for m := 0; m < d.Steps; m++ {
		w += 0.5 * d.K * (delta*delta - 2*my*delta)
		my = (my - delta) * e
	}
	return w
}

// VarWork returns Var W = 2⟨W⟩ (Gaussian work with ΔF = 0 and ⟨e^{−W}⟩ = 1).
func (d DraggedTrap) VarWork() float64 { return 2 * d.MeanWork() }

// ContinuousMeanWork returns the Dt → 0 limit V²[τ − (1 − e^{−Kτ})/K], τ = Steps·Dt.
func (d DraggedTrap) ContinuousMeanWork() float64 {
	d.check()
	tau := float64(d.Steps) * d.Dt
	return d.V * d.V * (tau - (1-math.Exp(-d.K*tau))/d.K)
}

// checkRun panics with a "thermo: " message for a negative sample count or a nil generator.
func checkRun(name string, n int, rnd *rand.Rand) {
	if n < 0 {
		panic(fmt.Sprintf("thermo: %s of %d realizations", name, n))
	}
	if rnd == nil {
		panic("thermo: " + name + " needs a random generator")
	}
}
