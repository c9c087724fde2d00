package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/thermodiff/thermodiff/diffusion/nn/internal/gemm"
)

// goBLAS32 is the pure-Go engine: gonum's float32 BLAS with Sgemm done by internal/gemm
// (cache-blocked, with a Go-assembly SIMD micro-kernel on amd64 and a scalar one elsewhere).
type goBLAS32 struct{ gonum.Implementation }

// Sgemm computes C = α op(A) op(B) + β C (row-major) with internal/gemm (which checks its
// arguments itself, panicking with a "gemm: " message as gonum's BLAS does).
func (goBLAS32) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	gemm.Sgemm(tA != blas.NoTrans, tB != blas.NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// goKernel names internal/gemm's micro-kernel ("avx2-fma", "scalar", …).
func goKernel() string { return gemm.Kernel() }
