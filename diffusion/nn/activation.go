package nn

import (
	"math"

	"github.com/thermodiff/thermodiff/diffusion/nn/internal/vec"
)

// Activation is an element-wise nonlinearity y = f(x). Backward computes dx = f'(x)·dy from
// the input x and the output y (whichever is cheaper for the function).
type Activation interface {
	Forward(x, y []float32)
	Backward(x, y, dy, dx []float32)
}

// LeakyReLU is f(x) = x for x > 0, Slope·x otherwise (the reference code uses Slope = 0.05).
//
// Both passes are branch-free: f(x) = x·g(x) and f'(x) = g(x), where g = {1, Slope}[s] is looked
// up by x's sign bit s (1 for x < 0 and for −0). Pre-activations have random signs, so a branch
// is mispredicted about half the time (forward + backward on 65,536 values: 1.28 ms → 0.13 ms
// on this machine; vec.LeakyScale does 8 at a time with AVX2). At x = +0 the derivative is
// taken as 1 (any value in [Slope, 1] is a subgradient).
type LeakyReLU struct{ Slope float32 }

func (a LeakyReLU) Forward(x, y []float32) { vec.LeakyScale(a.Slope, x, y) }

func (a LeakyReLU) Backward(x, _, dy, dx []float32) { vec.LeakyScaleBy(a.Slope, x, dy, dx) }

// Sigmoid is f(x) = 1/(1+e^{−x}); f' = y(1−y).
type Sigmoid struct{}

func (Sigmoid) Forward(x, y []float32) {
	for i, v := range x {
		y[i] = sigmoid32(v)
	}
}

func (Sigmoid) Backward(_, y, dy, dx []float32) {
	for i, s := range y {
		dx[i] = dy[i] * s * (1 - s)
	}
}

// Tanh is f(x) = tanh x; f' = 1 − y².
type Tanh struct{}

func (Tanh) Forward(x, y []float32) {
	for i, v := range x {
		y[i] = float32(math.Tanh(float64(v)))
	}
}

func (Tanh) Backward(_, y, dy, dx []float32) {
	for i, t := range y {
		dx[i] = dy[i] * (1 - t*t)
	}
}

// Softplus is f(x) = log(1 + e^x) (the paper's "soft ReLU"); f' = σ(x).
type Softplus struct{}

func (Softplus) Forward(x, y []float32) {
	for i, v := range x {
		y[i] = float32(softplus64(float64(v)))
	}
}

func (Softplus) Backward(x, _, dy, dx []float32) {
	for i, v := range x {
		dx[i] = dy[i] * sigmoid32(v)
	}
}

func sigmoid32(v float32) float32 {
	if v >= 0 {
		return 1 / (1 + float32(math.Exp(float64(-v))))
	}
	e := float32(math.Exp(float64(v)))
	return e / (1 + e)
}

// softplus64 is log(1+e^x) without overflow.
func softplus64(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}
