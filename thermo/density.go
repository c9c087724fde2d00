package thermo

import (
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
// and a GradDensity; LogProb is normalized. It panics when Mean, Std and x differ in length.
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
	for i := range x {
		x[i] = d.Mean[i] + d.Std[i]*rnd.NormFloat64()
	}
}

func (d DiagNormal) check(x []float64) {
	if len(d.Mean) != len(x) || len(d.Std) != len(x) {
		panic("thermo: DiagNormal dimension mismatch")
	}
}
