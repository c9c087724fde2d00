package nn

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// The engine behind every blas32/blas64 GEMM of the program is chosen once, at start-up:
//
//   - "purego": float32 GEMM by internal/gemm (cache-blocked, Go-assembly micro-kernels:
//     AVX-512 or AVX2/FMA on amd64, scalar Go elsewhere; THERMODIFF_GEMM_KERNEL=avx512, avx2
//     or scalar forces one). It needs no cgo and no library.
//   - "openblas": float32 GEMM by OpenBLAS, loaded at run time with dlopen (libopenblas.so.0,
//     Debian libopenblas0 / libopenblas-dev) when the binary was built with cgo and the
//     library is installed: nothing is needed at build or link time, so one binary runs
//     everywhere. OpenBLAS is told to run each call on one thread unless OPENBLAS_NUM_THREADS
//     or OMP_NUM_THREADS is set: the networks already split a batch over Go workers, and
//     OpenBLAS's own threads on top oversubscribe the cores (on 2 cores the MNIST reference
//     step ran 1.27 steps/s with OpenBLAS's default threads, 3.71 with one).
//
// THERMODIFF_BLAS selects: "auto" (default: the faster of the two here — purego where
// internal/gemm has its AVX-512 kernel and OpenBLAS's own kernel for this CPU is not an
// AVX-512 one, else OpenBLAS if it loads, else purego), "openblas" (BackendNote reports a
// failed load) or "purego". In every case float64 GEMM (Parzen's kernel sums) goes to OpenBLAS
// when it loads (gonum's pure Go otherwise, or with THERMODIFF_BLAS=purego), and Conv3x3's
// window form always uses internal/gemm, whose strided operands BLAS cannot express. The build
// tag purego leaves the dlopen code out altogether.
const envBLAS = "THERMODIFF_BLAS"

var backend struct {
	once sync.Once
	name string // what runs
	note string // which library and kernel, or why the fallback runs
}

func init() { selectBackend() }

func selectBackend() {
	backend.once.Do(func() {
		want := os.Getenv(envBLAS)
		var desc string
		var err error
		if want != "purego" {
			desc, err = loadOpenBLAS()
		}
		useGo := func(why string) {
			backend.name = "purego"
			backend.note = "internal/gemm kernel " + goKernel() + "; " + why
			blas32.Use(goBLAS32{})
			if err == nil && want != "purego" {
				useOpenBLAS64()
				backend.note += "; float64 GEMM: " + desc
				return
			}
			blas64.Use(gonum.Implementation{})
		}
		switch want {
		case "", "auto":
			switch {
			case err != nil:
				useGo("OpenBLAS not used: " + err.Error())
			case goKernel() == "avx512" && !openBLASHasAVX512(desc):
				useGo("faster here than OpenBLAS's AVX2 kernels")
			default:
				useOpenBLAS()
				backend.name, backend.note = "openblas", desc
			}
		case "openblas":
			if err != nil {
				useGo(envBLAS + "=openblas but OpenBLAS not used: " + err.Error())
				return
			}
			useOpenBLAS()
			backend.name, backend.note = "openblas", desc
		case "purego":
			useGo(envBLAS + "=purego")
		default:
			useGo(fmt.Sprintf("unknown %s=%q (auto, openblas, purego)", envBLAS, want))
		}
	})
}

// openBLASHasAVX512 reports whether OpenBLAS's configuration string names one of its AVX-512
// cores (0.3.21: SkylakeX, Cooperlake, SapphireRapids).
func openBLASHasAVX512(config string) bool {
	c := strings.ToLower(config)
	for _, core := range []string{"skylakex", "cooperlake", "sapphirerapids"} {
		if strings.Contains(c, core) {
			return true
		}
	}
	return false
}

// Backend names the BLAS engine in use: "openblas" or "purego" (recorded in run
// provenance and printed with progress).
func Backend() string { return backend.name }

// BackendNote says which library and kernel run, and why.
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
