package thermo

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Density is a log probability density, normalized or not, over ℝᵈ.
type Density interface {
	LogProb(x []float64) float64
}

// GradDensity is a Density with the gradient of its log: grad = ∇ log p(x).
// Gradient-based kernels (Langevin) need it.
type GradDensity interface {
	Density
	GradLogProb(grad, x []float64)
}

// Sampler is a normalized Density that can be sampled exactly, such as the prior of AIS.
type Sampler interface {
	Density
	Rand(x []float64, rnd *rand.Rand)
}

// DiagNormal is a Gaussian with independent coordinates, N(Mean, diag(Std²)). It is a Sampler
// and a GradDensity; LogProb is normalized. Its methods (which implement interfaces without an
// error result) panic with a "thermo: " message when Mean, Std and x differ in length, a Mean
// is not finite or a Std is not positive and finite, or Rand gets a nil generator; a NaN
// coordinate of x gives a NaN log density (AIS reports it as ErrNotFinite).
type DiagNormal struct {
	Mean []float64
	Std  []float64
}

// LogProb returns log N(x; Mean, diag(Std²)) = Σ_i −(x_i−μ_i)²/(2σ_i²) − log σ_i − ½ log 2π.
func (d DiagNormal) LogProb(x []float64) float64 {
	d.check(x)
	lp := 0.0
	for i, xi := range x {
		z := (xi - d.Mean[i]) / d.Std[i]
		lp += -0.5*z*z - math.Log(d.Std[i]) - 0.5*math.Log(2*math.Pi)
	}
	return lp
}

// GradLogProb sets grad_i = −(x_i − μ_i)/σ_i².
func (d DiagNormal) GradLogProb(grad, x []float64) {
	d.check(x)
	if len(grad) != len(x) {
		panic("thermo: DiagNormal gradient length mismatch")
	}
	for i, xi := range x {
		grad[i] = -(xi - d.Mean[i]) / (d.Std[i] * d.Std[i])
	}
}

// Rand fills x with an exact sample.
func (d DiagNormal) Rand(x []float64, rnd *rand.Rand) {
	d.check(x)
	if rnd == nil {
		panic("thermo: DiagNormal.Rand needs a random generator")
	}
	for i := range x {
		x[i] = d.Mean[i] + d.Std[i]*rnd.NormFloat64()
	}
}

func (d DiagNormal) check(x []float64) {
	if len(d.Mean) != len(x) || len(d.Std) != len(x) {
		panic(fmt.Sprintf("thermo: DiagNormal dimension mismatch: %d means, %d standard deviations, x of length %d",
			len(d.Mean), len(d.Std), len(x)))
	}
	for i := range x {
		if m, s := d.Mean[i], d.Std[i]; math.IsNaN(m) || math.IsInf(m, 0) || !(s > 0) || math.IsInf(s, 1) {
			panic(fmt.Sprintf("thermo: DiagNormal coordinate %d has mean %v and standard deviation %v", i, m, s))
		}
	}
}
