package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// SampleBinomial draws n samples by ancestral sampling of the reverse chain: x^(T) ~ π, then
// x^(t−1) ~ Bernoulli(σ(ReverseLogits(x^(t), t))) for t = T…2, and finally the fixed edge step
// x^(0) ~ T_π(x^(0) | x^(1); β_1) (eq. 44). It returns x^(0) and the initial noise x^(T), both
// n×D of 0/1 values.
//
// cond, if non-nil, conditions the samples on known bits by the perturbed kernel of §2.6 with
// r(x^(t)) = r(x^(0)) for all t (eq. 23): cond[i] = r(x_i = 1) ∈ [0,1], normalised per bit (0 or
// 1 clamps bit i; ½ leaves it free). Every step, the starting distribution π and the edge step
// are multiplied by r: rate' = c·d/(c·d + (1−c)(1−d)).
func SampleBinomial(s *BinomialSchedule, m BinomialReverse, n int, cond []float64, rng *rand.Rand) (x0, xT []float64, err error) {
	D := m.Dim()
	if n < 1 {
		return nil, nil, fmt.Errorf("diffusion: SampleBinomial: n = %d, need at least 1", n)
	}
	if cond != nil {
		if len(cond) != D {
			return nil, nil, fmt.Errorf("diffusion: SampleBinomial: condition has %d bits, model %d", len(cond), D)
		}
		for i, d := range cond {
			if !(d >= 0 && d <= 1) {
				return nil, nil, fmt.Errorf("diffusion: SampleBinomial: condition bit %d is %v, outside [0,1]", i, d)
			}
		}
	}
	rate := func(c float64, j int) float64 {
		if cond == nil {
			return c
		}
		return PerturbedRate(c, cond[j%D])
	}
	x := make([]float64, n*D)
	for j := range x {
		x[j] = bernoulli(rate(s.Rho, j), rng)
	}
	xT = append([]float64(nil), x...)
	logits := make([]float64, n*D)
	for t := s.T; t >= 2; t-- {
		m.ReverseLogits(x, n, t, logits)
		for j, z := range logits {
			if math.IsNaN(z) || math.IsInf(z, 0) {
				return nil, nil, fmt.Errorf("%w: logit at step t = %d", ErrNonFinite, t)
			}
			x[j] = bernoulli(rate(binomSigmoid(z), j), rng)
		}
	}
	for j, v := range x {
		x[j] = bernoulli(rate(s.StepRate(v, 1), j), rng)
	}
	return x, xT, nil
}
