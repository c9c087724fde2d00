//go:build cgo && !purego

package nn

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>

typedef void (*td_sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
                            const float *, int, float, float *, int);
typedef void (*td_dgemm_fn)(int, int, int, int, int, int, double, const double *, int,
                            const double *, int, double, double *, int);
typedef void (*td_threads_fn)(int);
typedef char *(*td_config_fn)(void);

static td_sgemm_fn td_sgemm;
static td_dgemm_fn td_dgemm;

// td_open loads the first library of names that has cblas_sgemm and cblas_dgemm. It returns
// the index of the one loaded, or -1. one_thread asks OpenBLAS for single-threaded calls.
static int td_open(const char **names, int n, int one_thread, const char **config) {
	for (int i = 0; i < n; i++) {
		void *h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
		if (h == NULL) continue;
		td_sgemm_fn s = (td_sgemm_fn)dlsym(h, "cblas_sgemm");
		td_dgemm_fn d = (td_dgemm_fn)dlsym(h, "cblas_dgemm");
		td_threads_fn t = (td_threads_fn)dlsym(h, "openblas_set_num_threads");
		td_config_fn c = (td_config_fn)dlsym(h, "openblas_get_config");
		if (s == NULL || d == NULL || t == NULL) { dlclose(h); continue; }
		if (one_thread) t(1);
		*config = c ? c() : NULL;
		td_sgemm = s;
		td_dgemm = d;
		return i;
	}
	return -1;
}

// CBLAS enums: CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112.
static void td_call_sgemm(int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
                          const float *b, int ldb, float beta, float *c, int ldc) {
	td_sgemm(101, ta ? 112 : 111, tb ? 112 : 111, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
static void td_call_dgemm(int ta, int tb, int m, int n, int k, double alpha, const double *a, int lda,
                          const double *b, int ldb, double beta, double *c, int ldc) {
	td_dgemm(101, ta ? 112 : 111, tb ? 112 : 111, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
*/
import "C"

import (
	"errors"
	"math"
	"os"
	"unsafe"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
)

// openBLASNames are tried in order; only OpenBLAS builds qualify (a reference libblas.so.3
// would be slower than pure Go), recognised by openblas_set_num_threads.
var openBLASNames = []string{"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0", "libopenblas64_.so.0"}

// loadOpenBLAS dlopens OpenBLAS and returns "libopenblas.so.0, OpenBLAS 0.3.21 …, 1 thread".
func loadOpenBLAS() (string, error) {
	cnames := make([]*C.char, len(openBLASNames))
	for i, n := range openBLASNames {
		cnames[i] = C.CString(n)
		defer C.free(unsafe.Pointer(cnames[i]))
	}
	oneThread := os.Getenv("OPENBLAS_NUM_THREADS") == "" && os.Getenv("OMP_NUM_THREADS") == ""
	var cfg *C.char
	i := C.td_open((**C.char)(unsafe.Pointer(&cnames[0])), C.int(len(cnames)), boolInt(oneThread), &cfg)
	if i < 0 {
		return "", errors.New("no libopenblas.so.0 with cblas_sgemm (Debian: apt-get install libopenblas-dev)")
	}
	desc := openBLASNames[i]
	if cfg != nil {
		desc += ", " + C.GoString(cfg)
	}
	if oneThread {
		desc += ", 1 thread per call"
	} else {
		desc += ", threads from OPENBLAS_NUM_THREADS/OMP_NUM_THREADS"
	}
	return desc, nil
}

func boolInt(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// fitsInt32 reports whether every dimension can be passed as a C int.
func fitsInt32(v ...int) bool {
	for _, x := range v {
		if x > math.MaxInt32 {
			return false
		}
	}
	return true
}

// openBLAS32 is gonum's pure-Go float32 BLAS with Sgemm done by OpenBLAS.
type openBLAS32 struct{ gonum.Implementation }

// Sgemm computes C = α op(A) op(B) + β C (row-major) in OpenBLAS.
func (openBLAS32) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkGemm(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || len(a) == 0 || len(b) == 0 || !fitsInt32(m, n, k, lda, ldb, ldc) {
		gonum.Implementation{}.Sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	C.td_call_sgemm(boolInt(tA != blas.NoTrans), boolInt(tB != blas.NoTrans), C.int(m), C.int(n), C.int(k),
		C.float(alpha), (*C.float)(unsafe.Pointer(&a[0])), C.int(lda), (*C.float)(unsafe.Pointer(&b[0])), C.int(ldb),
		C.float(beta), (*C.float)(unsafe.Pointer(&c[0])), C.int(ldc))
}

// openBLAS64 is gonum's pure-Go float64 BLAS with Dgemm done by OpenBLAS.
type openBLAS64 struct{ gonum.Implementation }

// Dgemm computes C = α op(A) op(B) + β C (row-major) in OpenBLAS.
func (openBLAS64) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	checkGemm(tA, tB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || len(a) == 0 || len(b) == 0 || !fitsInt32(m, n, k, lda, ldb, ldc) {
		gonum.Implementation{}.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	C.td_call_dgemm(boolInt(tA != blas.NoTrans), boolInt(tB != blas.NoTrans), C.int(m), C.int(n), C.int(k),
		C.double(alpha), (*C.double)(unsafe.Pointer(&a[0])), C.int(lda), (*C.double)(unsafe.Pointer(&b[0])), C.int(ldb),
		C.double(beta), (*C.double)(unsafe.Pointer(&c[0])), C.int(ldc))
}

// useOpenBLAS routes blas32/blas64 GEMMs to the loaded library.
func useOpenBLAS() {
	blas32.Use(openBLAS32{})
	blas64.Use(openBLAS64{})
}

// useOpenBLAS64 routes only the float64 GEMMs to the loaded library.
func useOpenBLAS64() { blas64.Use(openBLAS64{}) }
