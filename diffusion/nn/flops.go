package nn

import (
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// CountGEMMFLOPs runs f and returns the floating-point operations of every GEMM it made,
// 2·m·n·k each (one multiply and one add per term of C = α op(A) op(B) + β C), float32 and
// float64 separately. For the networks here, whose layers are dense or im2col convolutions,
// that is the arithmetic of every layer's forward and backward pass; element-wise work
// (activations, normalisation, the optimizer) is left out, so FLOPs/s measured with it is
// the GEMM work rate, comparable with a GEMM peak.
//
// The engine in use is wrapped for the duration of f; GEMMs of other goroutines running at
// the same time are counted too. Not for concurrent use with itself.
func CountGEMMFLOPs(f func()) (f32, f64 float64) {
	extra32.Store(0)
	counting.Store(true)
	defer counting.Store(false)
	c32 := &counting32{Float32: blas32.Implementation()}
	c64 := &counting64{Float64: blas64.Implementation()}
	blas32.Use(c32)
	blas64.Use(c64)
	defer func() {
		blas32.Use(c32.Float32)
		blas64.Use(c64.Float64)
	}()
	f()
	return float64(c32.n.Load() + extra32.Load()), float64(c64.n.Load())
}

// counting is set while CountGEMMFLOPs runs; extra32 collects the float32 GEMM arithmetic
// done outside blas32 (Conv3x3's window form).
var (
	counting atomic.Bool
	extra32  atomic.Int64
)

func countFLOPs32(n int64) {
	if counting.Load() {
		extra32.Add(n)
	}
}

type counting32 struct {
	blas.Float32
	n atomic.Int64
}

func (c *counting32) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, cc []float32, ldc int) {
	c.n.Add(2 * int64(m) * int64(n) * int64(k))
	c.Float32.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, cc, ldc)
}

type counting64 struct {
	blas.Float64
	n atomic.Int64
}

func (c *counting64) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, cc []float64, ldc int) {
	c.n.Add(2 * int64(m) * int64(n) * int64(k))
	c.Float64.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, cc, ldc)
}
