package thermo

import (
	"math"
	"testing"
)

func TestDiagNormal(t *testing.T) {
	d := DiagNormal{Mean: []float64{1, -1}, Std: []float64{2, 0.5}}
	// Reference: log N(μ; μ, σ²) = −log σ − ½ log 2π per coordinate.
	want := -math.Log(2) - math.Log(0.5) - math.Log(2*math.Pi)
	if got := d.LogProb([]float64{1, -1}); math.Abs(got-want) > 1e-14 {
		t.Errorf("LogProb at the mean = %v, want %v", got, want)
	}
	g := make([]float64, 2)
	d.GradLogProb(g, []float64{3, 0})
	// Reference: −(x−μ)/σ² = −2/4 and −1/0.25.
	if g[0] != -0.5 || g[1] != -4 {
		t.Errorf("gradient = %v", g)
	}
	// Sample moments at a fixed seed: mean within 4 standard errors.
	rnd := newRand(12)
	x := make([]float64, 2)
	const n = 20000
	var s float64
	for i := 0; i < n; i++ {
		d.Rand(x, rnd)
		s += x[0]
	}
	if z := (s/n - 1) / (2 / math.Sqrt(n)); math.Abs(z) > zBound {
		t.Errorf("sample mean z = %.2f", z)
	}
}

// stdNormalTarget is N(μ, s²) in one dimension, unnormalized, as a GradDensity.
type shiftedGauss struct{ mu, s float64 }

func (g shiftedGauss) LogProb(x []float64) float64 {
	lp := 0.0
	for _, v := range x {
		z := (v - g.mu) / g.s
		lp -= 0.5 * z * z
	}
	return lp
}

func (g shiftedGauss) GradLogProb(grad, x []float64) {
	for i, v := range x {
		grad[i] = -(v - g.mu) / (g.s * g.s)
	}
}

func TestKernelsLeaveGaussianInvariant(t *testing.T) {
	// Target N(1, 0.5²): after many transitions, the chain's second moment about the mean
	// must be s² (exact kernels) or s²/(1 − ε/(2s²)) (ULA, see Langevin). Checked with the
	// correlation-corrected standard error of the mean.
	target := shiftedGauss{mu: 1, s: 0.5}
	for _, c := range []struct {
		name string
		k    Kernel
		want float64
	}{
		{"metropolis", Metropolis{Step: 0.7}, 0.25},
		{"mala", Langevin{Step: 0.05, Adjusted: true}, 0.25},
		{"ula", Langevin{Step: 0.05}, 0.25 / (1 - 0.05/(2*0.25))},
	} {
		rnd := newRand(13)
		x := []float64{1}
		sq := make([]float64, 40000)
		for i := range sq {
			c.k.Transition(x, target, rnd)
			sq[i] = (x[0] - 1) * (x[0] - 1)
		}
		e, err := MeanCorrelated(sq)
		if err != nil {
			t.Fatal(err)
		}
		if z := e.Z(c.want); math.Abs(z) > zBound {
			t.Errorf("%s: ⟨(x−μ)²⟩ = %v, want %.4f (z = %.2f)", c.name, e, c.want, z)
		}
	}
}
