//go:build openblas

package nn

// #cgo LDFLAGS: -lopenblas
// void openblas_set_num_threads(int);
import "C"

import (
	"os"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

// With -tags openblas every blas32/blas64 call in the program goes to OpenBLAS.
//
// OpenBLAS is also told to run each call on one thread unless OPENBLAS_NUM_THREADS or
// OMP_NUM_THREADS is set: the networks already split a batch over Go workers, and OpenBLAS's
// own threads on top of them oversubscribe the cores and spin. On 2 cores this made
// BenchmarkMNISTReferenceTrainStep 1.27 steps/s with OpenBLAS's default threads and 3.71 with one.
func init() {
	if os.Getenv("OPENBLAS_NUM_THREADS") == "" && os.Getenv("OMP_NUM_THREADS") == "" {
		C.openblas_set_num_threads(1)
	}
	blas32.Use(netlib.Implementation{})
	blas64.Use(netlib.Implementation{})
}

// Backend names the BLAS implementation in use (recorded in run provenance).
const Backend = "openblas"
