package diffusion

import "github.com/thermodiff/thermodiff/diffusion/nn"

// ReverseNet is the one interface between the diffusion process and a network. For inputs x^(t)
// (n×D, float32) at paper steps t[i] ∈ [2, T] it produces raw outputs (n×2D: z^μ for the D
// coordinates, then z^β), which a Parameterization turns into the reverse step's mean and
// variance. The network never sees the bound's arithmetic.
//
// Implementations may keep activations from Forward for the following Backward, so one network
// value must not be used from two goroutines at once.
type ReverseNet interface {
	Dim() int
	Steps() int
	Forward(x []float32, t []int, out []float32)
	// Backward accumulates parameter gradients from dL/dout (same layout as out) for the
	// inputs of the last Forward call, and writes dL/dx into dx when dx is non-nil.
	Backward(x []float32, t []int, dout []float32, dx []float32)
	Params() []*nn.Param
}

// Model is a trained (or trainable) reverse process: a schedule, a network and the map from
// the network's outputs to Gaussian steps.
type Model struct {
	Sched *Schedule
	Net   ReverseNet
	Param Parameterization
}

// grow returns s resized to n, reusing its storage when possible.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}
