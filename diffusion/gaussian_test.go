package diffusion

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The closed-form posterior (PAPER.md §2.1) must equal the product of the two Gaussians
// "prior from x^(0)" and "likelihood from x^(t)" that the reference code multiplies.
func TestPosteriorProductFormEqualsClosedForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, mk := range []func() (*Schedule, error){
		func() (*Schedule, error) { return ReferenceSchedule(40, 0.001) },
		func() (*Schedule, error) { return GeometricSchedule(40, 1e-5, 0.5) },
		func() (*Schedule, error) { return CosineSchedule(100, 0.008) },
	} {
		s, err := mk()
		if err != nil {
			t.Fatal(err)
		}
		for tt := 2; tt <= s.T; tt++ {
			x0 := []float64{rng.NormFloat64(), rng.NormFloat64()}
			xt := []float64{rng.NormFloat64(), rng.NormFloat64()}
			m1, m2 := make([]float64, 2), make([]float64, 2)
			v1 := s.Posterior(x0, xt, tt, m1)
			v2 := s.PosteriorProduct(x0, xt, tt, m2)
			if math.Abs(v1-v2) > 1e-12*math.Max(1, v1) {
				t.Fatalf("t=%d: β̃ %v vs product %v", tt, v1, v2)
			}
			for i := range m1 {
				if math.Abs(m1[i]-m2[i]) > 1e-10 {
					t.Fatalf("t=%d: μ̃ %v vs product %v", tt, m1, m2)
				}
			}
		}
	}
}

// The posterior must also be what Bayes' rule gives numerically: for D = 1,
// q(x^(t−1)|x^(t),x^(0)) ∝ q(x^(t)|x^(t−1)) q(x^(t−1)|x^(0)); compare the mean and variance of
// that product computed on a fine grid.
func TestPosteriorAgainstGridBayes(t *testing.T) {
	s, _ := ReferenceSchedule(10, 0.001)
	x0, xt, tt := []float64{0.7}, []float64{-0.3}, 5
	mu := make([]float64, 1)
	v := s.Posterior(x0, xt, tt, mu)
	var z, m1, m2 float64
	for i := -200000; i <= 200000; i++ {
		y := float64(i) * 2e-5
		w := math.Exp(LogNormal(xt[0], math.Sqrt(1-s.Beta[tt])*y, s.Beta[tt]) + LogNormal(y, math.Sqrt(s.AlphaBar[tt-1])*x0[0], 1-s.AlphaBar[tt-1]))
		z += w
		m1 += w * y
		m2 += w * y * y
	}
	gm := m1 / z
	gv := m2/z - gm*gm
	if math.Abs(gm-mu[0]) > 1e-6 || math.Abs(gv-v) > 1e-6 {
		t.Errorf("grid posterior N(%v, %v), closed form N(%v, %v)", gm, gv, mu[0], v)
	}
}

func TestGaussianKLNonNegative(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for range 10000 {
		mq, mp := 3*rng.NormFloat64(), 3*rng.NormFloat64()
		vq, vp := math.Exp(4*rng.NormFloat64()), math.Exp(4*rng.NormFloat64())
		if kl := GaussianKL(mq, vq, mp, vp); !(kl >= -1e-12) {
			t.Fatalf("KL(N(%v,%v)‖N(%v,%v)) = %v < 0", mq, vq, mp, vp, kl)
		}
	}
	if kl := GaussianKL(0.3, 0.2, 0.3, 0.2); math.Abs(kl) > 1e-15 {
		t.Errorf("KL of identical Gaussians = %v", kl)
	}
	// Closed form: KL(N(0,1)‖N(1,2)) = ½(ln 2 + (1+1)/2 − 1) = ½ ln 2.
	if kl := GaussianKL(0, 1, 1, 2); math.Abs(kl-0.5*math.Ln2) > 1e-15 {
		t.Errorf("KL(N(0,1)‖N(1,2)) = %v, want ½ ln 2", kl)
	}
}

// Marginal sampling: x^(t) = √ᾱ_t x^(0) + √(1−ᾱ_t) ε has variance ᾱ_t v0 + 1 − ᾱ_t; for
// unit-variance data it stays 1 at every t (the invariance eq. 14's B.1 step needs).
func TestForwardMarginalVariance(t *testing.T) {
	s, _ := ReferenceSchedule(40, 0.001)
	rng := rand.New(rand.NewPCG(3, 3))
	const n = 200000
	for _, tt := range []int{1, 20, 40} {
		var m2 float64
		x, xt := []float64{0}, []float64{0}
		for range n {
			x[0] = rng.NormFloat64()
			s.ForwardMarginal(x, tt, rng, xt, nil)
			m2 += xt[0] * xt[0]
		}
		v := m2 / n
		// sd of the sample variance of N(0,1) data is √(2/n) = 0.0032; bound |z| < 4.
		if math.Abs(v-1) > 4*math.Sqrt(2.0/n) {
			t.Errorf("t=%d: variance %v, want 1", tt, v)
		}
	}
}

// PAPER.md §3.4: for J = 10, T = 1000, g(0) ≈ (0.8805, 0.1192, 0.0003, 0, …) and
// g(500) ≈ (…, 0.0088, 0.4866, 0.4954, 0.0092, …) (code index; paper step t = index + 1).
func TestTemporalBasis(t *testing.T) {
	b := NewTemporalBasis(10, 1000)
	g0 := b.Weights(1)
	want0 := []float64{0.8805, 0.1192, 0.0003}
	for j, w := range want0 {
		if math.Abs(g0[j]-w) > 1e-4 {
			t.Errorf("g_%d(0) = %.4f, want %.4f", j, g0[j], w)
		}
	}
	g500 := b.Weights(501)
	want := map[int]float64{3: 0.0088, 4: 0.4866, 5: 0.4954, 6: 0.0092}
	for j, w := range want {
		if math.Abs(g500[j]-w) > 1e-4 {
			t.Errorf("g_%d(500) = %.4f, want %.4f", j, g500[j], w)
		}
	}
	var sum float64
	for _, v := range g500 {
		sum += v
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("basis not normalized: %v", sum)
	}
	if z := b.Readout([]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 700); math.Abs(z-1) > 1e-12 {
		t.Errorf("readout of constant coefficients = %v, want 1", z)
	}
}
