package thermo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ar1 returns an AR(1) series x_{t+1} = φ x_t + ξ_t, started in its stationary distribution.
// Exact: Var x = 1/(1−φ²), C(t) = φ^t, so the statistical inefficiency is
// g = 1 + 2 Σ_{t≥1} φ^t = (1+φ)/(1−φ).
func ar1(phi float64, n int, rnd *rand.Rand) []float64 {
	x := make([]float64, n)
	x[0] = rnd.NormFloat64() / math.Sqrt(1-phi*phi)
	for t := 1; t < n; t++ {
		x[t] = phi*x[t-1] + rnd.NormFloat64()
	}
	return x
}

func TestStatisticalInefficiencyAR1(t *testing.T) {
	for _, phi := range []float64{0, 0.5, 0.9} {
		want := (1 + phi) / (1 - phi) // see ar1
		g := StatisticalInefficiency(ar1(phi, 50000, newRand(19)))
		// The estimator's relative error at n = 50000 and these φ is a few percent.
		if math.Abs(g/want-1) > 0.15 {
			t.Errorf("φ=%v: g = %.3f, want %.3f", phi, g, want)
		}
	}
	if g := StatisticalInefficiency([]float64{2, 2, 2}); g != 1 {
		t.Errorf("constant series: g = %v", g)
	}
}

func TestMeanCorrelatedAndBootstrap(t *testing.T) {
	// Exact standard error of the mean of AR(1): √(g Var x / n) with g = (1+φ)/(1−φ).
	const phi, n = 0.8, 40000
	want := math.Sqrt((1 + phi) / (1 - phi) / (1 - phi*phi) / n)
	x := ar1(phi, n, newRand(20))
	e, err := MeanCorrelated(x)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(e.StdErr/want-1) > 0.15 {
		t.Errorf("MeanCorrelated error %.5f, want %.5f", e.StdErr, want)
	}
	if z := e.Z(0); math.Abs(z) > zBound {
		t.Errorf("mean %v, z = %.2f", e, z)
	}
	mean := func(v []float64) float64 {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s / float64(len(v))
	}
	b, err := BlockBootstrap(x, 200, 200, mean, newRand(21))
	if err != nil {
		t.Fatal(err)
	}
	// 200 replicates estimate a standard deviation to about 5%; blocks of 200 ≫ τ ≈ 4.5.
	if math.Abs(b.StdErr/want-1) > 0.25 {
		t.Errorf("bootstrap error %.5f, want %.5f", b.StdErr, want)
	}
	// The naive iid error is too small by √g = 3: the bootstrap with block 1 reproduces it.
	b1, _ := BlockBootstrap(x, 1, 200, mean, newRand(22))
	if b1.StdErr > 0.6*want {
		t.Errorf("block-1 bootstrap %.5f should underestimate %.5f", b1.StdErr, want)
	}
}
