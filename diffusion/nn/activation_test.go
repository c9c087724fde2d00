package nn

import (
	"math"
	"testing"
)

// The branch-free LeakyReLU against its definition f(x) = x (x > 0), Slope·x (otherwise), with
// f'(x) = 1 (x > 0), Slope (x < 0), on values that include signed zeros and infinities.
func TestLeakyReLUValues(t *testing.T) {
	const s = 0.05
	inf := float32(math.Inf(1))
	negZero := float32(math.Copysign(0, -1))
	x := []float32{-3, -1e-30, negZero, 0, 1e-30, 2.5, -inf, inf, 1e30, -1e30}
	y := make([]float32, len(x))
	dx := make([]float32, len(x))
	dy := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	a := LeakyReLU{Slope: s}
	a.Forward(x, y)
	a.Backward(x, y, dy, dx)
	for i, v := range x {
		want, wantD := v, dy[i]
		if v < 0 || (v == 0 && math.Signbit(float64(v))) {
			want, wantD = s*v, s*dy[i]
		}
		if y[i] != want || math.Signbit(float64(y[i])) != math.Signbit(float64(want)) {
			t.Errorf("f(%g) = %g, want %g", v, y[i], want)
		}
		if dx[i] != wantD {
			t.Errorf("f'(%g)·%g = %g, want %g", v, dy[i], dx[i], wantD)
		}
	}
}
