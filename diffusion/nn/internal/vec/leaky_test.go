package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// LeakyScale(By) with AVX2 against the Go loop, bit for bit (one product each), for every
// length 0…41, with ±0, ±Inf and NaN among the inputs; and the Go loop against the definition.
func TestLeakyScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range append(rangeN(42), 257) {
		x, d := randVec(rng, n), randVec(rng, n)
		if n > 4 {
			x[0], x[1], x[2], x[3] = 0, float32(math.Copysign(0, -1)), float32(math.Inf(-1)), float32(math.NaN())
		}
		y1, y2 := make([]float32, n), make([]float32, n)
		LeakyScaleBy(0.05, x, d, y1)
		withGo(func() { LeakyScaleBy(0.05, x, d, y2) })
		for j := range y1 {
			if math.Float32bits(y1[j]) != math.Float32bits(y2[j]) {
				t.Fatalf("n=%d: y[%d] = %v (avx2), %v (go), x %v", n, j, y1[j], y2[j], x[j])
			}
			want := d[j]
			if math.Signbit(float64(x[j])) {
				want *= 0.05
			}
			if math.Float32bits(y2[j]) != math.Float32bits(want) {
				t.Fatalf("n=%d: y[%d] = %v, want %v", n, j, y2[j], want)
			}
		}
		LeakyScale(0.05, x, y1)
		for j := range y1 {
			if want := x[j] * [2]float32{1, 0.05}[math.Float32bits(x[j])>>31]; math.Float32bits(y1[j]) != math.Float32bits(want) {
				t.Fatalf("forward n=%d [%d]: %v, want %v", n, j, y1[j], want)
			}
		}
	}
}
