//go:build !amd64

package gemm

// There are no assembly kernels outside amd64: only the pure-Go kernel is
// available.

// avx2Kernel and avx512Kernel are never selected on this architecture.
func avx2Kernel(op *panelOp) { genericKernel(op) }

func avx512Kernel(op *panelOp) { genericKernel(op) }
