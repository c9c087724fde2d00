package gemm

// SgemmStrided computes C = α·A·B + β·C for an m×k matrix A and a k×n matrix B given as
// strided views,
//
//	A(i, p) = a[i·ars + p·acs],   B(p, j) = b[p·brs + j·bcs],   C(i, j) = c[i·ldc + j],
//
// with the same β = 0 and α = 0 semantics as Sgemm. Unlike BLAS, a view may overlap itself:
// rows of A that share elements (ars < k·acs) are how nn.Conv3x3 reads the 3·Cin values of
// three neighbouring pixels straight from an image, row after row, without im2col. A and B
// are only read; C must not overlap A or B. It panics with a "gemm: " message on negative
// sizes or strides, ldc < n, or slices too short for the views.
func SgemmStrided(m, n, k int, alpha float32, a []float32, ars, acs int, b []float32, brs, bcs int, beta float32, c []float32, ldc int) {
	switch {
	case m < 0 || n < 0 || k < 0:
		panic("gemm: SgemmStrided: negative dimension")
	case ars < 0 || acs < 0 || brs < 0 || bcs < 0:
		panic("gemm: SgemmStrided: negative stride")
	case ldc < max(1, n):
		panic("gemm: SgemmStrided: bad leading dimension of C")
	}
	if m == 0 || n == 0 {
		return
	}
	if len(c) < (m-1)*ldc+n {
		panic("gemm: SgemmStrided: insufficient length of c")
	}
	if alpha == 0 || k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	if len(a) < (m-1)*ars+(k-1)*acs+1 {
		panic("gemm: SgemmStrided: insufficient length of a")
	}
	if len(b) < (k-1)*brs+(n-1)*bcs+1 {
		panic("gemm: SgemmStrided: insufficient length of b")
	}
	p := problem{
		m: m, n: n, k: k,
		a:     view{data: a, rs: ars, cs: acs},
		b:     view{data: b, rs: brs, cs: bcs},
		c:     c,
		cRow:  ldc,
		cCol:  1,
		alpha: alpha,
		beta:  beta,
	}
	solve(p)
}
