// Package vec holds the short float32 vector loops of the layers that BLAS does not cover —
// the per-step readouts' rows (20–40 values) and the Adam update — with an AVX2 assembly body
// on amd64 for the multiple-of-4 prefix (Adam: of 8) and plain Go for the tail and other
// machines.
//
// Axpy and Adam use one multiply and one add per operation, never a fused multiply-add, in the
// same order as the Go loops, so the assembly and the Go code give bit-identical results.
// AxpyDot's dot product is summed in eight lanes, so its rounding differs from a sequential
// sum (within float32 accuracy).
package vec

// Axpy sets y[j] += a·x[j] for j < len(x) (len(y) ≥ len(x)).
func Axpy(a float32, x, y []float32) {
	y = y[:len(x)]
	j := 0
	if useAVX2 && len(x) >= 4 {
		j = len(x) &^ 3
		axpyAVX2(a, x[:j], y[:j])
	}
	for ; j < len(x); j++ {
		y[j] += a * x[j]
	}
}

// AxpyDot sets g[j] += a·d[j] and returns Σ_j w[j]·d[j] (len(g), len(w) ≥ len(d)): a row of
// a weight gradient and an entry of the input gradient from one pass over d.
func AxpyDot(a float32, d, g, w []float32) float32 {
	g, w = g[:len(d)], w[:len(d)]
	var s float32
	j := 0
	if useAVX2 && len(d) >= 4 {
		j = len(d) &^ 3
		s = axpyDotAVX2(a, d[:j], g[:j], w[:j])
	}
	for ; j < len(d); j++ {
		g[j] += a * d[j]
		s += w[j] * d[j]
	}
	return s
}

// Adam applies the Adam update with bias-corrected step and ε to the values w, moments m and v,
// and gradients g (equal lengths):
//
//	m ← β₁m + (1−β₁)g,   v ← β₂v + ((1−β₂)g)g,   w ← w − (step·m)/(√v + ε).
func Adam(m, v, w, g []float32, b1, b2, step, eps float32) {
	m, v, w = m[:len(g)], v[:len(g)], w[:len(g)]
	j := 0
	if useAVX2 && len(g) >= 8 {
		j = len(g) &^ 7
		adamAVX2(m[:j], v[:j], w[:j], g[:j], [4]float32{b1, b2, step, eps})
	}
	c1, c2 := 1-b1, 1-b2
	for ; j < len(g); j++ {
		gj := g[j]
		mj := b1*m[j] + c1*gj
		vj := b2*v[j] + c2*gj*gj
		m[j], v[j] = mj, vj
		w[j] -= step * mj / (sqrt32(vj) + eps)
	}
}

// Kernel names the loop bodies in use: "avx2" or "go".
func Kernel() string {
	if useAVX2 {
		return "avx2"
	}
	return "go"
}
