package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

func tinyConvConfig(workers int) ConvNetConfig {
	return ConvNetConfig{Height: 4, Width: 4, ConvLayers: 2, ConvChannels: 3, Scales: 2,
		DenseLayers: 2, DenseHidden: 5, DenseOut: 2, UpperLayers: 2, UpperHidden: 4, J: 3,
		ConvAct: "softplus", DenseAct: "tanh", Workers: workers}
}

func dot32(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

// Finite differences of L = Σ r ⊙ out through the whole image network (both pathways, the
// per-pixel layers and the temporal readout), split over 2 workers. Smooth activations
// (softplus, tanh) so that the central differences are accurate; step 1e-2, relative
// tolerance 2e-2 as in nn/gradcheck_test.go.
func TestConvNetGradientFiniteDifference(t *testing.T) {
	for _, cfg := range []ConvNetConfig{tinyConvConfig(2), func() ConvNetConfig {
		c := tinyConvConfig(1)
		c.ConvLayers = 0 // the paper's dense-only MNIST network
		return c
	}(), func() ConvNetConfig {
		c := tinyConvConfig(3)
		c.DenseLayers = 0 // conv only
		return c
	}()} {
		rng := rand.New(rand.NewPCG(21, 22))
		net, err := NewConvNet(cfg, 10, rng)
		if err != nil {
			t.Fatal(err)
		}
		ps := net.Params()
		for _, p := range ps { // the last layer starts at zero; randomise everything
			for i := range p.W {
				p.W[i] += float32(0.3 * rng.NormFloat64())
			}
		}
		ts := []int{2, 10, 5}
		D := net.Dim()
		x := make([]float32, len(ts)*D)
		r := make([]float32, len(ts)*2*D)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		for i := range r {
			r[i] = float32(rng.NormFloat64())
		}
		checkNetGradients(t, fmt.Sprintf("conv %d dense %d", cfg.ConvLayers, cfg.DenseLayers), net, x, ts, r)
	}
}

// The reference code's default MNIST network has 1,691,008 parameters (PAPER.md §3.7:
// conv 11,060 + dense 1,679,068 + upper 880).
func TestReferenceMNISTParamCount(t *testing.T) {
	net, err := NewConvNet(ReferenceMNISTConfig(), 1000, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if n := nn.NumParams(net.Params()); n != 1691008 {
		t.Fatalf("%d parameters, want 1691008", n)
	}
}

// Splitting the batch over workers changes only the float32 summation order of gradients.
func TestConvNetWorkersAgree(t *testing.T) {
	var outs [2][]float32
	var grads [2][]float32
	for k, w := range []int{1, 2} {
		net, _ := NewConvNet(tinyConvConfig(w), 10, rand.New(rand.NewPCG(5, 5)))
		for _, p := range net.Params() {
			for i := range p.W {
				p.W[i] += 0.1
			}
		}
		ts := []int{3, 4, 7, 9, 2}
		x := make([]float32, len(ts)*16)
		for i := range x {
			x[i] = float32(i%7) - 3
		}
		outs[k] = make([]float32, len(ts)*32)
		net.Forward(x, ts, outs[k])
		nn.ZeroGrads(net.Params())
		net.Backward(x, ts, outs[k], nil)
		for _, p := range net.Params() {
			grads[k] = append(grads[k], p.G...)
		}
	}
	for i := range outs[0] {
		if math.Abs(float64(outs[0][i]-outs[1][i])) > 1e-5 {
			t.Fatalf("out[%d]: %v (1 worker) vs %v (2 workers)", i, outs[0][i], outs[1][i])
		}
	}
	for i := range grads[0] {
		if math.Abs(float64(grads[0][i]-grads[1][i])) > 1e-4*math.Max(1, math.Abs(float64(grads[0][i]))) {
			t.Fatalf("grad[%d]: %v vs %v", i, grads[0][i], grads[1][i])
		}
	}
}
