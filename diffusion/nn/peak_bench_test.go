package nn

import (
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// BenchmarkSGEMMPeak measures the machine's float32 GEMM limit as the networks use it: one
// single-threaded 1024×1024×1024 SGEMM per core (GOMAXPROCS goroutines at once), with the
// engine in use (OpenBLAS by default). Reports GFLOP/s summed over the cores.
func BenchmarkSGEMMPeak(b *testing.B) {
	const n = 1024
	p := runtime.GOMAXPROCS(0)
	rng := rand.New(rand.NewPCG(1, 1))
	bufs := make([][3][]float32, p)
	for i := range bufs {
		bufs[i] = [3][]float32{gemmRand(rng, n*n), gemmRand(rng, n*n), make([]float32, n*n)}
	}
	impl := blas32.Implementation()
	gemm := func(w int) {
		impl.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, bufs[w][0], n, bufs[w][1], n, 0, bufs[w][2], n)
	}
	gemm(0)
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		for w := range p {
			wg.Go(func() { gemm(w) })
		}
		wg.Wait()
	}
	b.ReportMetric(2*n*n*n*float64(p)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
