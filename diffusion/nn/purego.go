//go:build !openblas

package nn

// Backend names the BLAS implementation in use (recorded in run provenance).
const Backend = "gonum-purego"
