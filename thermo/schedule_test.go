package thermo

import (
	"math"
	"testing"
)

// binomialSchedule is the paper's binomial schedule β_t = 1/(T − t + 1) (PAPER.md §2.5), for which
// ᾱ_t = (T − t)/T and β_T = 1.
func binomialSchedule(T int) []float64 {
	b := make([]float64, T)
	for t := 1; t <= T; t++ {
		b[t-1] = 1 / float64(T-t+1)
	}
	return b
}

// linearSchedule is a Gaussian schedule linear from lo to hi.
func linearSchedule(T int, lo, hi float64) []float64 {
	b := make([]float64, T)
	for i := range b {
		b[i] = lo + (hi-lo)*float64(i)/float64(T-1)
	}
	return b
}

func TestAlphaBarBinomialSchedule(t *testing.T) {
	// Reference: ᾱ_t = (T − t)/T for β_t = 1/(T − t + 1) (telescoping product, PAPER.md §2.5).
	const T = 20
	for i, a := range AlphaBar(binomialSchedule(T)) {
		if want := float64(T-i-1) / T; math.Abs(a-want) > 1e-14 {
			t.Errorf("ᾱ_%d = %v, want %v", i+1, a, want)
		}
	}
}

func TestGaussianReverseEntropyBounds(t *testing.T) {
	beta := linearSchedule(50, 1e-3, 0.2)
	ab := AlphaBar(beta)
	lower, upper := GaussianReverseEntropyBounds(beta)
	if !math.IsInf(lower[0], -1) {
		t.Errorf("lower bound at t = 1 is %v, want −Inf", lower[0])
	}
	for i := 1; i < len(beta); i++ {
		// Reference: PAPER.md §2.7, lower = ½ log(2πe β̃_t), β̃_t = (1−ᾱ_{t−1})β_t/(1−ᾱ_t);
		// upper = ½ log(2πe β_t).
		bt := (1 - ab[i-1]) * beta[i] / (1 - ab[i])
		if d := lower[i] - GaussianEntropy(bt); math.Abs(d) > 1e-12 {
			t.Errorf("t=%d: lower %v vs ½log(2πe β̃) %v", i+1, lower[i], GaussianEntropy(bt))
		}
		if d := upper[i] - GaussianEntropy(beta[i]); math.Abs(d) > 1e-15 {
			t.Errorf("t=%d: upper %v", i+1, upper[i])
		}
		// The exact reverse entropy for Gaussian data of variance v ≤ 1 lies between them:
		// with s = Var x⁽ᵗ⁻¹⁾ = ᾱ_{t−1}v + 1 − ᾱ_{t−1}, Var(x⁽ᵗ⁻¹⁾|x⁽ᵗ⁾) = sβ_t/(α_t s + β_t)
		// (jointly Gaussian, Cov = √α_t s). v = 1 reaches the upper bound.
		for _, v := range []float64{1e-9, 0.3, 1} {
			s := ab[i-1]*v + 1 - ab[i-1]
			h := GaussianEntropy(s * beta[i] / ((1-beta[i])*s + beta[i]))
			if h < lower[i]-1e-9 || h > upper[i]+1e-9 {
				t.Errorf("t=%d v=%v: exact %v outside [%v, %v]", i+1, v, h, lower[i], upper[i])
			}
			if v == 1 && math.Abs(h-upper[i]) > 1e-12 {
				t.Errorf("t=%d: unit-variance data should reach the upper bound", i+1)
			}
		}
	}
}

// exactBitReverseEntropy returns H(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾) for one bit from the exact 2×2 joint law.
func exactBitReverseEntropy(m, b, rho float64) float64 {
	// P(a, c) = P(x⁽ᵗ⁻¹⁾ = a) q(x⁽ᵗ⁾ = c | a).
	p1 := []float64{m, 1 - m}               // a = 1, 0
	up := []float64{1 - b + rho*b, rho * b} // q(c = 1 | a)
	var hJoint, pc1 float64
	for a := 0; a < 2; a++ {
		hJoint -= xlogx(p1[a]*up[a]) + xlogx(p1[a]*(1-up[a]))
		pc1 += p1[a] * up[a]
	}
	return hJoint - BernoulliEntropy(pc1)
}

func TestBinomialReverseEntropyBounds(t *testing.T) {
	const T = 20
	beta := binomialSchedule(T)
	for _, c := range []struct{ rho, p0 float64 }{{0.2, 0.2}, {0.5, 0.1}, {0.5, 0.9}} {
		lower, upper := BinomialReverseEntropyBounds(beta, c.rho, c.p0)
		m := binomialMarginal(beta, c.rho, c.p0)
		if lower[0] != 0 && math.Abs(lower[0]) > 1e-15 {
			t.Errorf("lower bound at t = 1 is %v, want 0", lower[0])
		}
		for i := range beta {
			h := exactBitReverseEntropy(m[i], beta[i], c.rho)
			if h < lower[i]-1e-12 || h > upper[i]+1e-12 {
				t.Errorf("ρ=%v p0=%v t=%d: exact %v outside [%v, %v]", c.rho, c.p0, i+1, h, lower[i], upper[i])
			}
		}
	}
	// Reference: with β_T = 1 the last step erases the bit: H_q(X⁽ᵀ⁾|X⁽⁰⁾) = H_b(ρ) (PAPER.md §2.4).
	marg := BinomialMarginalEntropy(beta, 0.2, 0.3)
	if math.Abs(marg[T-1]-BernoulliEntropy(0.2)) > 1e-15 {
		t.Errorf("H(X^T|X^0) = %v, want H_b(0.2)", marg[T-1])
	}
	// Reference: H_q(X⁽¹⁾|X⁽⁰⁾) with the heartbeat schedule (T = 2000, ρ = 0.2, p0 = 0.2) is
	// ≈ 0.044 bits per sequence of 20 bits (PAPER.md §4.2, first-order estimate).
	h1 := 20 * BinomialMarginalEntropy(binomialSchedule(2000), 0.2, 0.2)[0] / math.Ln2
	if math.Abs(h1-0.044) > 0.005 {
		t.Errorf("heartbeat H(X^1|X^0) = %.4f bits, want ≈ 0.044", h1)
	}
}

func TestForwardEntropyProduction(t *testing.T) {
	beta := linearSchedule(100, 1e-4, 0.05)
	ab := AlphaBar(beta)
	// Gaussian data N(2, 0.25): every step produces entropy, and the total telescopes to
	// KL(q₀‖π) − KL(q_T‖π).
	sig := GaussianForwardEntropyProduction(beta, 2, 0.25)
	total := 0.0
	for i, s := range sig {
		if s < 0 {
			t.Errorf("step %d: negative entropy production %v", i+1, s)
		}
		total += s
	}
	aT := ab[len(ab)-1]
	want := KLGaussian(2, 0.25, 0, 1) - KLGaussian(2*math.Sqrt(aT), 0.25*aT+1-aT, 0, 1)
	if math.Abs(total-want) > 1e-12 {
		t.Errorf("total %v, want %v", total, want)
	}
	// Data already at equilibrium produces nothing.
	for _, s := range GaussianForwardEntropyProduction(beta, 0, 1) {
		if math.Abs(s) > 1e-15 {
			t.Errorf("equilibrium data produced %v", s)
		}
	}
	// Binomial with β_T = 1: total = KL(B(p0)‖B(ρ)) exactly (q_T = π).
	bsig := BinomialForwardEntropyProduction(binomialSchedule(30), 0.2, 0.7)
	total = 0
	for _, s := range bsig {
		if s < -1e-15 {
			t.Errorf("negative binomial entropy production %v", s)
		}
		total += s
	}
	if want := KLBernoulli(0.7, 0.2); math.Abs(total-want) > 1e-12 {
		t.Errorf("binomial total %v, want %v", total, want)
	}
}

func TestScheduleValidation(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("β = 0 did not panic")
		}
	}()
	AlphaBar([]float64{0.1, 0})
}
