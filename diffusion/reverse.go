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
)

func (p Parameterization) String() string {
	switch p {
	case ReferenceParam:
		return "reference"
	case PaperParam:
		return "paper"
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
// forward rate beta, in a chain of length T.
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
	panic("diffusion: unknown parameterization")
}
