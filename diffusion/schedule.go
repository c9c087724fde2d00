package diffusion

import (
	"errors"
	"fmt"
	"math"
)

// Schedule is a validated table of a Gaussian (or binomial) forward process's rates, indexed by
// the paper's t = 1…T (index 0 is the data, β_0 = 0, ᾱ_0 = 1):
//
//	α_t = 1 − β_t,   ᾱ_t = ∏_{s≤t} α_s.
type Schedule struct {
	T        int
	Beta     []float64 // β_t, len T+1, Beta[0] = 0
	AlphaBar []float64 // ᾱ_t, len T+1, AlphaBar[0] = 1
}

// ErrSchedule is returned (wrapped) for an invalid schedule.
var ErrSchedule = errors.New("diffusion: invalid schedule")

// NewSchedule validates betas (β_1…β_T, each in the open interval (0,1)) and precomputes the
// tables.
func NewSchedule(betas []float64) (*Schedule, error) {
	if len(betas) < 2 {
		return nil, fmt.Errorf("%w: need T ≥ 2 steps, got %d", ErrSchedule, len(betas))
	}
	s := &Schedule{T: len(betas), Beta: make([]float64, len(betas)+1), AlphaBar: make([]float64, len(betas)+1)}
	s.AlphaBar[0] = 1
	for i, b := range betas {
		if !(b > 0 && b < 1) {
			return nil, fmt.Errorf("%w: β_%d = %v is outside (0,1)", ErrSchedule, i+1, b)
		}
		s.Beta[i+1] = b
		s.AlphaBar[i+1] = s.AlphaBar[i] * (1 - b)
	}
	return s, nil
}

func checkT(T int) error {
	if T < 2 {
		return fmt.Errorf("%w: T must be at least 2, got %d", ErrSchedule, T)
	}
	return nil
}

// ReferenceSchedule is the fixed schedule of the reference code (PAPER.md §3.3):
//
//	base_k = 1/linspace(T, 2, T)_k,  min_k = 1e-6 (+ step1 at k = 0),
//	β_{k+1} = min_k + base_k (1 − min_k − 1e-5),   k = 0…T−1,
//
// with step1 = 0.001 in the code (the "step-1 offset"). For T = 40: β_1 = 0.025975725,
// β_40 = 0.4999955, ᾱ_T = 0.0229252.
func ReferenceSchedule(T int, step1 float64) (*Schedule, error) {
	if err := checkT(T); err != nil {
		return nil, err
	}
	b := make([]float64, T)
	for k := range b {
		// linspace(T, 2, T)[k] = T − k(T−2)/(T−1)
		lin := float64(T) - float64(k)*float64(T-2)/float64(T-1)
		minb := 1e-6
		if k == 0 {
			minb += step1
		}
		b[k] = minb + (1/lin)*(1-minb-1e-5)
	}
	return NewSchedule(b)
}

// LinearSchedule is β_t linear from beta1 at t = 1 to betaT at t = T (Ho et al. 2020 use
// 1e-4…0.02 at T = 1000).
func LinearSchedule(T int, beta1, betaT float64) (*Schedule, error) {
	if err := checkT(T); err != nil {
		return nil, err
	}
	b := make([]float64, T)
	for i := range b {
		b[i] = beta1 + (betaT-beta1)*float64(i)/float64(T-1)
	}
	return NewSchedule(b)
}

// GeometricSchedule is β_t geometric from beta1 to betaT: a fixed stand-in for the paper's
// learned schedule with a small fixed β_1 (PAPER.md §2.5, footnote 2).
func GeometricSchedule(T int, beta1, betaT float64) (*Schedule, error) {
	if err := checkT(T); err != nil {
		return nil, err
	}
	if !(beta1 > 0 && betaT > 0) {
		return nil, fmt.Errorf("%w: geometric schedule needs positive endpoints", ErrSchedule)
	}
	b := make([]float64, T)
	r := math.Log(betaT / beta1)
	for i := range b {
		b[i] = beta1 * math.Exp(r*float64(i)/float64(T-1))
	}
	return NewSchedule(b)
}

// CosineSchedule is Nichol & Dhariwal's schedule: ᾱ_t = f(t)/f(0),
// f(t) = cos²(((t/T + s)/(1 + s))·π/2), β_t = 1 − ᾱ_t/ᾱ_{t−1} clipped to ≤ 0.999 (s = 0.008 in
// their paper).
func CosineSchedule(T int, s float64) (*Schedule, error) {
	if err := checkT(T); err != nil {
		return nil, err
	}
	f := func(t int) float64 {
		c := math.Cos((float64(t)/float64(T) + s) / (1 + s) * math.Pi / 2)
		return c * c
	}
	b := make([]float64, T)
	for t := 1; t <= T; t++ {
		b[t-1] = min(1-f(t)/f(t-1), 0.999)
	}
	return NewSchedule(b)
}

// Betas returns a copy of β_1…β_T.
func (s *Schedule) Betas() []float64 { return append([]float64(nil), s.Beta[1:]...) }

// PosteriorVar is β̃_t = (1 − ᾱ_{t−1}) β_t / (1 − ᾱ_t), the variance of q(x^(t−1)|x^(t),x^(0)).
func (s *Schedule) PosteriorVar(t int) float64 {
	return (1 - s.AlphaBar[t-1]) * s.Beta[t] / (1 - s.AlphaBar[t])
}

// PosteriorCoef returns (c0, ct) with μ̃_t = c0·x^(0) + ct·x^(t):
//
//	c0 = √ᾱ_{t−1} β_t / (1 − ᾱ_t),   ct = √α_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t).
func (s *Schedule) PosteriorCoef(t int) (c0, ct float64) {
	den := 1 - s.AlphaBar[t]
	return math.Sqrt(s.AlphaBar[t-1]) * s.Beta[t] / den, math.Sqrt(1-s.Beta[t]) * (1 - s.AlphaBar[t-1]) / den
}
