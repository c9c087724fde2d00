package nn

import (
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// The GEMMs of the engine in use (OpenBLAS when it loads) agree with gonum's reference
// implementation on every transpose combination, odd shapes, strides wider than the rows,
// α ∈ {1, 0.5}, β ∈ {0, 1, −0.3}, and β = 0 overwriting NaN in C (BLAS semantics).
// Tolerance: float32 accumulation, 1e-5·(k+1) relative to Σ|a||b| per entry.
func TestGemmMatchesGonum(t *testing.T) {
	t.Logf("%s", BackendLine())
	checkSgemm(t, blas32.Implementation())
	checkSgemm(t, goBLAS32{})
}

func checkSgemm(t *testing.T, impl blas.Float32) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 1))
	shapes := [][3]int{{1, 1, 1}, {3, 5, 7}, {17, 20, 180}, {64, 33, 9}, {128, 500, 61}, {5, 1, 300}}
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			for _, tB := range []blas.Transpose{blas.NoTrans, blas.Trans} {
				for _, ab := range [][2]float32{{1, 0}, {0.5, 1}, {1, -0.3}} {
					ar, ac := m, k
					if tA == blas.Trans {
						ar, ac = k, m
					}
					br, bc := k, n
					if tB == blas.Trans {
						br, bc = n, k
					}
					lda, ldb, ldc := ac+2, bc+1, n+3
					a := gemmRand(rng, (ar-1)*lda+ac)
					b := gemmRand(rng, (br-1)*ldb+bc)
					c := gemmRand(rng, (m-1)*ldc+n)
					if ab[1] == 0 {
						for i := range c {
							c[i] = float32(math.NaN())
						}
					}
					want := append([]float32(nil), c...)
					got := append([]float32(nil), c...)
					gonum.Implementation{}.Sgemm(tA, tB, m, n, k, ab[0], a, lda, b, ldb, ab[1], want, ldc)
					impl.Sgemm(tA, tB, m, n, k, ab[0], a, lda, b, ldb, ab[1], got, ldc)
					for i := 0; i < m; i++ {
						for j := 0; j < n; j++ {
							w, g := want[i*ldc+j], got[i*ldc+j]
							if math.IsNaN(float64(g)) || math.Abs(float64(w-g)) > 1e-5*float64(k+1)*(1+math.Abs(float64(w))) {
								t.Fatalf("%v%v m=%d n=%d k=%d α=%v β=%v: C[%d,%d] = %v, gonum %v", tA, tB, m, n, k, ab[0], ab[1], i, j, g, w)
							}
						}
					}
					// Padding between rows is untouched.
					for i := 0; i < m-1; i++ {
						for j := n; j < ldc; j++ {
							if got[i*ldc+j] != c[i*ldc+j] && !(math.IsNaN(float64(c[i*ldc+j])) && math.IsNaN(float64(got[i*ldc+j]))) {
								t.Fatalf("C padding [%d,%d] written", i, j)
							}
						}
					}
				}
			}
		}
	}
}

// Dgemm of the engine (Parzen's kernel sums) agrees with gonum to float64 rounding.
func TestDgemmMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2))
	m, n, k := 37, 29, 101
	a, b := make([]float64, m*k), make([]float64, n*k)
	for i := range a {
		a[i] = rng.NormFloat64()
	}
	for i := range b {
		b[i] = rng.NormFloat64()
	}
	want, got := make([]float64, m*n), make([]float64, m*n)
	gonum.Implementation{}.Dgemm(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 0, want, n)
	blas64.Implementation().Dgemm(blas.NoTrans, blas.Trans, m, n, k, 1, a, k, b, k, 0, got, n)
	for i := range want {
		if math.Abs(want[i]-got[i]) > 1e-12*float64(k) {
			t.Fatalf("C[%d] = %v, gonum %v", i, got[i], want[i])
		}
	}
}

// The default is the faster engine: internal/gemm where it has its AVX-512 kernel and
// OpenBLAS's kernel for this CPU is not an AVX-512 one, else OpenBLAS where it loads, and
// float64 GEMM from OpenBLAS whenever it loads. THERMODIFF_BLAS=openblas (scripts/test.sh,
// after installing it) makes a failed load a test failure.
func TestDefaultIsTheFasterEngine(t *testing.T) {
	desc, err := loadOpenBLAS()
	switch os.Getenv(envBLAS) {
	case "", "auto":
	case "openblas":
		if Backend() != "openblas" {
			t.Fatalf("%s=openblas, but %s", envBLAS, BackendLine())
		}
		return
	default:
		t.Skipf("%s=%s set", envBLAS, os.Getenv(envBLAS))
	}
	want := "openblas"
	if err != nil || (goKernel() == "avx512" && !openBLASHasAVX512(desc)) {
		want = "purego"
	}
	if Backend() != want {
		t.Fatalf("backend %s, want %s (%s)", Backend(), want, BackendLine())
	}
	if err == nil && !strings.Contains(BackendNote(), "libopenblas") {
		t.Fatalf("OpenBLAS loads but is not named: %s", BackendLine())
	}
}

func TestOpenBLASHasAVX512(t *testing.T) {
	for cfg, want := range map[string]bool{
		"OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64": false,
		"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY SkylakeX MAX_THREADS=64":           true,
		"OpenBLAS 0.3.26 DYNAMIC_ARCH Cooperlake":                                    true,
		"OpenBLAS 0.3.21 DYNAMIC_ARCH Zen":                                           false,
	} {
		if got := openBLASHasAVX512(cfg); got != want {
			t.Errorf("%q: %v, want %v", cfg, got, want)
		}
	}
}

func TestCheckGemmPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"short A":  func() { checkGemm(blas.NoTrans, blas.NoTrans, 2, 2, 2, 3, 2, 4, 2, 4, 2) },
		"stride":   func() { checkGemm(blas.NoTrans, blas.NoTrans, 2, 2, 3, 6, 2, 6, 2, 4, 2) },
		"negative": func() { checkGemm(blas.NoTrans, blas.NoTrans, -1, 2, 2, 4, 2, 4, 2, 4, 2) },
		"short C":  func() { checkGemm(blas.NoTrans, blas.Trans, 2, 2, 2, 4, 2, 4, 2, 3, 2) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(r.(string), "nn: gemm:") {
					t.Errorf("%s: recover() = %v", name, r)
				}
			}()
			f()
		}()
	}
}

func gemmRand(rng *rand.Rand, n int) []float32 {
	s := make([]float32, max(n, 0))
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}
