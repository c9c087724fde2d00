package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/thermodiff/thermodiff/diffusion"
)

// The accounting on the Gaussian oracle (N(0, I) data, the identity reverse kernel, which is
// the exact reversal; PAPER.md §8 test (i)): every trajectory's work is −ln π(x⁰), so the
// Jarzynski estimate equals the exact grid density per point with zero spread, the dissipated
// work is 0, the BDMC bounds coincide with the exact value, and the single-trajectory bound
// equals the likelihood (quasi-static limit, eq. 9 with one sample). Tolerances are the grid's
// (1e-5 nats) and float rounding (the delta-method SE of identical weights is √(rounding) ≈ 1e-8).
func TestThermoAccountingGaussianOracle(t *testing.T) {
	s, err := diffusion.GeometricSchedule(6, 0.05, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	net, err := diffusion.NewMLPNet(2, 6, []int{8}, rand.New(rand.NewPCG(1, 1))) // zero readout
	if err != nil {
		t.Fatal(err)
	}
	m := &diffusion.Model{Sched: s, Net: net, Param: diffusion.ReferenceParam}
	rng := rand.New(rand.NewPCG(4, 4))
	x := make([]float64, 2*60)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	a, err := NewThermoAccounting(m, x, ThermoConfig{Points: 30, Traj: 5, Samples: 40, ODEPoints: 10}, rng)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-5
	for p := 0; p < a.Points; p++ {
		lp := (diffusion.LogNormal(x[2*p], 0, 1) + diffusion.LogNormal(x[2*p+1], 0, 1)) / math.Ln2
		if e := a.LogPEXP[p]; math.Abs(e.Value-lp) > 1e-9 || e.StdErr > 1e-6 {
			t.Errorf("point %d: Jarzynski %.12f ± %.3g bits, exact ln π = %.12f", p, e.Value, e.StdErr, lp)
		}
		if math.Abs(a.LogPGrid[p]-lp) > tol {
			t.Errorf("point %d: grid %.9f bits, exact %.9f", p, a.LogPGrid[p], lp)
		}
	}
	if math.Abs(a.DissipatedBits) > tol || math.Abs(a.MeanLogWBits-a.MeanEXPBits) > 1e-9 {
		t.Errorf("dissipated work %g bits, −⟨W⟩ %g vs ln p %g: want 0 and equal", a.DissipatedBits, a.MeanLogWBits, a.MeanEXPBits)
	}
	if math.Abs(a.BDMCLowerBits-a.BDMCUpperBits) > 1e-9 || math.Abs(a.BDMCExactBits-a.BDMCUpperBits) > tol {
		t.Errorf("BDMC %g ≤ %g ≤ %g: want all equal", a.BDMCLowerBits, a.BDMCExactBits, a.BDMCUpperBits)
	}
	if math.Abs(a.ODEBits-a.MeanEXPBits) > 1 { // different point sets; a sanity bound only
		t.Errorf("ODE %g bits far from %g", a.ODEBits, a.MeanEXPBits)
	}
	for i, w := range a.ReverseStepWorkBits {
		if math.IsNaN(w) || math.IsNaN(a.ForwardStepWorkBits[i]) {
			t.Fatalf("step work NaN at t = %d", a.StepT[i])
		}
	}
	if len(a.Charts()) != 5 {
		t.Errorf("%d charts, want 5", len(a.Charts()))
	}
}

// The second law for the forward process: with the data's exact density (the Swiss roll,
// raw noise 0.25) every step produces entropy, KL(q_{t−1}‖π) − KL(q_t‖π) ≥ 0 (the kernel is in
// detailed balance with π, so the relative entropy to π cannot grow); the Monte Carlo error on
// 1000 shared draws (seed 6) is allowed 0.02 bits per step, and the total must be positive.
func TestSwissRollEntropyProductionSecondLaw(t *testing.T) {
	s, err := diffusion.GeometricSchedule(20, 1e-3, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	ep := SwissRollEntropyProduction(0.25, s.Betas(), 1000, rand.New(rand.NewPCG(6, 6)))
	var tot float64
	for i, v := range ep {
		if v < -0.02 || math.IsNaN(v) {
			t.Errorf("step %d: entropy production %g bits < 0", i+1, v)
		}
		tot += v
	}
	if !(tot > 0) {
		t.Errorf("total entropy production %g bits", tot)
	}
}
