package diffusion

import "math"

// Parameterization maps a network's raw outputs (z^μ, z^β) for one coordinate of x^(t) to the
// mean and variance of the reverse step p(x^(t−1)|x^(t)) = N(μ, v). Both choices are
// "perturbations around the forward kernel": zero outputs give μ = √(1−β_t)·x (reference) or
// μ = x(1−β_t) (paper), and v = β_t.
type Parameterization int

const (
	// ReferenceParam is the reference code's choice (model.py:get_mu_sigma, PAPER.md §3.5):
	//
	//	μ = √(1−β_t)·x + √β_t·z^μ,   v = σ(z^β/√T + logit β_t).
	ReferenceParam Parameterization = iota
	// PaperParam is the paper's eq. 64–65:
	//
	//	v = Σ = σ(z^Σ + logit β_t),   μ = (x − z^μ)(1 − Σ) + z^μ,
	//
	// where z^μ is the mean of the equilibrium the step would reach if applied many times.
	PaperParam
	// EpsParam is Ho et al. 2020's ε-prediction of the mean with Nichol & Dhariwal 2021's
	// learned-range variance, interpolating in log space between the two App. A bounds
	// (PAPER.md §2.7, §9):
	//
	//	μ = (x − β_t/√(1−ᾱ_t)·z^μ)/√α_t,   ln v = u ln β_t + (1−u) ln β̃_t,   u = (1 + z^β)/2,
	//
	// z^μ being the network's estimate of the noise ε in x^(t) = √ᾱ_t x^(0) + √(1−ᾱ_t) ε. Zero
	// outputs give μ = x/√α_t and the geometric mean of the bounds. It needs the schedule's
	// ᾱ_t (MeanVarAt), and is trained on the same bound K (no L_simple).
	EpsParam
	// RangeParam keeps the reference code's mean, μ = √(1−β_t)·x + √β_t·z^μ, with EpsParam's
	// learned-range variance: it isolates the variance technique from the mean technique.
	RangeParam
)

// NeedsSchedule reports whether p depends on ᾱ_t as well as β_t (then only MeanVarAt works).
func (p Parameterization) NeedsSchedule() bool { return p == EpsParam || p == RangeParam }

// SupportsLearnBeta reports whether the trainer's analytic schedule gradient (learnbeta.go)
// covers p: only ReferenceParam and PaperParam.
func (p Parameterization) SupportsLearnBeta() bool { return p == ReferenceParam || p == PaperParam }

func (p Parameterization) String() string {
	switch p {
	case ReferenceParam:
		return "reference"
	case PaperParam:
		return "paper"
	case EpsParam:
		return "eps"
	case RangeParam:
		return "range"
	}
	return "unknown"
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func logit(p float64) float64 { return math.Log(p / (1 - p)) }

// MeanVar returns μ and v for one coordinate x with raw outputs zmu, zbeta at a step with
// forward rate beta, in a chain of length T. It panics for a parameterization that needs the
// schedule (NeedsSchedule); MeanVarAt works for all.
func (p Parameterization) MeanVar(x, zmu, zbeta, beta float64, T int) (mu, v float64) {
	mu, v, _, _, _ = p.meanVarGrad(x, zmu, zbeta, beta, T)
	return mu, v
}

// meanVarGrad also returns the partial derivatives needed by backpropagation:
// dμ/dz^μ, dμ/dz^β and dv/dz^β (dv/dz^μ = 0 for both parameterizations).
func (p Parameterization) meanVarGrad(x, zmu, zbeta, beta float64, T int) (mu, v, dmuZmu, dmuZb, dvZb float64) {
	switch p {
	case ReferenceParam:
		sT := math.Sqrt(float64(T))
		v = sigmoid(zbeta/sT + logit(beta))
		sb := math.Sqrt(beta)
		return math.Sqrt(1-beta)*x + sb*zmu, v, sb, 0, v * (1 - v) / sT
	case PaperParam:
		v = sigmoid(zbeta + logit(beta))
		dv := v * (1 - v)
		return (x-zmu)*(1-v) + zmu, v, v, -(x - zmu) * dv, dv
	}
	if p.NeedsSchedule() {
		panic("diffusion: parameterization " + p.String() + " needs the schedule (use MeanVarAt)")
	}
	panic("diffusion: unknown parameterization")
}

// MeanVarAt returns μ and v of p(x^(t−1)|x^(t)) for one coordinate x with raw outputs zmu,
// zbeta at step t ∈ [2, T] of the schedule s; it works for every parameterization.
func (p Parameterization) MeanVarAt(s *Schedule, t int, x, zmu, zbeta float64) (mu, v float64) {
	mu, v, _, _, _ = p.meanVarGradAt(s, t, x, zmu, zbeta)
	return mu, v
}

// rangeVar is the learned-range variance ln v = u ln β_t + (1−u) ln β̃_t, u = (1 + zb)/2, and
// dv/dzb = v·½(ln β_t − ln β̃_t).
func rangeVar(s *Schedule, t int, zb float64) (v, dv float64) {
	lb := math.Log(s.Beta[t])
	lt := math.Log(s.PosteriorVar(t))
	u := 0.5 * (1 + zb)
	v = math.Exp(u*lb + (1-u)*lt)
	return v, 0.5 * v * (lb - lt)
}

// meanVarGradAt is meanVarGrad for step t of schedule s, covering every parameterization.
func (p Parameterization) meanVarGradAt(s *Schedule, t int, x, zmu, zb float64) (mu, v, dmuZmu, dmuZb, dvZb float64) {
	switch p {
	case EpsParam:
		beta := s.Beta[t]
		sa := math.Sqrt(1 - beta)
		c := beta / (math.Sqrt(1-s.AlphaBar[t]) * sa) // μ = x/√α − c·z^μ
		v, dv := rangeVar(s, t, zb)
		return x/sa - c*zmu, v, -c, 0, dv
	case RangeParam:
		beta := s.Beta[t]
		sb := math.Sqrt(beta)
		v, dv := rangeVar(s, t, zb)
		return math.Sqrt(1-beta)*x + sb*zmu, v, sb, 0, dv
	}
	return p.meanVarGrad(x, zmu, zb, s.Beta[t], s.T)
}

// ScoreAt is the score ∇ ln q_t(x) at x = x^(t) implied by the reverse mean of step t, per
// coordinate: Tweedie's formula for the one-step kernel x^(t) = √α_t x^(t−1) + √β_t ξ gives
// E[x^(t−1)|x^(t)] = (x^(t) + β_t ∇ ln q_t(x^(t)))/√α_t exactly, so
//
//	s_t(x) = (√α_t μ_t(x) − x)/β_t.
//
// It is written out per parameterization to avoid the cancellation of √α_t μ − x for small β_t:
//
//	reference, range:  s = −x + √(α_t/β_t)·z^μ
//	paper:             s = −x/(1+√α_t) − √α_t v (x − z^μ)/β_t
//	eps:               s = −z^μ/√(1−ᾱ_t)   (Song et al. 2021's s = −ε/σ_t)
//
// It also returns ∂s/∂x (direct, holding the network outputs fixed), ∂s/∂z^μ and ∂s/∂z^β, so
// that the Jacobian trace follows from the network's input gradients.
func (p Parameterization) ScoreAt(s *Schedule, t int, x, zmu, zb float64) (sc, dX, dZmu, dZb float64) {
	beta := s.Beta[t]
	sa := math.Sqrt(1 - beta)
	switch p {
	case ReferenceParam, RangeParam:
		c := math.Sqrt((1 - beta) / beta)
		return -x + c*zmu, -1, c, 0
	case PaperParam:
		v := sigmoid(zb + logit(beta))
		k := sa * v / beta
		return -x/(1+sa) - k*(x-zmu), -1/(1+sa) - k, k, -sa * (x - zmu) * v * (1 - v) / beta
	case EpsParam:
		c := 1 / math.Sqrt(1-s.AlphaBar[t])
		return -c * zmu, 0, -c, 0
	}
	panic("diffusion: unknown parameterization")
}
