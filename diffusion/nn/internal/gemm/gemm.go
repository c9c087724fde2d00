package gemm

// Sgemm computes, for row-major matrices,
//
//	C = α·op(A)·op(B) + β·C
//
// where op(A) is m×k (A is stored k×m with stride lda when transA, else
// m×k), op(B) is k×n (stored n×k when transB) and C is m×n with stride
// ldc. Semantics follow BLAS (gonum's blas32 Sgemm, row-major CBLAS): when
// β = 0 C is overwritten without being read; when α = 0 or k = 0 only
// C = β·C is computed. It panics with a "gemm: " message on invalid
// dimensions, strides or slice lengths. Sgemm is single-threaded and safe
// for concurrent use on disjoint C.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	p := problem{
		m: m, n: n, k: k,
		a:     view{data: a, rs: lda, cs: 1},
		b:     view{data: b, rs: ldb, cs: 1},
		c:     c,
		cRow:  ldc,
		cCol:  1,
		alpha: alpha,
		beta:  beta,
	}
	if transA {
		p.a = p.a.t()
	}
	if transB {
		p.b = p.b.t()
	}
	solve(p)
}

// solve plans p (orientation and packing), transposes it if the plan says so, and runs it
// with a pooled workspace.
func solve(p problem) {
	pl := choosePlan(&p)
	if pl.trans {
		p = p.transpose()
	}
	ws := workspaces.Get().(*workspace)
	run(&p, pl, ws)
	workspaces.Put(ws)
}

// scaleC computes C = β·C for the m×n matrix C, writing zeros (not reading
// C) when β = 0.
func scaleC(m, n int, beta float32, c []float32, ldc int) {
	if beta == 1 {
		return
	}
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
