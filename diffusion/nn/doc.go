// Package nn is a small neural-network layer set with hand-written forward and backward
// passes in float32 on gonum's BLAS interfaces (gonum.org/v1/gonum/blas/blas32), and the Adam
// and RMSProp optimizers. Pure Go by default; building with `-tags openblas` routes the BLAS
// calls to OpenBLAS through gonum.org/v1/netlib (Debian libopenblas-dev).
//
// Conventions: a batch is a row-major n×d []float32. Forward computes outputs from inputs;
// Backward takes the same inputs (and outputs where useful) plus the gradient of the loss with
// respect to the outputs, ACCUMULATES parameter gradients into Param.G and writes the gradient
// with respect to the inputs into dx when dx is non-nil. Layers keep no hidden state between
// Forward and Backward, so one layer can serve several batches.
package nn
