package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randVec(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

// close32 allows ulps units in the last place of float32 (Axpy and Adam are expected to be
// exact unless the compiler fuses the Go loop's multiply-adds, e.g. with GOAMD64=v3).
func close32(a, b float32, ulps float64) bool {
	return math.Abs(float64(a-b)) <= ulps*math.Abs(float64(b))*0x1p-23
}

// withGo runs f with the Go loops forced (and restores the selection).
func withGo(f func()) {
	old := useAVX2
	useAVX2 = false
	defer func() { useAVX2 = old }()
	f()
}

// The kernels in use (AVX2 where present) against the plain loops for every length 0…41
// (multiple-of-8 bodies and every tail) and 1,000: Axpy and Adam to 2 ulp (bit-identical
// without fused multiply-adds), AxpyDot's sum within 1e-6·Σ|w·d|.
func TestKernelsMatchGoLoops(t *testing.T) {
	t.Logf("kernel %s", Kernel())
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range append(rangeN(42), 1000) {
		x, y, w := randVec(rng, n), randVec(rng, n), randVec(rng, n)
		a := float32(rng.NormFloat64())
		y1, y2 := append([]float32(nil), y...), append([]float32(nil), y...)
		Axpy(a, x, y1)
		withGo(func() { Axpy(a, x, y2) })
		g1, g2 := append([]float32(nil), y...), append([]float32(nil), y...)
		s1 := AxpyDot(a, x, g1, w)
		var s2 float32
		withGo(func() { s2 = AxpyDot(a, x, g2, w) })
		var mag float64
		for j := range x {
			mag += math.Abs(float64(w[j] * x[j]))
		}
		for j := range y1 {
			if !close32(y1[j], y2[j], 2) || !close32(g1[j], g2[j], 2) {
				t.Fatalf("n=%d: [%d] axpy %v vs %v, axpyDot %v vs %v", n, j, y1[j], y2[j], g1[j], g2[j])
			}
		}
		if math.Abs(float64(s1-s2)) > 1e-6*(mag+1) {
			t.Fatalf("n=%d: dot %v vs %v", n, s1, s2)
		}
		// Adam, three steps from zero moments on the same gradients.
		m1, v1, w1 := make([]float32, n), make([]float32, n), append([]float32(nil), w...)
		m2, v2, w2 := make([]float32, n), make([]float32, n), append([]float32(nil), w...)
		for range 3 {
			Adam(m1, v1, w1, x, 0.9, 0.999, 1e-3, 1e-8)
			withGo(func() { Adam(m2, v2, w2, x, 0.9, 0.999, 1e-3, 1e-8) })
		}
		for j := range w1 {
			if !close32(m1[j], m2[j], 2) || !close32(v1[j], v2[j], 2) || !close32(w1[j], w2[j], 2) {
				t.Fatalf("n=%d: Adam [%d]: m %v/%v v %v/%v w %v/%v", n, j, m1[j], m2[j], v1[j], v2[j], w1[j], w2[j])
			}
		}
	}
}

// The Go loops against float64 arithmetic (the definitions in the doc comments).
func TestGoLoopsDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 23
	x, y, w := randVec(rng, n), randVec(rng, n), randVec(rng, n)
	a := float32(0.7)
	got := append([]float32(nil), y...)
	var dot float32
	withGo(func() { dot = AxpyDot(a, x, got, w) })
	var want float64
	for j := range x {
		if d := float64(got[j]) - (float64(y[j]) + float64(a)*float64(x[j])); math.Abs(d) > 1e-6*(1+math.Abs(float64(got[j]))) {
			t.Fatalf("g[%d] off by %v", j, d)
		}
		want += float64(w[j]) * float64(x[j])
	}
	if math.Abs(float64(dot)-want) > 1e-5 {
		t.Fatalf("dot %v, want %v", dot, want)
	}
	m, v, p := make([]float32, n), make([]float32, n), append([]float32(nil), w...)
	Adam(m, v, p, x, 0.9, 0.999, 0.01, 1e-8)
	for j := range x {
		g := float64(x[j])
		mj, vj := 0.1*g, 0.001*g*g
		wj := float64(w[j]) - 0.01*mj/(math.Sqrt(vj)+1e-8)
		if math.Abs(float64(p[j])-wj) > 1e-5 {
			t.Fatalf("Adam w[%d] = %v, want %v", j, p[j], wj)
		}
	}
}

func rangeN(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
