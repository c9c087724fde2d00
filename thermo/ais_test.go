package thermo

import (
	"math"
	"testing"
)

// The AIS test problem: prior N(0, 2²)ᵈ, target f₁(x) = exp(−Σ(x_i − 1)²/(2·0.5²)), so
// Z = (2π·0.25)^{d/2} and log Z = (d/2) log(π/2) (the Gaussian integral).
func aisProblem(d int, k Kernel, K int) (*AIS, float64) {
	mean := make([]float64, d)
	std := make([]float64, d)
	for i := range std {
		std[i] = 2
	}
	a := &AIS{
		Prior:  DiagNormal{Mean: mean, Std: std},
		Target: shiftedGauss{mu: 1, s: 0.5},
		Betas:  LinearBetas(K),
		Kernel: k,
	}
	return a, 0.5 * float64(d) * math.Log(math.Pi/2)
}

func TestAISGaussian(t *testing.T) {
	for _, c := range []struct {
		name string
		k    Kernel
	}{
		{"metropolis", Metropolis{Step: 0.4}},
		{"mala", Langevin{Step: 0.05, Adjusted: true, Sweeps: 2}},
	} {
		a, exact := aisProblem(3, c.k, 200)
		r, err := a.Run(400, 3, newRand(14))
		if err != nil {
			t.Fatal(err)
		}
		if z := r.LogZ.Z(exact); math.Abs(z) > zBound || r.LogZ.StdErr > 0.1 {
			t.Errorf("%s: log Z = %v (ESS %.0f), exact %.4f, z = %.2f", c.name, r.LogZ, r.LogZ.ESS, exact, z)
		}
	}
}

func TestAISUnadjustedLangevinBias(t *testing.T) {
	// ULA with a small step is close (its O(ε) bias is below 0.05 here) but not exact.
	a, exact := aisProblem(3, Langevin{Step: 0.005}, 200)
	r, err := a.Run(400, 3, newRand(15))
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(r.LogZ.Value - exact); d > 0.05+zBound*r.LogZ.StdErr {
		t.Errorf("ULA log Z = %v, exact %.4f", r.LogZ, exact)
	}
}

func TestAISOneStepIsImportanceSampling(t *testing.T) {
	// With betas {0, 1} AIS is plain importance sampling from the prior: log w = log f₁ − log p₀
	// at the prior sample, so the weights can be checked one by one.
	a, _ := aisProblem(1, Metropolis{Step: 1}, 1)
	r, err := a.Run(5, 1, newRand(16))
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range r.X {
		want := a.Target.LogProb(x) - a.Prior.LogProb(x)
		if math.Abs(r.LogW[i]-want) > 1e-12 {
			t.Errorf("chain %d: log w = %v, want %v", i, r.LogW[i], want)
		}
	}
}

func TestBDMCSandwich(t *testing.T) {
	// Exact target samples are N(1, 0.5²)ᵈ. The sandwich must contain log Z (within 4 standard
	// errors) and tighten as the schedule is refined.
	const d = 3
	rnd := newRand(17)
	exactSamples := make([][]float64, 200)
	tgt := DiagNormal{Mean: []float64{1, 1, 1}, Std: []float64{0.5, 0.5, 0.5}}
	for i := range exactSamples {
		exactSamples[i] = make([]float64, d)
		tgt.Rand(exactSamples[i], rnd)
	}
	var gaps []float64
	for _, K := range []int{5, 1000} {
		a, exact := aisProblem(d, Metropolis{Step: 0.4, Sweeps: 2}, K)
		s, err := BDMC(a, 200, d, exactSamples, rnd)
		if err != nil {
			t.Fatal(err)
		}
		if s.Lower.Value-zBound*s.Lower.StdErr > exact || s.Upper.Value+zBound*s.Upper.StdErr < exact {
			t.Errorf("K=%d: sandwich [%v, %v] misses log Z = %.4f", K, s.Lower, s.Upper, exact)
		}
		gaps = append(gaps, s.Gap())
	}
	t.Logf("BDMC gaps for K = 5, 1000: %.3f", gaps)
	if !(gaps[1] < gaps[0]) || gaps[1] > 0.2 {
		t.Errorf("gaps %v: not tightening", gaps)
	}
}

func BenchmarkAIS(b *testing.B) {
	// 100 chains × 1000 temperatures in 10 dimensions, Metropolis.
	a, _ := aisProblem(10, Metropolis{Step: 0.3}, 1000)
	rnd := newRand(18)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := a.Run(100, 10, rnd); err != nil {
			b.Fatal(err)
		}
	}
}
