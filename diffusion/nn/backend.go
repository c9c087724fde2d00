package nn

import (
	"fmt"
	"os"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// The BLAS engine behind every blas32/blas64 GEMM of the program is chosen once, at start-up:
//
//   - "openblas": OpenBLAS, loaded at run time with dlopen (libopenblas.so.0, Debian
//     libopenblas0 / libopenblas-dev) when the binary was built with cgo and the library is
//     installed. Nothing is needed at build or link time, so one binary runs everywhere and
//     takes OpenBLAS where it finds it. OpenBLAS is told to run each call on one thread unless
//     OPENBLAS_NUM_THREADS or OMP_NUM_THREADS is set: the networks already split a batch over
//     Go workers, and OpenBLAS's own threads on top oversubscribe the cores (on 2 cores the
//     MNIST reference step ran 1.27 steps/s with OpenBLAS's default threads, 3.71 with one).
//   - "purego": the pure-Go fallback (no cgo, or no OpenBLAS installed): SGEMM from
//     internal/gemm (cache-blocked, a Go-assembly AVX2/FMA micro-kernel on amd64, scalar Go
//     elsewhere; THERMODIFF_GEMM_KERNEL=scalar forces the scalar one), float64 GEMM and the
//     rest of BLAS from gonum.
//
// THERMODIFF_BLAS selects: "auto" (default: OpenBLAS if it loads, else pure Go), "openblas"
// (the same, but the fallback is reported as a failure by BackendNote) or "purego". The
// build tag purego leaves the dlopen code out altogether.
const envBLAS = "THERMODIFF_BLAS"

var backend struct {
	once sync.Once
	name string // what runs
	note string // why, when it is not what was asked for or found
}

func init() { selectBackend() }

func selectBackend() {
	backend.once.Do(func() {
		want := os.Getenv(envBLAS)
		switch want {
		case "", "auto", "openblas":
			desc, err := loadOpenBLAS()
			if err == nil {
				useOpenBLAS()
				backend.name = "openblas"
				backend.note = desc
				return
			}
			backend.name = "purego"
			backend.note = "OpenBLAS not used: " + err.Error()
			if want == "openblas" {
				backend.note = envBLAS + "=openblas but " + backend.note
			}
		case "purego":
			backend.name = "purego"
			backend.note = envBLAS + "=purego"
		default:
			backend.name = "purego"
			backend.note = fmt.Sprintf("unknown %s=%q (auto, openblas, purego); using pure Go", envBLAS, want)
		}
		backend.note = "gemm kernel " + goKernel() + "; " + backend.note
		blas32.Use(goBLAS32{})
		blas64.Use(gonum.Implementation{})
	})
}

// Backend names the BLAS engine in use: "openblas" or "purego" (recorded in run
// provenance and printed with progress).
func Backend() string { return backend.name }

// BackendNote says which library was loaded, or why the pure-Go fallback runs.
func BackendNote() string { return backend.note }

// BackendLine is one line for progress output, e.g. "blas: openblas (libopenblas.so.0, …)".
func BackendLine() string {
	if backend.note == "" {
		return "blas: " + backend.name
	}
	return "blas: " + backend.name + " (" + backend.note + ")"
}

// checkGemm panics, as gonum's BLAS does, on dimensions a row-major GEMM cannot read or write:
// C (m×n, stride ldc) = α op(A) op(B) + β C with op(A) m×k and op(B) k×n.
func checkGemm(tA, tB blas.Transpose, m, n, k int, la, lda, lb, ldb, lc, ldc int) {
	ar, ac := m, k
	if tA != blas.NoTrans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB != blas.NoTrans {
		br, bc = n, k
	}
	switch {
	case m < 0 || n < 0 || k < 0:
		panic(fmt.Sprintf("nn: gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	case lda < max(1, ac) || ldb < max(1, bc) || ldc < max(1, n):
		panic(fmt.Sprintf("nn: gemm: stride too small (lda %d for %d cols, ldb %d for %d, ldc %d for %d)", lda, ac, ldb, bc, ldc, n))
	case ar > 0 && ac > 0 && la < (ar-1)*lda+ac:
		panic("nn: gemm: A slice too short")
	case br > 0 && bc > 0 && lb < (br-1)*ldb+bc:
		panic("nn: gemm: B slice too short")
	case m > 0 && n > 0 && lc < (m-1)*ldc+n:
		panic("nn: gemm: C slice too short")
	}
}
