package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// BoundWeighter is implemented by a TSampler whose draws do not keep the training loss an
// unbiased estimate of the bound: BoundWeight(t) = 1/(p_t (T−1)) turns a drawn KL_t back into
// one, and the trainer uses it for the loss it reports (the training curve stays an estimate
// of K) while the gradient follows the sampler's own weights.
type BoundWeighter interface {
	BoundWeight(t int) float64
}

// EpsilonT trains on DDPM's "simple" objective (Ho et al. 2020, PAPER.md §9) instead of the
// bound: it draws t with
//
//	p_t ∝ λ_t = (1 − β_t)(1 − ᾱ_{t−1}) / β_t,   t = 2…T,
//
// and gives every draw the gradient weight 1. The mean part of KL_t is
// β_t/(2(1−β_t)(1−ᾱ_{t−1}))·‖ε̂ − ε‖² when the reverse variance is β̃_t, so Σ_t p_t KL_t is
// proportional to the unweighted noise-prediction error Σ_t ‖ε̂ − ε‖²: steps with large t
// (the global structure of a sample) get far more of the training effort than under the
// bound, whose weight sits on the smallest t. The per-t optimum is unchanged (each KL_t is
// still minimised by the true reverse kernel), so K stays a valid bound; it is evaluated with
// the bound's own weights (BoundWeight), which is also what the training curve reports.
type EpsilonT struct {
	T   int
	p   []float64 // p_t, index t (0 and 1 unused)
	cdf []float64
}

// NewEpsilonT builds the sampler for a schedule.
func NewEpsilonT(s *Schedule) (*EpsilonT, error) {
	if s == nil || s.T < 2 {
		return nil, fmt.Errorf("diffusion: NewEpsilonT needs a schedule with T ≥ 2")
	}
	e := &EpsilonT{T: s.T, p: make([]float64, s.T+1), cdf: make([]float64, s.T+1)}
	var tot float64
	for t := 2; t <= s.T; t++ {
		b := s.Beta[t]
		l := (1 - b) * (1 - s.AlphaBar[t-1]) / b
		if !(l > 0) || math.IsInf(l, 0) {
			return nil, fmt.Errorf("diffusion: NewEpsilonT: weight at t = %d is %v", t, l)
		}
		e.p[t] = l
		tot += l
	}
	var c float64
	for t := 2; t <= s.T; t++ {
		e.p[t] /= tot
		c += e.p[t]
		e.cdf[t] = c
	}
	return e, nil
}

// Probs returns a copy of p_t for t = 0…T (entries 0 and 1 are zero).
func (e *EpsilonT) Probs() []float64 { return append([]float64(nil), e.p...) }

// Draw implements TSampler: t ~ p_t, gradient weight 1.
func (e *EpsilonT) Draw(rng *rand.Rand, ts []int, w []float64) {
	last := e.cdf[e.T]
	for i := range ts {
		ts[i] = searchCDF(e.cdf, rng.Float64()*last)
		w[i] = 1
	}
}

// Observe implements TSampler (the distribution is fixed).
func (e *EpsilonT) Observe([]int, []float64) {}

// BoundWeight implements BoundWeighter: 1/(p_t (T−1)).
func (e *EpsilonT) BoundWeight(t int) float64 { return 1 / (e.p[t] * float64(e.T-1)) }
