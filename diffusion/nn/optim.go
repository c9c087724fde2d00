package nn

import (
	"math"
	"sync"

	"github.com/thermodiff/thermodiff/diffusion/nn/internal/vec"
)

// Optimizer updates parameters from their accumulated gradients (it does not zero them).
type Optimizer interface {
	Step(ps []*Param)
	SetLR(lr float64)
	LR() float64
}

// Adam is Kingma & Ba's optimizer with bias correction:
//
//	m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
//
// Moments are kept in float32 beside the parameters; the state is created on first use.
type Adam struct {
	Rate, Beta1, Beta2, Eps float64
	// T is the number of steps taken (for bias correction); M and V are the moments, one slice
	// per parameter in the order of the first Step call. Exported so checkpoints can save them.
	T    int
	M, V [][]float32
}

// NewAdam returns Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
func NewAdam(lr float64) *Adam { return &Adam{Rate: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8} }

func (a *Adam) SetLR(lr float64) { a.Rate = lr }
func (a *Adam) LR() float64      { return a.Rate }

func (a *Adam) Step(ps []*Param) {
	if a.M == nil {
		a.M = make([][]float32, len(ps))
		a.V = make([][]float32, len(ps))
		for i, p := range ps {
			a.M[i] = make([]float32, len(p.W))
			a.V[i] = make([]float32, len(p.W))
		}
	}
	if len(a.M) != len(ps) {
		panic("nn: Adam.Step: parameter list changed")
	}
	a.T++
	b1, b2 := float32(a.Beta1), float32(a.Beta2)
	c1 := 1 - math.Pow(a.Beta1, float64(a.T))
	c2 := 1 - math.Pow(a.Beta2, float64(a.T))
	step := float32(a.Rate * math.Sqrt(c2) / c1)
	eps := float32(a.Eps * math.Sqrt(c2))
	// Large parameters are split over the cores (element-wise, so the result is the same).
	var wg sync.WaitGroup
	for i, p := range ps {
		m, v, w, g := a.M[i], a.V[i], p.W, p.G
		if len(g) < 1<<16 {
			vec.Adam(m, v, w, g, b1, b2, step, eps)
			continue
		}
		h := len(g) / 2 &^ 7
		wg.Go(func() { vec.Adam(m[:h], v[:h], w[:h], g[:h], b1, b2, step, eps) })
		vec.Adam(m[h:], v[h:], w[h:], g[h:], b1, b2, step, eps)
	}
	wg.Wait()
}

// RMSProp is the Blocks rule used by the reference code (PAPER.md §3.8):
//
//	ms ← ρ·ms + (1−ρ)g²,  θ ← θ − lr·g / max(√ms, 1/MaxScaling),
//
// with ρ = 0.9, no bias correction, ms₀ = 0.
type RMSProp struct {
	Rate, Decay, MaxScaling float64
	MS                      [][]float32
}

// NewRMSProp returns RMSProp with decay 0.9 and max scaling 1e10 (the reference settings).
func NewRMSProp(lr float64) *RMSProp { return &RMSProp{Rate: lr, Decay: 0.9, MaxScaling: 1e10} }

func (r *RMSProp) SetLR(lr float64) { r.Rate = lr }
func (r *RMSProp) LR() float64      { return r.Rate }

func (r *RMSProp) Step(ps []*Param) {
	if r.MS == nil {
		r.MS = make([][]float32, len(ps))
		for i, p := range ps {
			r.MS[i] = make([]float32, len(p.W))
		}
	}
	if len(r.MS) != len(ps) {
		panic("nn: RMSProp.Step: parameter list changed")
	}
	rho := float32(r.Decay)
	lr := float32(r.Rate)
	floor := float32(1 / r.MaxScaling)
	for i, p := range ps {
		ms, w := r.MS[i], p.W
		for j, g := range p.G {
			m := rho*ms[j] + (1-rho)*g*g
			ms[j] = m
			d := float32(math.Sqrt(float64(m)))
			if d < floor {
				d = floor
			}
			w[j] -= lr * g / d
		}
	}
}
