package thermo

import (
	"math"
	"testing"
)

func TestFlashingRatchet(t *testing.T) {
	r := FlashingRatchet{L: 6, Height: 4, Peak: 1, Hop: 1, Flip: 0.5}
	exact, err := SchnakenbergRate(r.Rates())
	if err != nil {
		t.Fatal(err)
	}
	j, err := r.StationaryCurrent()
	if err != nil {
		t.Fatal(err)
	}
	if !(exact > 0) || j == 0 {
		t.Fatalf("asymmetric flashing ratchet: σ = %v, current %v; want both nonzero", exact, j)
	}
	// The simulated trajectory's entropy production matches the Schnakenberg rate.
	const dur = 20000.0
	rnd := newRand(27)
	states, times := SimulateJumps(r.Rates(), 0, dur, rnd)
	e, err := SchnakenbergFromJumps(states, times, 2*r.L, dur)
	if err != nil {
		t.Fatal(err)
	}
	if z := e.Z(exact); math.Abs(z) > zBound {
		t.Errorf("σ estimate %v vs exact %.4f, z = %.2f", e, exact, z)
	}
	// The current over blocks of time 100: mean near the exact current, and the TUR bound from
	// its statistics does not exceed the exact σ (allowing 4 standard errors of the bound).
	const block = 100.0
	var cur []float64
	start := 0
	for b := 1; float64(b)*block <= dur; b++ {
		end := start
		for end < len(times) && times[end] < float64(b)*block {
			end++
		}
		cur = append(cur, float64(r.Current(states[start:end+1])))
		start = end
	}
	m, v := meanVar(cur)
	se := math.Sqrt(v / float64(len(cur)))
	if z := (m - j*block) / se; math.Abs(z) > zBound {
		t.Errorf("block current %.3f vs exact %.3f, z = %.2f", m, j*block, z)
	}
	bound := TURBound(m, v, block)
	t.Logf("ratchet: σ = %v (exact %.4f), current %.4f (exact %.4f), TUR bound %.4f", e, exact, m/block, j, bound)
	// Relative error of the bound: 2·SE(m)/m (variance estimate errors are smaller).
	if bound*(1-zBound*2*se/math.Abs(m)) > exact {
		t.Errorf("TUR bound %.4f exceeds σ = %.4f", bound, exact)
	}
	// A flat potential is an equilibrium system: σ = 0 and no current.
	flat := FlashingRatchet{L: 6, Height: 0, Peak: 1, Hop: 1, Flip: 0.5}
	if s, _ := SchnakenbergRate(flat.Rates()); math.Abs(s) > 1e-12 {
		t.Errorf("flat ratchet σ = %v", s)
	}
}

func TestTURBoundRandomWalk(t *testing.T) {
	// Biased random walk with rates k₊, k₋: ⟨J⟩ = (k₊−k₋)τ, Var J = (k₊+k₋)τ (Poisson), and
	// σ = (k₊−k₋) log(k₊/k₋); the bound 2(k₊−k₋)²/(k₊+k₋) is below σ and tight near equilibrium.
	for _, c := range []struct{ kp, km float64 }{{2, 1}, {1.01, 1}, {10, 0.1}} {
		tau := 3.0
		bound := TURBound((c.kp-c.km)*tau, (c.kp+c.km)*tau, tau)
		sigma := (c.kp - c.km) * math.Log(c.kp/c.km)
		if bound > sigma {
			t.Errorf("k=%v: bound %v > σ %v", c, bound, sigma)
		}
		if c.kp == 1.01 && bound/sigma < 0.999 {
			t.Errorf("near equilibrium the bound should be tight: %v vs %v", bound, sigma)
		}
	}
}
