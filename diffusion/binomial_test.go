package diffusion

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// brutePath enumerates every single-bit path x^(0…T) of the binomial chain with x^(0) = x0
// and returns the probability of the paths with x^(t) = xt and x^(t−1) = prev (prev < 0: any).
func brutePath(s *BinomialSchedule, x0 float64, t int, xt, prev float64) float64 {
	var total float64
	for mask := 0; mask < 1<<s.T; mask++ {
		p, x := 1.0, x0
		ok := true
		for u := 1; u <= s.T; u++ {
			nx := float64(mask >> (u - 1) & 1)
			r := s.StepRate(x, u)
			if nx == 1 {
				p *= r
			} else {
				p *= 1 - r
			}
			if u == t-1 && prev >= 0 && nx != prev {
				ok = false
			}
			if u == t && nx != xt {
				ok = false
			}
			x = nx
		}
		if t-1 == 0 && prev >= 0 && x0 != prev {
			ok = false
		}
		if ok {
			total += p
		}
	}
	return total
}

// The closed-form marginal and posterior against brute-force enumeration of all 2^T paths of
// one bit (T = 5, ρ = 0.3 and 0.5): exact up to rounding.
func TestBinomialPosteriorBruteForce(t *testing.T) {
	for _, rho := range []float64{0.3, 0.5} {
		s, err := NewBinomialSchedule(5, rho)
		if err != nil {
			t.Fatal(err)
		}
		for _, x0 := range []float64{0, 1} {
			for step := 1; step <= s.T; step++ {
				m := brutePath(s, x0, step, 1, -1)
				if math.Abs(m-s.Marginal(x0, step)) > 1e-12 {
					t.Errorf("ρ=%v x0=%v t=%d: marginal %v, brute force %v", rho, x0, step, s.Marginal(x0, step), m)
				}
				for _, xt := range []float64{0, 1} {
					want := brutePath(s, x0, step, xt, 1) / brutePath(s, x0, step, xt, -1)
					if got := s.Posterior(x0, xt, step); math.Abs(got-want) > 1e-12 {
						t.Errorf("ρ=%v x0=%v t=%d xt=%v: posterior %v, brute force %v", rho, x0, step, xt, got, want)
					}
				}
			}
		}
	}
}

// ᾱ_t = (T−t)/T and β_T = 1 for β_t = 1/(T−t+1) (PAPER.md §2.1): checked against the product.
func TestBinomialSchedule(t *testing.T) {
	s, err := NewBinomialSchedule(2000, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	prod := 1.0
	for u := 1; u <= s.T; u++ {
		prod *= 1 - s.Beta[u]
		if math.Abs(prod-s.AlphaBar[u]) > 1e-12 {
			t.Fatalf("ᾱ_%d = %v, product %v", u, s.AlphaBar[u], prod)
		}
	}
	if s.Beta[1] != 1.0/2000 || s.Beta[s.T] != 1 || s.AlphaBar[s.T] != 0 {
		t.Errorf("β_1 = %v, β_T = %v, ᾱ_T = %v; want 1/2000, 1, 0", s.Beta[1], s.Beta[s.T], s.AlphaBar[s.T])
	}
	for _, bad := range []struct {
		T   int
		rho float64
	}{{1, 0.2}, {0, 0.2}, {10, 0}, {10, 1}, {10, math.NaN()}} {
		if _, err := NewBinomialSchedule(bad.T, bad.rho); !errors.Is(err, ErrBinomialSchedule) {
			t.Errorf("NewBinomialSchedule(%d, %v): err = %v", bad.T, bad.rho, err)
		}
	}
}

// KL ≥ 0, = 0 at equality, and the logit form agrees with the probability form; the
// entropy of Bernoulli(½) is log 2 (closed form).
func TestBernoulliKL(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for range 10000 {
		a, b := rng.Float64(), rng.Float64()
		k := BernoulliKL(a, b)
		if !(k >= 0) {
			t.Fatalf("KL(%v‖%v) = %v < 0", a, b, k)
		}
		z := math.Log(b) - math.Log1p(-b)
		if kl := BernoulliKLLogit(a, z); math.Abs(kl-k) > 1e-9*math.Max(1, k) {
			t.Fatalf("KL(%v‖%v): logit form %v, probability form %v", a, b, kl, k)
		}
		if BernoulliKL(a, a) > 1e-15 {
			t.Fatalf("KL(%v‖%v) = %v, want 0", a, a, BernoulliKL(a, a))
		}
	}
	if BernoulliKLLogit(1, 800) != 0 || BernoulliKLLogit(0, -800) != 0 {
		t.Error("KL with saturated logits is not 0")
	}
	if math.Abs(BernoulliEntropy(0.5)-math.Ln2) > 1e-15 || BernoulliEntropy(0) != 0 || BernoulliEntropy(1) != 0 {
		t.Error("Bernoulli entropy wrong at 0, ½, 1")
	}
}

// L_null of a heartbeat sequence (four 1s, sixteen 0s) under π = Bernoulli(0.2)^20:
// 4 log2 0.2 + 16 log2 0.8 = −14.43856 bits (PAPER.md §2.8 and §5.3; Table 1: −2.414 − 12.024).
// The edge term H_q(X^(1)|X^(0)) at T = 2000 is 0.0439 bits/sequence (peers/README.md §3).
func TestHeartbeatNullAndEdge(t *testing.T) {
	s, _ := NewBinomialSchedule(2000, 0.2)
	x := make([]float64, 20)
	for j := 0; j < 20; j += 5 {
		x[j] = 1
	}
	if got := s.NullLogLikBits(x); math.Abs(got-(-14.43856)) > 5e-5 {
		t.Errorf("L_null = %.5f bits, want −14.43856", got)
	}
	if got := s.EdgeEntropy(x) / math.Ln2; math.Abs(got-0.0439) > 5e-5 {
		t.Errorf("H_q(X^1|X^0) = %.5f bits, want 0.0439", got)
	}
}

// With data iid Bernoulli(ρ) and the exact reversal of the stationary chain, q(x^(0…T)) =
// p(x^(0…T)), so K = L_null exactly in expectation (PAPER.md §8 validation (i); the PyTorch
// peer's selftest gives 0.001 ± 0.019 bits). Seed (21,22), 2,000 chains, T = 100, z bound 4.
// The importance weights are then pathwise equal to π(x^(0)): the eq-9 estimate is L_null
// to rounding, for every trajectory.
func TestBinomialBoundExactReversal(t *testing.T) {
	s, _ := NewBinomialSchedule(100, 0.2)
	const D, n = 20, 2000
	rng := rand.New(rand.NewPCG(21, 22))
	x0 := make([]float64, n*D)
	for i := range x0 {
		x0[i] = bernoulli(0.2, rng)
	}
	m := ExactReversal{S: s, D: D}
	b, err := EvalBinomialBound(s, m, x0, rng)
	if err != nil {
		t.Fatal(err)
	}
	if z := b.KMinusLnull / b.KMinusLnullStdErr; math.Abs(z) > 4 || b.KMinusLnullStdErr > 0.05 {
		t.Errorf("exact reversal: %v, z = %.2f", b, z)
	}
	ll, err := BinomialISLogLik(s, m, x0[:10*D], 3, rng)
	if err != nil {
		t.Fatal(err)
	}
	var lnull float64
	for r := 0; r < 10; r++ {
		lnull += s.NullLogLikBits(x0[r*D:(r+1)*D]) / 10
	}
	if math.Abs(ll.LogLik-lnull) > 1e-9 || math.Abs(ll.SingleTraj-lnull) > 1e-9 {
		t.Errorf("IS log-lik %v (single %v), want L_null %v exactly", ll.LogLik, ll.SingleTraj, lnull)
	}
}

// A model that returns NaN makes the public entry points return ErrNonFinite, not panic.
type nanReverse struct{ D int }

func (n nanReverse) Dim() int { return n.D }
func (n nanReverse) ReverseLogits(xt []float64, rows, t int, logits []float64) {
	for i := range logits[:rows*n.D] {
		logits[i] = math.NaN()
	}
}

func TestBinomialNonFinite(t *testing.T) {
	s, _ := NewBinomialSchedule(10, 0.2)
	rng := rand.New(rand.NewPCG(1, 1))
	x0 := make([]float64, 4)
	if _, err := EvalBinomialBound(s, nanReverse{4}, x0, rng); !errors.Is(err, ErrNonFinite) {
		t.Errorf("bound: err = %v", err)
	}
	if _, err := BinomialISLogLik(s, nanReverse{4}, x0, 2, rng); !errors.Is(err, ErrNonFinite) {
		t.Errorf("IS: err = %v", err)
	}
	if _, _, err := SampleBinomial(s, nanReverse{4}, 3, nil, rng); !errors.Is(err, ErrNonFinite) {
		t.Errorf("sample: err = %v", err)
	}
	if _, err := EvalBinomialBound(s, ExactReversal{s, 4}, []float64{0, 1, 0.5, 0}, rng); err == nil {
		t.Error("non-binary data accepted")
	}
	if _, _, err := SampleBinomial(s, ExactReversal{s, 4}, 0, nil, rng); err == nil {
		t.Error("n = 0 accepted")
	}
	if _, _, err := SampleBinomial(s, ExactReversal{s, 4}, 2, []float64{0, 1, 2, 0.5}, rng); err == nil {
		t.Error("condition outside [0,1] accepted")
	}
}

// The perturbed kernel of §2.6 (PAPER.md): d = ½ leaves the rate unchanged, d ∈ {0,1} clamps,
// and the rate is the normalised product c·d/(c·d + (1−c)(1−d)) (checked at c = 0.3, d = 0.8:
// 0.24/(0.24 + 0.14) = 0.631579).
func TestPerturbedRate(t *testing.T) {
	if got := PerturbedRate(0.3, 0.5); math.Abs(got-0.3) > 1e-15 {
		t.Errorf("d = ½: %v", got)
	}
	if PerturbedRate(0.3, 0) != 0 || PerturbedRate(0.3, 1) != 1 {
		t.Error("clamps wrong")
	}
	if got := PerturbedRate(0.3, 0.8); math.Abs(got-0.24/0.38) > 1e-15 {
		t.Errorf("c = 0.3, d = 0.8: %v, want %v", got, 0.24/0.38)
	}
}

// Conditioning on known bits with the exact reversal (bits independent): clamped bits are
// always equal to their clamp and free bits keep the rate ρ = 0.2. Seed (31,32), 4,000 samples,
// sd of a free bit's mean sqrt(0.16/4000) = 0.0063, z bound 4.
func TestSampleBinomialConditioned(t *testing.T) {
	s, _ := NewBinomialSchedule(50, 0.2)
	const D, n = 4, 4000
	cond := []float64{1, 0, 0.5, 0.5}
	x0, _, err := SampleBinomial(s, ExactReversal{s, D}, n, cond, rand.New(rand.NewPCG(31, 32)))
	if err != nil {
		t.Fatal(err)
	}
	var mean [D]float64
	for r := 0; r < n; r++ {
		for j := 0; j < D; j++ {
			mean[j] += x0[r*D+j]
		}
	}
	for j := range mean {
		mean[j] /= n
	}
	if mean[0] != 1 || mean[1] != 0 {
		t.Errorf("clamped bits have means %v, %v", mean[0], mean[1])
	}
	sd := math.Sqrt(0.2 * 0.8 / n)
	for j := 2; j < D; j++ {
		if z := (mean[j] - 0.2) / sd; math.Abs(z) > 4 {
			t.Errorf("free bit %d: mean %.4f, z = %.2f", j, mean[j], z)
		}
	}
}

// Pinned output of the sampler (a regression test: the value was recorded from this code at
// its first commit; seed (41,42), exact reversal, T = 30, 8 samples of 6 bits). A change means
// the sampler's use of the random stream changed.
func TestSampleBinomialPinned(t *testing.T) {
	s, _ := NewBinomialSchedule(30, 0.2)
	x0, xT, err := SampleBinomial(s, ExactReversal{s, 6}, 8, nil, rand.New(rand.NewPCG(41, 42)))
	if err != nil {
		t.Fatal(err)
	}
	got := bitString(x0) + "|" + bitString(xT)
	const want = "010001001000010000000010000000001101000000000000|000100100000011000100000000000010001001000101001"
	if got != want {
		t.Errorf("samples changed:\n got %s\nwant %s", got, want)
	}
}

func bitString(x []float64) string {
	b := make([]byte, len(x))
	for i, v := range x {
		b[i] = '0' + byte(v)
	}
	return string(b)
}
