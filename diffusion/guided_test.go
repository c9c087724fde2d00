package diffusion

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Eq. 61 against the exact product for a Gaussian r(x) = N(y; x, s²): the exact mean is
// μ + v/(v + s²)·(y − μ) (product of Gaussians, closed form), eq. 61 gives μ + v·(y − μ)/s², so
// the two shifts differ by the factor 1 + v/s² exactly. With the standard deviation in place of
// the covariance (the fork's bug, PAPER.md §7.4) the shift is off by 1/√v.
func TestPerturbMeanMatchesGaussianProduct(t *testing.T) {
	mu := []float64{0.3, -1, 2}
	y := []float64{1, 1, -1}
	for _, v := range []float64{1e-4, 1e-3, 0.02} {
		for _, s2 := range []float64{1, 0.5} {
			vs := []float64{v, v, v}
			exact, ve := append([]float64(nil), mu...), append([]float64(nil), vs...)
			GaussianProductStep(exact, ve, y, s2)
			first := append([]float64(nil), mu...)
			g := make([]float64, 3)
			for i := range g {
				g[i] = (y[i] - mu[i]) / s2 // ∇ log N(y; x, s²) at x = μ
			}
			PerturbMean(first, vs, g)
			for i := range mu {
				se, sf := exact[i]-mu[i], first[i]-mu[i]
				if math.Abs(sf/se-(1+v/s2)) > 1e-9 {
					t.Errorf("v = %v, s² = %v: shift ratio %v, want 1 + v/s² = %v", v, s2, sf/se, 1+v/s2)
				}
				if math.Abs(ve[i]-1/(1/v+1/s2)) > 1e-15 {
					t.Errorf("product variance %v", ve[i])
				}
				// the std-for-covariance bug would shift by √v·g, far from the exact shift
				if bug := math.Sqrt(v) * g[i]; math.Abs(bug/se-1) < 0.5 {
					t.Errorf("std-scaled shift %v indistinguishable from exact %v", bug, se)
				}
			}
		}
	}
}

// Whole chains: with the same initial state and noise stream, the first-order chain for a
// Gaussian r tracks the exact (Denoise) chain to O(v/s²) per step; with a broad likelihood
// (s² = 25) the final samples agree to 0.02, and with a sharp one (s² = 0.01) the first-order
// chain must differ (its shift v·(y−μ)/s² overshoots by 1 + v/s² ≫ 1 at the noisy end).
func TestSamplePerturbedTracksExactProduct(t *testing.T) {
	m := tinyImageModel(t, 1)
	D := m.Net.Dim()
	rng := rand.New(rand.NewPCG(4, 4))
	y := make([]float64, 2*D)
	for i := range y {
		y[i] = rng.NormFloat64()
	}
	for _, c := range []struct {
		s2    float64
		close bool
	}{{25, true}, {0.01, false}} {
		grad := func(x []float64, lo int, g []float64) {
			for i := range x {
				g[i] = (y[lo*D+i] - x[i]) / c.s2
			}
		}
		a, err := m.Denoise(y, c.s2, 2, rand.New(rand.NewPCG(5, 5)))
		if err != nil {
			t.Fatal(err)
		}
		b, err := m.SamplePerturbed(y, grad, 2, rand.New(rand.NewPCG(5, 5)))
		if c.close && err != nil {
			t.Fatal(err)
		}
		var maxd float64
		for i := range a {
			if err == nil {
				maxd = math.Max(maxd, math.Abs(a[i]-b[i]))
			}
		}
		if c.close && maxd > 0.02 {
			t.Errorf("s² = %v: first-order and exact chains differ by %v", c.s2, maxd)
		}
		if !c.close && err == nil && maxd < 0.05 {
			t.Errorf("s² = %v: first-order chain indistinguishable from exact (%v): the test cannot fail", c.s2, maxd)
		}
	}
	if _, err := m.SamplePerturbed(y[:3], func([]float64, int, []float64) {}, 1, rng); err == nil {
		t.Error("ragged input accepted")
	}
}
