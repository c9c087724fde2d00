package thermo

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Kernel is a Markov transition that leaves a density (approximately) invariant. Transition
// replaces x in place by the next state of the chain targeting d.
type Kernel interface {
	Transition(x []float64, d Density, rnd *rand.Rand)
}

// Metropolis is the random-walk Metropolis kernel with an isotropic Gaussian proposal
// x' = x + Step·ξ, accepted with probability min(1, p(x')/p(x)). It leaves p exactly invariant.
type Metropolis struct {
	// Step is the proposal standard deviation. It must be positive.
	Step float64
	// Sweeps is the number of proposals per transition. Default (0) 1.
	Sweeps int
}

// Transition performs Sweeps Metropolis updates of x. It panics with a "thermo: " message (the
// Kernel interface has no error result; AIS.Run reports these as errors) for a step that is not
// positive and finite, a nil density or a nil generator.
func (m Metropolis) Transition(x []float64, d Density, rnd *rand.Rand) {
	if !(m.Step > 0) || math.IsInf(m.Step, 1) {
		panic(fmt.Sprintf("thermo: Metropolis step must be positive and finite, got %v", m.Step))
	}
	checkTransition("Metropolis", d, rnd)
	prop := make([]float64, len(x))
	lp := d.LogProb(x)
	for s := 0; s < max(m.Sweeps, 1); s++ {
		for i := range x {
			prop[i] = x[i] + m.Step*rnd.NormFloat64()
		}
		lq := d.LogProb(prop)
		if lq >= lp || rnd.Float64() < math.Exp(lq-lp) {
			copy(x, prop)
			lp = lq
		}
	}
}

// Langevin is the overdamped Langevin kernel, the Euler–Maruyama step of dx = ∇log p dt + √2 dW:
//
//	x' = x + ε ∇log p(x) + √(2ε) ξ.
//
// Unadjusted (ULA) it leaves p invariant only up to O(ε) (for a Gaussian of variance s² the
// chain's variance is s²/(1 − ε/(2s²))), which biases AIS by O(ε); Adjusted adds the
// Metropolis–Hastings correction (MALA), which makes it exact. The density must be a
// GradDensity (Transition panics otherwise).
type Langevin struct {
	// Step is the time step ε. It must be positive.
	Step float64
	// Adjusted adds the Metropolis–Hastings accept/reject step (MALA).
	Adjusted bool
	// Sweeps is the number of steps per transition. Default (0) 1.
	Sweeps int
}

// Transition performs Sweeps Langevin steps on x. It panics as Metropolis.Transition, and when
// d is not a GradDensity.
func (l Langevin) Transition(x []float64, d Density, rnd *rand.Rand) {
	if !(l.Step > 0) || math.IsInf(l.Step, 1) {
		panic(fmt.Sprintf("thermo: Langevin step must be positive and finite, got %v", l.Step))
	}
	checkTransition("Langevin", d, rnd)
	gd, ok := d.(GradDensity)
	if !ok {
		panic("thermo: Langevin kernel needs a GradDensity")
	}
	n := len(x)
	g := make([]float64, n)
	prop := make([]float64, n)
	gp := make([]float64, n)
	eps := l.Step
	noise := math.Sqrt(2 * eps)
	gd.GradLogProb(g, x)
	lp := 0.0
	if l.Adjusted {
		lp = d.LogProb(x)
	}
	for s := 0; s < max(l.Sweeps, 1); s++ {
		for i := range x {
			prop[i] = x[i] + eps*g[i] + noise*rnd.NormFloat64()
		}
		gd.GradLogProb(gp, prop)
		if !l.Adjusted {
			copy(x, prop)
			copy(g, gp)
			continue
		}
		// log q(x | x') − log q(x' | x) for the Gaussian proposal N(y + ε∇log p(y), 2ε).
		var fwd, rev float64
		for i := range x {
			a := prop[i] - x[i] - eps*g[i]
			b := x[i] - prop[i] - eps*gp[i]
			fwd += a * a
			rev += b * b
		}
		lq := d.LogProb(prop)
		logA := lq - lp + (fwd-rev)/(4*eps)
		if logA >= 0 || rnd.Float64() < math.Exp(logA) {
			copy(x, prop)
			copy(g, gp)
			lp = lq
		}
	}
}

func checkTransition(name string, d Density, rnd *rand.Rand) {
	if isNilPointer(d) {
		panic("thermo: " + name + " transition needs a density")
	}
	if rnd == nil {
		panic("thermo: " + name + " transition needs a random generator")
	}
}
