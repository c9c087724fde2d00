package gemm

// problem is a normalised GEMM: C(i, j) = c[i·cRow + j·cCol] for i < m,
// j < n, and C = α·A·B + β·C with A an m×k view and B a k×n view.
type problem struct {
	m, n, k     int
	a, b        view
	c           []float32
	cRow, cCol  int
	alpha, beta float32
}

// plan records how the driver handles a problem.
type plan struct {
	ks    *kernelSpec // the micro-kernel (the active one when planned)
	trans bool        // compute Cᵀ = op(B)ᵀ·op(A)ᵀ (C stored column-wise by the kernel)
	packA bool        // copy A into mr-row panels (else read it in place); tests only
	packB bool        // copy B into NR-column panels (else read it in place; needs B.cs == 1)
}

// planOverride, when set (tests and benchmarks only), may change the plan
// chosen by choosePlan; infeasible in-place choices are packed anyway.
var planOverride func(plan) plan

// paddedCols is the number of columns computed for n columns of C: full
// nrWide panels and one narrow or wide panel for the remainder.
func (ks *kernelSpec) paddedCols(n int) int {
	full := n / ks.nrWide * ks.nrWide
	switch r := n - full; {
	case r == 0:
		return full
	case r <= ks.nrNarrow:
		return full + ks.nrNarrow
	default:
		return full + ks.nrWide
	}
}

// paddedRows is the number of rows computed for m rows of C: full mr-row
// panels and one ragged panel, which costs half when it fits the half
// kernel.
func (ks *kernelSpec) paddedRows(m int) int {
	full := m / ks.mr * ks.mr
	switch r := m - full; {
	case r == 0:
		return full
	case ks.half && r <= ks.mr/2:
		return full + ks.mr/2
	default:
		return full + ks.mr
	}
}

// bInPlaceOK reports whether B panels can be read in place without
// thrashing L1: rows must be contiguous, and the row stride must not be a
// multiple of 256 bytes, or the kc rows of a panel would crowd a fraction of
// the 64 L1 sets (a 4 KiB stride maps them all to one set).
func bInPlaceOK(b view) bool { return b.cs == 1 && b.rs%64 != 0 }

// orientCost estimates the cost of computing p as given on kernel ks, in
// multiply-add lanes of ks, and the packing choices that achieve it.
//
// A is always read in place: the kernel broadcasts its elements, so any
// stride works, and its reuse across B panels comes from L2 either way (a
// packed copy measured no faster). B is read in place when bInPlaceOK, with
// only a ragged last panel packed, and packed otherwise.
func orientCost(ks *kernelSpec, p *problem, trans bool) (cost int, pl plan) {
	pl.ks, pl.trans = ks, trans
	m, n, k := p.m, p.n, p.k
	cost = ks.paddedRows(m) * ks.paddedCols(n) * k
	kBlocks := ceilDiv(k, ks.kc)
	if trans {
		cost += m * n * kBlocks * ks.costStoreTrans
	} else {
		cost += m * n * kBlocks * ks.costStoreRow
	}
	packed := n - n/ks.nrWide*ks.nrWide // ragged last panel
	if !bInPlaceOK(p.b) {
		pl.packB = true
		packed = n
	}
	cost += k * packed * ks.costPack
	return cost, pl
}

// transpose returns the problem Cᵀ = Bᵀ·Aᵀ + β·Cᵀ, equal to p.
func (p *problem) transpose() problem {
	return problem{
		m: p.n, n: p.m, k: p.k,
		a: p.b.t(), b: p.a.t(),
		c: p.c, cRow: p.cCol, cCol: p.cRow,
		alpha: p.alpha, beta: p.beta,
	}
}

// choosePlan picks, for the active kernel, the cheaper orientation and the
// packing of each operand.
func choosePlan(p *problem) plan {
	ks := active
	tp := p.transpose()
	c0, p0 := orientCost(ks, p, false)
	c1, p1 := orientCost(ks, &tp, true)
	pl := p0
	if c1 < c0 {
		pl = p1
	}
	if planOverride != nil {
		pl = planOverride(pl)
		pl.ks = ks
	}
	return pl
}
