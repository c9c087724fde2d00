//go:build !amd64

package gemm

// archKernelName is empty: there is no assembly kernel outside amd64, so
// the pure-Go kernel runs.
func archKernelName() string { return "" }

// archKernel is never selected on this architecture.
func archKernel(op *panelOp) { genericKernel(op) }
