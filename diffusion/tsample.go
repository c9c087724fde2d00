package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// TSampler draws the steps t ∈ [2, T] of a training batch, with importance weights that keep
// the loss an unbiased estimate of Σ_{t=2}^T E KL_t: a draw from p_t carries the weight
// w = 1/(p_t (T−1)), so that E_p[(T−1)·w·KL_t] = Σ_t KL_t. The trainer calls Draw before and
// Observe after each batch (TrainConfig.TSampler; nil is uniform t with w = 1).
type TSampler interface {
	// Draw fills ts with steps in [2, T] and w with their weights (len(w) == len(ts)).
	Draw(rng *rand.Rand, ts []int, w []float64)
	// Observe records the per-example losses KL_{ts[i]} (nats) of the batch just drawn.
	Observe(ts []int, kl []float64)
}

// ImportanceT is Nichol & Dhariwal 2021's importance sampling of t for the bound (PAPER.md §9):
// p_t ∝ √E[L_t²] estimated from the last History losses seen at each t, mixed with a uniform
// floor (weight Uniform) so that no step is starved; until every step has History losses the
// draws are uniform. Its history is not part of checkpoints (a resumed run re-warms it).
type ImportanceT struct {
	T       int
	History int     // losses kept per step (default 10, as in improved-diffusion)
	Uniform float64 // mixing weight of the uniform distribution (default 0.001)

	hist [][]float64 // per t: ring buffer of squared losses
	next []int       // per t: ring position
	cnt  []int       // per t: losses seen (capped at History)
	p    []float64   // current p_t, t = 2…T (index t)
	cdf  []float64
}

// NewImportanceT returns the sampler for a chain of T steps with the defaults.
func NewImportanceT(T int) (*ImportanceT, error) {
	if T < 2 {
		return nil, fmt.Errorf("diffusion: NewImportanceT: T must be at least 2, got %d", T)
	}
	s := &ImportanceT{T: T, History: 10, Uniform: 0.001}
	s.hist = make([][]float64, T+1)
	s.next = make([]int, T+1)
	s.cnt = make([]int, T+1)
	for t := 2; t <= T; t++ {
		s.hist[t] = make([]float64, s.History)
	}
	s.p = make([]float64, T+1)
	s.cdf = make([]float64, T+1)
	s.update()
	return s, nil
}

// Warm reports whether every step has its full history (before that the draws are uniform).
func (s *ImportanceT) Warm() bool {
	for t := 2; t <= s.T; t++ {
		if s.cnt[t] < s.History {
			return false
		}
	}
	return true
}

// Probs returns a copy of p_t for t = 0…T (entries 0 and 1 are zero).
func (s *ImportanceT) Probs() []float64 { return append([]float64(nil), s.p...) }

// update recomputes p_t and its cumulative table.
func (s *ImportanceT) update() {
	n := float64(s.T - 1)
	if !s.Warm() {
		for t := 2; t <= s.T; t++ {
			s.p[t] = 1 / n
		}
	} else {
		var tot float64
		for t := 2; t <= s.T; t++ {
			var m float64
			for _, v := range s.hist[t] {
				m += v
			}
			s.p[t] = math.Sqrt(m / float64(s.History))
			tot += s.p[t]
		}
		for t := 2; t <= s.T; t++ {
			if tot > 0 && !math.IsInf(tot, 0) && !math.IsNaN(tot) {
				s.p[t] = (1-s.Uniform)*s.p[t]/tot + s.Uniform/n
			} else {
				s.p[t] = 1 / n
			}
		}
	}
	var c float64
	for t := 2; t <= s.T; t++ {
		c += s.p[t]
		s.cdf[t] = c
	}
}

// Draw implements TSampler.
func (s *ImportanceT) Draw(rng *rand.Rand, ts []int, w []float64) {
	n := float64(s.T - 1)
	last := s.cdf[s.T]
	for i := range ts {
		lo := searchCDF(s.cdf, rng.Float64()*last)
		ts[i] = lo
		w[i] = 1 / (s.p[lo] / last * n)
	}
}

// Observe implements TSampler; non-finite losses are ignored.
func (s *ImportanceT) Observe(ts []int, kl []float64) {
	for i, t := range ts {
		v := kl[i]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		s.hist[t][s.next[t]] = v * v
		s.next[t] = (s.next[t] + 1) % s.History
		s.cnt[t] = min(s.cnt[t]+1, s.History)
	}
	s.update()
}

// searchCDF returns the first t in [2, len(cdf)−1] with cdf[t] > u (the last one when none
// is): the inverse-CDF draw of t for a cumulative table over t = 2…T.
func searchCDF(cdf []float64, u float64) int {
	lo, hi := 2, len(cdf)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cdf[mid] > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
