package gemm

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// benchShapes are the products the project's networks run (m×k times k×n).
var benchShapes = []struct {
	name    string
	tA, tB  bool
	m, n, k int
	beta    float32
}{
	{"dense-fwd-64x784x500", false, false, 64, 500, 784, 0},
	{"dense-fwd-64x500x500", false, false, 64, 500, 500, 0},
	{"dense-fwd-64x500x1568", false, false, 64, 1568, 500, 0},
	{"dense-dW-AtB-500x500x64", true, false, 500, 500, 64, 1},
	{"dense-dX-ABt-64x500x500", false, true, 64, 500, 500, 0},
	{"conv-fwd-4096x20x180", false, false, 4096, 20, 180, 0},
	{"conv-fwd-4096x20x9", false, false, 4096, 20, 9, 0},
	{"conv-dW-AtB-180x20x4096", true, false, 180, 20, 4096, 1},
	{"conv-dX-ABt-4096x180x20", false, true, 4096, 180, 20, 0},
	{"square-1024", false, false, 1024, 1024, 1024, 0},
}

// BenchmarkSgemm compares this package's kernels with gonum's pure-Go
// Sgemm, all single-threaded (gonum's runs with GOMAXPROCS = 1, since it
// would otherwise spread one call over all processors). The metric is
// GFLOP/s counting 2·m·n·k floating-point operations per call.
func BenchmarkSgemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, s := range benchShapes {
		lda, ldb := s.k, s.n
		if s.tA {
			lda = s.m
		}
		if s.tB {
			ldb = s.k
		}
		a := randSlice(rng, s.m*s.k)
		bm := randSlice(rng, s.k*s.n)
		c := randSlice(rng, s.m*s.n)
		flops := 2 * float64(s.m) * float64(s.n) * float64(s.k)
		report := func(b *testing.B) {
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		}
		for _, ks := range availableKernels() {
			kn := ks.name
			b.Run(s.name+"/"+kn, func(b *testing.B) {
				prev := active
				useKernel(kn)
				defer func() { active = prev }()
				for b.Loop() {
					Sgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bm, ldb, s.beta, c, s.n)
				}
				report(b)
			})
		}
		b.Run(s.name+"/gonum", func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
			tA, tB := blas.NoTrans, blas.NoTrans
			if s.tA {
				tA = blas.Trans
			}
			if s.tB {
				tB = blas.Trans
			}
			for b.Loop() {
				gonum.Implementation{}.Sgemm(tA, tB, s.m, s.n, s.k, 1, a, lda, bm, ldb, s.beta, c, s.n)
			}
			report(b)
		})
	}
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = rng.Float32()*2 - 1
	}
	return s
}
