package thermo

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// rateSystems are the OU systems with closed-form continuous rates (see
// TestOUEntropyProductionExact for the references).
var rateSystems = []struct {
	name  string
	p     *OU
	exact float64
}{
	{"two-bead chain T=1,10", BeadSpringChain([]float64{1, 10}, 1, 1), 81.0 / 40},
	{"driven trap α=0.7", DrivenTrap(1, 0.7), 2 * 0.49},
	{"gyrator", Gyrator(1, 3, 0.4, 1, 5), GyratorRate(1, 3, 0.4, 1, 5)},
}

// TestOURatesContinuousCorrection is issue 22, item 4: the path estimator is unbiased for the
// discrete rate σ_Δt, which at Δt = 0.3 is 11–45 % below the continuous rate; the corrected
// estimate κ·σ̂ (κ = σ/σ_Δt, exact) must agree with the closed-form continuous rate within
// zBound, at Δt = 0.3 and at the Δt = 0.01.
func TestOURatesContinuousCorrection(t *testing.T) {
	for _, c := range rateSystems {
		for _, dt := range []float64{0.01, 0.3} {
			rnd := newRand(40)
			path, err := c.p.NewPath(dt, rnd)
			if err != nil {
				t.Fatal(err)
			}
			if got := path.ContinuousRate(); math.Abs(got-c.exact) > 1e-12*c.exact {
				t.Errorf("%s: ContinuousRate %.15g, want %.15g", c.name, got, c.exact)
			}
			r, err := path.Rates(int(2000/dt), rnd) // 2000 time units
			if err != nil {
				t.Fatal(err)
			}
			if r.DiscreteRate != path.DiscreteRate() || r.ContinuousRate != path.ContinuousRate() || r.Dt != dt {
				t.Errorf("%s: rates %+v", c.name, r)
			}
			if k := r.ContinuousRate / r.DiscreteRate; math.Abs(r.Correction-k) > 1e-15*k || r.Correction <= 1 {
				t.Errorf("%s Δt=%v: correction %v, want %v > 1", c.name, dt, r.Correction, k)
			}
			if z := r.Continuous.Z(c.exact); math.Abs(z) > zBound {
				t.Errorf("%s Δt=%v: corrected %v vs exact %.4f, z = %.2f", c.name, dt, r.Continuous, c.exact, z)
			}
			if z := r.Discrete.Z(r.DiscreteRate); math.Abs(z) > zBound {
				t.Errorf("%s Δt=%v: discrete %v vs σ_Δt %.4f, z = %.2f", c.name, dt, r.Discrete, r.DiscreteRate, z)
			}
			// At Δt = 0.3 the uncorrected estimate is measurably off the continuous rate (|z| of
			// 8.8 to 17 at this seed): the correction is needed, and the test can fail.
			if z := r.Discrete.Z(c.exact); dt == 0.3 && math.Abs(z) < 2*zBound {
				t.Errorf("%s: uncorrected estimate %v only z = %.2f from %.4f", c.name, r.Discrete, z, c.exact)
			}
		}
	}
}

func TestOURateCorrectionClosedForm(t *testing.T) {
	// Driven trap (A = −kI + αJ, C = I/k, D = I): Φ = e^{−kΔt} R(αΔt), so
	// σ_Δt = 2α e^{−kΔt} sin(αΔt)/(kΔt) and κ = αΔt e^{kΔt}/sin(αΔt) (ou_rate.go).
	for _, c := range []struct{ k, alpha, dt float64 }{{1, 0.7, 0.01}, {2, 1.5, 0.2}, {0.5, 3, 0.7}} {
		path, err := DrivenTrap(c.k, c.alpha).NewPath(c.dt, newRand(41))
		if err != nil {
			t.Fatal(err)
		}
		want := 2 * c.alpha * math.Exp(-c.k*c.dt) * math.Sin(c.alpha*c.dt) / (c.k * c.dt)
		if got := path.DiscreteRate(); math.Abs(got-want) > 1e-12*want {
			t.Errorf("%+v: σ_Δt = %.15g, want %.15g", c, got, want)
		}
		r, err := path.Rates(100, newRand(42))
		if err != nil {
			t.Fatal(err)
		}
		kappa := c.alpha * c.dt * math.Exp(c.k*c.dt) / math.Sin(c.alpha*c.dt)
		if math.Abs(r.Correction-kappa) > 1e-12*kappa {
			t.Errorf("%+v: κ = %.15g, want %.15g", c, r.Correction, kappa)
		}
	}
	// Equilibrium (σ = σ_Δt = 0): κ = 1. Aliasing (αΔt = π: σ_Δt = 0 < σ): an error.
	r, err := BeadSpringChain([]float64{2, 2, 2}, 1.5, 1).NewPath(0.1, newRand(43))
	if err != nil {
		t.Fatal(err)
	}
	if q, err := r.Rates(1000, newRand(44)); err != nil || q.Correction != 1 || math.Abs(q.Continuous.Z(0)) > zBound {
		t.Errorf("equilibrium: %+v, %v", q, err)
	}
	alias, err := DrivenTrap(1, 2*math.Pi).NewPath(0.5, newRand(45))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := alias.Rates(1000, newRand(46)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("aliased time step: err = %v, want ErrInvalidInput", err)
	}
}

// recordPaths simulates n trajectories of the given number of steps with the exact propagator.
func recordPaths(p *OU, dt float64, n, steps int, seed uint64) [][][]float64 {
	rnd := newRand(seed)
	out := make([][][]float64, n)
	for r := range out {
		path, err := p.NewPath(dt, rnd)
		if err != nil {
			panic(err)
		}
		out[r] = append(out[r], append([]float64(nil), path.X()...))
		for s := 0; s < steps; s++ {
			path.Step(rnd)
			out[r] = append(out[r], append([]float64(nil), path.X()...))
		}
	}
	return out
}

// TestOUEntropyProductionFromPaths is issue 22, item 5 (trajectories supplied by the user).
func TestOUEntropyProductionFromPaths(t *testing.T) {
	// The same trajectory through both entry points gives the same estimate: Rates simulates
	// with the random stream that recordPaths replays (NewPath draws the start, then one draw
	// per coordinate per step).
	chain := BeadSpringChain([]float64{1, 10}, 1, 1)
	const dt, steps = 0.05, 20000
	recorded := recordPaths(chain, dt, 1, steps, 47)
	fromData, err := chain.EntropyProductionFromPaths(recorded, dt)
	if err != nil {
		t.Fatal(err)
	}
	rnd := newRand(47)
	path, _ := chain.NewPath(dt, rnd)
	simulated, err := path.Rates(steps, rnd)
	if err != nil {
		t.Fatal(err)
	}
	if fromData != simulated {
		t.Errorf("from paths %+v, simulated %+v", fromData, simulated)
	}
	// Many independent trajectories of every system: the continuous estimate against the
	// closed form within zBound.
	for i, c := range rateSystems {
		paths := recordPaths(c.p, 0.2, 40, 500, uint64(50+i)) // 40 × 100 time units
		r, err := c.p.EntropyProductionFromPaths(paths, 0.2)
		if err != nil {
			t.Fatal(err)
		}
		if z := r.Continuous.Z(c.exact); math.Abs(z) > zBound || r.Discrete.N != 40*500 {
			t.Errorf("%s: %v vs %.4f (z = %.2f), N = %d", c.name, r.Continuous, c.exact, z, r.Discrete.N)
		}
	}
	// Trajectories from an independent simulator: Euler–Maruyama at a fine step 1e-3 (its O(Δt)
	// bias, 0.1 %, is far below the error bar), sampled every 0.1 time units.
	em := &EulerMaruyama{D: []float64{1, 10}, Dt: 1e-3, Force: func(f, x []float64, _ float64) {
		f[0] = -2*x[0] + x[1] // the two-bead chain, k = γ = 1 (BeadSpringChain)
		f[1] = x[0] - 2*x[1]
	}}
	rnd = newRand(53)
	x := []float64{0, 0}
	for s := 0; s < 10000; s++ { // equilibrate for 10 time units (relaxation time 1)
		em.Step(x, 0, rnd)
	}
	var traj [][]float64
	for s := 0; s < 20000; s++ { // 2000 time units
		traj = append(traj, append([]float64(nil), x...))
		for k := 0; k < 100; k++ {
			em.Step(x, 0, rnd)
		}
	}
	r, err := chain.EntropyProductionFromPaths([][][]float64{traj}, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if z := r.Continuous.Z(81.0 / 40); math.Abs(z) > zBound {
		t.Errorf("Euler–Maruyama data: %v vs 81/40, z = %.2f", r.Continuous, z)
	}
	// Bad input is reported, never a panic.
	for name, c := range map[string]struct {
		p     *OU
		paths [][][]float64
		dt    float64
		want  error
	}{
		"too few steps": {chain, [][][]float64{{{0, 0}, {1, 1}}}, 0.1, ErrTooFewSamples},
		"short path":    {chain, [][][]float64{{{0, 0}}}, 0.1, ErrInvalidInput},
		"wrong length":  {chain, [][][]float64{{{0, 0}, {1}}}, 0.1, ErrInvalidInput},
		"NaN state":     {chain, [][][]float64{{{0, 0}, {math.NaN(), 1}}}, 0.1, ErrNotFinite},
		"zero dt":       {chain, recorded, 0, ErrInvalidInput},
		"nil model":     {nil, recorded, 0.1, ErrInvalidInput},
		"unstable": {&OU{A: mat.NewDense(2, 2, []float64{1, 0, 0, 1}), D: mat.NewSymDense(2, []float64{1, 0, 0, 1})},
			recorded, 0.1, ErrUnstable},
	} {
		if _, err := c.p.EntropyProductionFromPaths(c.paths, c.dt); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", name, err, c.want)
		}
	}
}
