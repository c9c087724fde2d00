package nn

import (
	"math/rand/v2"
	"testing"
)

// A Dense forward on n rows costs 2·n·In·Out GEMM FLOPs; its backward with dx twice that.
func TestCountGEMMFLOPs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := NewDense("d", 7, 5, 1, rng)
	const n = 3
	x, y := make([]float32, n*7), make([]float32, n*5)
	f32, f64 := CountGEMMFLOPs(func() {
		d.Forward(x, n, y)
		d.Backward(x, n, y, make([]float32, n*7))
	})
	if want := 3.0 * 2 * n * 7 * 5; f32 != want || f64 != 0 {
		t.Fatalf("counted %v float32 and %v float64 FLOPs, want %v and 0", f32, f64, want)
	}
}
