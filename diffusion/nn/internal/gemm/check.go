package gemm

// checkArgs panics, like gonum's blas32 Sgemm, on negative dimensions, too
// small leading dimensions and (for non-empty C) slices too short for the
// matrices they hold. Messages start with "gemm: ".
func checkArgs(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	switch {
	case m < 0:
		panic("gemm: m < 0")
	case n < 0:
		panic("gemm: n < 0")
	case k < 0:
		panic("gemm: k < 0")
	}
	if transA {
		if lda < max(1, m) {
			panic("gemm: bad leading dimension of A")
		}
	} else if lda < max(1, k) {
		panic("gemm: bad leading dimension of A")
	}
	if transB {
		if ldb < max(1, k) {
			panic("gemm: bad leading dimension of B")
		}
	} else if ldb < max(1, n) {
		panic("gemm: bad leading dimension of B")
	}
	if ldc < max(1, n) {
		panic("gemm: bad leading dimension of C")
	}
	if m == 0 || n == 0 {
		return
	}
	if transA {
		if len(a) < (k-1)*lda+m {
			panic("gemm: insufficient length of a")
		}
	} else if len(a) < (m-1)*lda+k {
		panic("gemm: insufficient length of a")
	}
	if transB {
		if len(b) < (n-1)*ldb+k {
			panic("gemm: insufficient length of b")
		}
	} else if len(b) < (k-1)*ldb+n {
		panic("gemm: insufficient length of b")
	}
	if len(c) < (m-1)*ldc+n {
		panic("gemm: insufficient length of c")
	}
}
