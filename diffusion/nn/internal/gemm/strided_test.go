package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// SgemmStrided against a float64 triple loop on self-overlapping views (the convolution's
// windows: A rows 3 apart reading 9 values, and the transposed window), plain views, and
// α/β cases, with every kernel. Tolerance as in the Sgemm tests: 1e-5·√k·max Σ|a·b|.
func TestSgemmStridedOverlapping(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	type tc struct{ m, n, k, ars, acs, brs, bcs int }
	cases := []tc{
		{50, 20, 9, 3, 1, 20, 1},    // overlapping rows: row i reads a[3i : 3i+9]
		{9, 20, 50, 1, 3, 20, 1},    // the transposed window (dW = Aᵀ dy)
		{37, 5, 12, 4, 1, 1, 5},     // B column-major
		{130, 24, 60, 20, 1, 24, 1}, // Cin = 20, 3 taps
		{7, 33, 4, 0, 1, 33, 1},     // every row the same (stride 0)
	}
	for _, kn := range kernels(t) {
		withKernel(t, kn, func() {
			for _, c := range cases {
				for _, ab := range [][2]float32{{1, 0}, {0.5, 1}, {-1, 0.25}} {
					a := make([]float32, (c.m-1)*c.ars+(c.k-1)*c.acs+1)
					b := make([]float32, (c.k-1)*c.brs+(c.n-1)*c.bcs+1)
					for i := range a {
						a[i] = float32(rng.NormFloat64())
					}
					for i := range b {
						b[i] = float32(rng.NormFloat64())
					}
					ldc := c.n + 2
					cc := make([]float32, c.m*ldc)
					for i := range cc {
						cc[i] = float32(rng.NormFloat64())
					}
					if ab[1] == 0 {
						for i := range cc {
							cc[i] = float32(math.NaN())
						}
					}
					want := make([]float64, c.m*c.n)
					var mag float64
					for i := 0; i < c.m; i++ {
						for j := 0; j < c.n; j++ {
							var s, sa float64
							for p := 0; p < c.k; p++ {
								v := float64(a[i*c.ars+p*c.acs]) * float64(b[p*c.brs+j*c.bcs])
								s += v
								sa += math.Abs(v)
							}
							w, wa := float64(ab[0])*s, math.Abs(float64(ab[0]))*sa
							if ab[1] != 0 {
								w += float64(ab[1]) * float64(cc[i*ldc+j])
								wa += math.Abs(float64(ab[1]) * float64(cc[i*ldc+j]))
							}
							want[i*c.n+j] = w
							mag = math.Max(mag, wa)
						}
					}
					got := append([]float32(nil), cc...)
					SgemmStrided(c.m, c.n, c.k, ab[0], a, c.ars, c.acs, b, c.brs, c.bcs, ab[1], got, ldc)
					tol := 1e-5 * math.Sqrt(float64(c.k)) * (mag + 1)
					for i := 0; i < c.m; i++ {
						for j := 0; j < c.n; j++ {
							if g := float64(got[i*ldc+j]); !(math.Abs(g-want[i*c.n+j]) <= tol) {
								t.Fatalf("%s %+v α=%v β=%v: C[%d,%d] = %v, want %v", kn, c, ab[0], ab[1], i, j, g, want[i*c.n+j])
							}
						}
						for j := c.n; j < ldc && i < c.m-1; j++ {
							if !math.IsNaN(float64(got[i*ldc+j])) && got[i*ldc+j] != cc[i*ldc+j] {
								t.Fatalf("%s %+v: C padding [%d,%d] written", kn, c, i, j)
							}
						}
					}
				}
			}
		})
	}
}

func TestSgemmStridedPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"short a": func() {
			SgemmStrided(3, 2, 4, 1, make([]float32, 5), 1, 1, make([]float32, 8), 2, 1, 0, make([]float32, 6), 2)
		},
		"short b": func() {
			SgemmStrided(3, 2, 4, 1, make([]float32, 7), 1, 1, make([]float32, 7), 2, 1, 0, make([]float32, 6), 2)
		},
		"short c": func() {
			SgemmStrided(3, 2, 4, 1, make([]float32, 7), 1, 1, make([]float32, 8), 2, 1, 0, make([]float32, 5), 2)
		},
		"neg": func() {
			SgemmStrided(3, 2, 4, 1, make([]float32, 7), -1, 1, make([]float32, 8), 2, 1, 0, make([]float32, 6), 2)
		},
		"small ldc": func() {
			SgemmStrided(3, 2, 4, 1, make([]float32, 7), 1, 1, make([]float32, 8), 2, 1, 0, make([]float32, 6), 1)
		},
	} {
		func() {
			defer func() {
				if r, _ := recover().(string); len(r) < 5 || r[:5] != "gemm:" {
					t.Errorf("%s: recover() = %q", name, r)
				}
			}()
			f()
		}()
	}
}
