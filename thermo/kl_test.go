package thermo

import (
	"math"
	"testing"
)

func TestKLGaussian(t *testing.T) {
	// Reference: KL(N(0,1)‖N(0,1)) = 0; KL(N(1,1)‖N(0,1)) = ½ (half the squared mean shift);
	// KL(N(0,1)‖N(0,4)) = log 2 + 1/8 − ½ (closed form above).
	for _, c := range []struct{ mq, vq, mp, vp, want float64 }{
		{0, 1, 0, 1, 0},
		{1, 1, 0, 1, 0.5},
		{0, 1, 0, 4, math.Ln2 + 0.125 - 0.5},
	} {
		if got := KLGaussian(c.mq, c.vq, c.mp, c.vp); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("KLGaussian(%v,%v,%v,%v) = %v, want %v", c.mq, c.vq, c.mp, c.vp, got, c.want)
		}
	}
	got := KLDiagGaussian([]float64{1, 0}, []float64{1, 1}, []float64{0, 0}, []float64{1, 4})
	if want := 0.5 + math.Ln2 + 0.125 - 0.5; math.Abs(got-want) > 1e-15 {
		t.Errorf("KLDiagGaussian = %v, want %v", got, want)
	}
}

func TestKLBernoulli(t *testing.T) {
	// Reference: KL(B(½)‖B(¼)) = ½ log 2 + ½ log(2/3) = ½ log(4/3) (direct evaluation).
	if got, want := KLBernoulli(0.5, 0.25), 0.5*math.Log(4.0/3); math.Abs(got-want) > 1e-15 {
		t.Errorf("KLBernoulli(0.5,0.25) = %v, want %v", got, want)
	}
	// Reference: KL(B(1)‖B(b)) = −log b.
	if got := KLBernoulli(1, 0.2); math.Abs(got+math.Log(0.2)) > 1e-15 {
		t.Errorf("KLBernoulli(1,0.2) = %v", got)
	}
	if !math.IsInf(KLBernoulli(0.5, 0), 1) {
		t.Error("KL against a point mass is not +Inf")
	}
	if got := KLBernoulliVector([]float64{0.3, 0.3}, []float64{0.3, 0.3}); got != 0 {
		t.Errorf("KL of identical vectors = %v", got)
	}
}

func TestKLLengthMismatchPanics(t *testing.T) {
	defer func() {
		r := recover()
		if s, ok := r.(string); !ok || s[:8] != "thermo: " {
			t.Errorf("panic = %v, want a thermo: message", r)
		}
	}()
	KLBernoulliVector([]float64{0.1}, []float64{0.1, 0.2})
}
