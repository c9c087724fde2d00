package diffusion

import (
	"errors"
	"fmt"
	"math"
)

// Binomial diffusion (paper §2.1, Table App.1; PAPER.md §2.1): each bit is kept with
// probability 1−β_t and otherwise redrawn from Bernoulli(ρ), so
//
//	q(x_i^(t) = 1 | x^(t−1)) = x_i^(t−1)(1−β_t) + ρβ_t,
//
// and the chain is stationary (and satisfies detailed balance) for π = Bernoulli(ρ)^D. With
// the paper's schedule β_t = 1/(T−t+1) a constant fraction 1/T of the original signal is
// erased per step: ᾱ_t = ∏_{s≤t}(1−β_s) = (T−t)/T and β_T = 1, so x^(T) is exactly π.

// ErrBinomialSchedule reports an invalid binomial schedule (T < 2, ρ outside (0,1), β outside
// (0,1]).
var ErrBinomialSchedule = errors.New("diffusion: invalid binomial schedule")

// BinomialSchedule holds the float64 tables of a binomial diffusion with base rate Rho. Beta
// and AlphaBar are indexed by the paper's t = 0…T (Beta[0] unused and 0, AlphaBar[0] = 1).
type BinomialSchedule struct {
	T        int
	Rho      float64
	Beta     []float64
	AlphaBar []float64
}

// NewBinomialSchedule returns the paper's schedule β_t = 1/(T−t+1), t = 1…T (§2.4.1), with
// base rate rho (the heartbeat experiment uses ρ = 0.2, App. D.1.2).
func NewBinomialSchedule(T int, rho float64) (*BinomialSchedule, error) {
	if T < 2 {
		return nil, fmt.Errorf("%w: T = %d, need at least 2 steps", ErrBinomialSchedule, T)
	}
	if !(rho > 0 && rho < 1) {
		return nil, fmt.Errorf("%w: base rate ρ = %v outside (0,1)", ErrBinomialSchedule, rho)
	}
	s := &BinomialSchedule{T: T, Rho: rho, Beta: make([]float64, T+1), AlphaBar: make([]float64, T+1)}
	s.AlphaBar[0] = 1
	for t := 1; t <= T; t++ {
		s.Beta[t] = 1 / float64(T-t+1)            // β_t = (T − t + 1)⁻¹
		s.AlphaBar[t] = float64(T-t) / float64(T) // ᾱ_t = ∏(1−β_s) = (T−t)/T, exact
	}
	return s, nil
}

func (s *BinomialSchedule) checkStep(t, lo int, what string) {
	if t < lo || t > s.T {
		panic(fmt.Sprintf("diffusion: BinomialSchedule.%s: step %d outside [%d,%d]", what, t, lo, s.T))
	}
}

// Marginal is q(x_i^(t) = 1 | x_i^(0)) = x_i^(0) ᾱ_t + ρ(1−ᾱ_t), t = 0…T.
func (s *BinomialSchedule) Marginal(x0 float64, t int) float64 {
	s.checkStep(t, 0, "Marginal")
	a := s.AlphaBar[t]
	return x0*a + s.Rho*(1-a)
}

// StepRate is q(x_i^(t) = 1 | x_i^(t−1)) = x_i^(t−1)(1−β_t) + ρβ_t, t = 1…T. By detailed
// balance it is also the exact reversal T_π(x^(t−1) | x^(t); β_t) of the stationary chain,
// and the fixed last reverse step p(x^(0) | x^(1)) (eq. 44).
func (s *BinomialSchedule) StepRate(xprev float64, t int) float64 {
	s.checkStep(t, 1, "StepRate")
	b := s.Beta[t]
	return xprev*(1-b) + s.Rho*b
}

// Posterior is q(x_i^(t−1) = 1 | x_i^(t), x_i^(0)) for t = 1…T (PAPER.md §2.1): with
// m = q(x_i^(t−1) = 1 | x^(0)) and a_v = q(x_i^(t) | x_i^(t−1) = v),
//
//	q(x_i^(t−1) = 1 | x^(t), x^(0)) = a₁m / (a₁m + a₀(1−m)).
func (s *BinomialSchedule) Posterior(x0, xt float64, t int) float64 {
	s.checkStep(t, 1, "Posterior")
	b := s.Beta[t]
	ap := s.AlphaBar[t-1]
	m := x0*ap + s.Rho*(1-ap)
	var a1, a0 float64
	if xt == 1 {
		a1, a0 = 1-b+s.Rho*b, s.Rho*b // q(x^t=1|x^{t−1}=1), q(x^t=1|x^{t−1}=0)
	} else {
		a1, a0 = b*(1-s.Rho), 1-s.Rho*b // q(x^t=0|x^{t−1}=1), q(x^t=0|x^{t−1}=0)
	}
	num := a1 * m
	return num / (num + a0*(1-m))
}

// EdgeEntropy is H_q(X^(1) | X^(0) = x0) = Σ_i H_b(x_i^(0)(1−β_1) + ρβ_1) in nats, the last
// term of the binomial bound (PAPER.md §2.4).
func (s *BinomialSchedule) EdgeEntropy(x0 []float64) float64 {
	var h float64
	for _, v := range x0 {
		h += BernoulliEntropy(s.StepRate(v, 1))
	}
	return h
}

// LogPi is log π(x) = Σ_i log Bernoulli(x_i; ρ) in nats.
func (s *BinomialSchedule) LogPi(x []float64) float64 {
	return LogBernoulli(x, s.Rho)
}

// NullLogLikBits is L_null of data x under π in bits (Table 1's L_null: for a heartbeat
// sequence 4 log2 0.2 + 16 log2 0.8 = −14.4386).
func (s *BinomialSchedule) NullLogLikBits(x []float64) float64 { return s.LogPi(x) / math.Ln2 }

// LogBernoulli is Σ_i log Bernoulli(x_i; r) for 0/1 values x_i and a common rate r, in nats.
func LogBernoulli(x []float64, r float64) float64 {
	var l float64
	for _, v := range x {
		if v == 1 {
			l += math.Log(r)
		} else {
			l += math.Log1p(-r)
		}
	}
	return l
}

// binomXLogY is x·log y with 0·log 0 = 0.
func binomXLogY(x, y float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(y)
}

// BernoulliEntropy is H_b(a) = −a log a − (1−a) log(1−a) in nats.
func BernoulliEntropy(a float64) float64 {
	return -binomXLogY(a, a) - binomXLogY(1-a, 1-a)
}

// BernoulliKL is KL(Bern(a) ‖ Bern(b)) = a log(a/b) + (1−a) log((1−a)/(1−b)) in nats. It is
// +Inf when b puts zero mass where a does not.
func BernoulliKL(a, b float64) float64 {
	return binomXLogY(a, a) - binomXLogY(a, b) + binomXLogY(1-a, 1-a) - binomXLogY(1-a, 1-b)
}

// BernoulliKLLogit is KL(Bern(q) ‖ Bern(σ(z))) in nats for a logit z, in the stable form
// q log q + (1−q) log(1−q) − q log σ(z) − (1−q) log σ(−z).
func BernoulliKLLogit(q, z float64) float64 {
	return binomXLogY(q, q) + binomXLogY(1-q, 1-q) - q*LogSigmoid(z) - (1-q)*LogSigmoid(-z)
}

// LogSigmoid is log σ(z) = −log(1+e^{−z}) without overflow.
func LogSigmoid(z float64) float64 {
	if z >= 0 {
		return -math.Log1p(math.Exp(-z))
	}
	return z - math.Log1p(math.Exp(z))
}

// binomSigmoid is σ(z) = 1/(1+e^{−z}) without overflow.
func binomSigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// binomLogit is log(p/(1−p)).
func binomLogit(p float64) float64 { return math.Log(p) - math.Log1p(-p) }

// PerturbedRate is the Bernoulli rate of the perturbed reverse kernel of §2.6 (Table App.1,
// PAPER.md §2.6) for one bit: with model rate c = f_b(x^(t), t)_i and d = r(x_i = 1) the
// per-bit perturbation normalised so that r(x_i = 0) = 1 − d,
//
//	p̃(x_i^(t−1) = 1 | x^(t)) = c·d / (c·d + (1−c)(1−d)).
//
// d = 1 clamps the bit to 1, d = 0 to 0 and d = ½ leaves the kernel unchanged. It panics if d is
// outside [0,1].
func PerturbedRate(c, d float64) float64 {
	if !(d >= 0 && d <= 1) {
		panic(fmt.Sprintf("diffusion: PerturbedRate: d = %v outside [0,1]", d))
	}
	switch d {
	case 0:
		return 0
	case 1:
		return 1
	}
	num := c * d
	return num / (num + (1-c)*(1-d))
}
