package thermo

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestGaussianEntropy(t *testing.T) {
	// Reference: ½ log(2πe) = 1.4189385332046727 nats (standard normal; scipy.stats.norm.entropy()).
	if got := GaussianEntropy(1); math.Abs(got-1.4189385332046727) > 1e-15 {
		t.Errorf("GaussianEntropy(1) = %v", got)
	}
	// Reference: PAPER.md §5.3, the null model per dimension is −½ log2(2πe) = −2.04710 bits.
	if got := GaussianEntropy(1) / math.Ln2; math.Abs(got-2.04710) > 1e-5 {
		t.Errorf("GaussianEntropy(1) in bits = %v, want 2.04710", got)
	}
	// Scaling: H(σ²=4) = H(1) + log 2.
	if got := GaussianEntropy(4) - GaussianEntropy(1); math.Abs(got-math.Ln2) > 1e-15 {
		t.Errorf("entropy difference = %v, want log 2", got)
	}
	if !math.IsInf(GaussianEntropy(0), -1) {
		t.Error("GaussianEntropy(0) is not −Inf")
	}
}

func TestMultivariateGaussianEntropy(t *testing.T) {
	// Reference: for a diagonal covariance diag(1, 4) the entropy is the sum of the 1-D ones.
	h, err := MultivariateGaussianEntropy(mat.NewSymDense(2, []float64{1, 0, 0, 4}))
	if err != nil {
		t.Fatal(err)
	}
	if want := GaussianEntropy(1) + GaussianEntropy(4); math.Abs(h-want) > 1e-14 {
		t.Errorf("H = %v, want %v", h, want)
	}
	// Reference: det [[2,1],[1,2]] = 3, so H = log(2πe) + ½ log 3.
	h, err = MultivariateGaussianEntropy(mat.NewSymDense(2, []float64{2, 1, 1, 2}))
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Log(2*math.Pi*math.E) + 0.5*math.Log(3); math.Abs(h-want) > 1e-14 {
		t.Errorf("H = %v, want %v", h, want)
	}
	if _, err := MultivariateGaussianEntropy(mat.NewSymDense(2, []float64{1, 2, 2, 1})); err == nil {
		t.Error("indefinite covariance: no error")
	}
}

func TestBernoulliEntropy(t *testing.T) {
	// References: H_b(½) = log 2; H_b(0) = H_b(1) = 0;
	// PAPER.md §5.3: 20·H_b(0.2) = 14.43856 bits (the heartbeat null model).
	if got := BernoulliEntropy(0.5); math.Abs(got-math.Ln2) > 1e-16 {
		t.Errorf("H_b(0.5) = %v", got)
	}
	if BernoulliEntropy(0) != 0 || BernoulliEntropy(1) != 0 {
		t.Error("H_b at the endpoints is not 0")
	}
	p := make([]float64, 20)
	for i := range p {
		p[i] = 0.2
	}
	if got := BernoulliVectorEntropy(p) / math.Ln2; math.Abs(got-14.43856) > 1e-5 {
		t.Errorf("20·H_b(0.2) = %v bits, want 14.43856", got)
	}
}

func TestBernoulliEntropyPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("no panic for p = 1.5")
		}
	}()
	BernoulliEntropy(1.5)
}
