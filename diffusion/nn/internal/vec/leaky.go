package vec

import "math"

// LeakyScale sets y[j] = x[j]·g(x[j]) for j < len(x) (len(y) ≥ len(x)), where g is 1 for a
// clear sign bit and slope for a set one: the leaky ReLU forward pass (y = x, with x = f's
// input) and backward pass (x = f's input, and the product taken with dy instead: see
// LeakyScaleBy). Branch-free in both forms.
func LeakyScale(slope float32, x, y []float32) { LeakyScaleBy(slope, x, x, y) }

// LeakyScaleBy sets y[j] = d[j]·g(x[j]) (len(d), len(y) ≥ len(x)): with d = dL/df it is the
// leaky ReLU's backward pass dL/dx.
func LeakyScaleBy(slope float32, x, d, y []float32) {
	d, y = d[:len(x)], y[:len(x)]
	j := 0
	if useAVX2 && len(x) >= 8 {
		j = len(x) &^ 7
		leakyAVX2(slope, x[:j], d[:j], y[:j])
	}
	g := [2]float32{1, slope}
	for ; j < len(x); j++ {
		y[j] = d[j] * g[math.Float32bits(x[j])>>31&1]
	}
}
