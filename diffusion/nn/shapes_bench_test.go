package nn

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// BenchmarkGEMMShapes times the engine's single-threaded SGEMM on the shapes of the MNIST
// reference step (batch 64 per worker): the dense pathway forward (x W), its weight gradient
// (xᵀ dy) and input gradient (dy Wᵀ), and the 3×3 convolutions as im2col GEMMs on a chunk of
// 4,096 pixels (col W, colᵀ dy, dy Wᵀ). GFLOP/s per core; compare with BenchmarkSGEMMPeak
// divided by the number of cores.
func BenchmarkGEMMShapes(b *testing.B) {
	type shape struct {
		name    string
		tA, tB  bool
		m, n, k int
	}
	for _, s := range []shape{
		{"dense-fwd-64x784x500", false, false, 64, 500, 784},
		{"dense-fwd-64x500x1568", false, false, 64, 1568, 500},
		{"dense-dW-500x500x64", true, false, 500, 500, 64},
		{"dense-dx-64x500x500", false, true, 64, 500, 500},
		{"conv-fwd-4096x180x20", false, false, 4096, 20, 180},
		{"conv-dW-180x4096x20", true, false, 180, 20, 4096},
		{"conv-dcol-4096x20x180", false, true, 4096, 180, 20},
		{"square-1024", false, false, 1024, 1024, 1024},
	} {
		b.Run(s.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			a := gemmRand(rng, s.m*s.k)
			bb := gemmRand(rng, s.k*s.n)
			c := make([]float32, s.m*s.n)
			tA, tB := blas.NoTrans, blas.NoTrans
			lda, ldb := s.k, s.n
			if s.tA {
				tA, lda = blas.Trans, s.m
			}
			if s.tB {
				tB, ldb = blas.Trans, s.k
			}
			impl := blas32.Implementation()
			for b.Loop() {
				impl.Sgemm(tA, tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 1, c, s.n)
			}
			b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
