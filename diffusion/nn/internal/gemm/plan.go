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
	trans bool // compute Cᵀ = op(B)ᵀ·op(A)ᵀ (C stored column-wise by the kernel)
	packA bool // copy A into 4-row panels (else read it in place); tests only
	packB bool // copy B into NR-column panels (else read it in place; needs B.cs == 1)
}

// Planner constants. Costs are in units of one multiply-add lane of the
// micro-kernel, which retires about 16 per cycle.
const (
	// Packing one element (Go loops, about 1 cycle per element): close to
	// the arithmetic an element feeds when its reuse count is below ~30.
	costPack = 14
	// Storing one C element per k block: row-major tiles store 8-lane
	// rows, transposed tiles 4-lane columns after a shuffle.
	costStoreRow   = 1
	costStoreTrans = 2
)

// planOverride, when set (tests and benchmarks only), may change the plan
// chosen by choosePlan; infeasible in-place choices are packed anyway.
var planOverride func(plan) plan

// paddedCols is the number of columns computed for n columns of C: full
// nrWide panels and one narrow or wide panel for the remainder.
func paddedCols(n int) int {
	full := n / nrWide * nrWide
	switch r := n - full; {
	case r == 0:
		return full
	case r <= nrNarrow:
		return full + nrNarrow
	default:
		return full + nrWide
	}
}

// bInPlaceOK reports whether B panels can be read in place without
// thrashing L1: rows must be contiguous, and the row stride must not be a
// multiple of 256 bytes, or the kc rows of a panel would crowd a fraction of
// the 64 L1 sets (a 4 KiB stride maps them all to one set).
func bInPlaceOK(b view) bool { return b.cs == 1 && b.rs%64 != 0 }

// orientCost estimates the cost of computing p as given, and the packing
// choices that achieve it.
//
// A is always read in place: the kernel broadcasts its elements, so any
// stride works, and its reuse across B panels comes from L2 either way (a
// packed copy measured no faster). B is read in place when bInPlaceOK, with
// only a ragged last panel packed, and packed otherwise.
func orientCost(p *problem, trans bool) (cost int, pl plan) {
	pl.trans = trans
	m, n, k := p.m, p.n, p.k
	cost = roundUp(m, mr) * paddedCols(n) * k
	kBlocks := ceilDiv(k, kcMax)
	if trans {
		cost += m * n * kBlocks * costStoreTrans
	} else {
		cost += m * n * kBlocks * costStoreRow
	}
	packed := n - n/nrWide*nrWide // ragged last panel
	if !bInPlaceOK(p.b) {
		pl.packB = true
		packed = n
	}
	cost += k * packed * costPack
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

// choosePlan picks the cheaper orientation and the packing of each operand.
func choosePlan(p *problem) plan {
	tp := p.transpose()
	c0, p0 := orientCost(p, false)
	c1, p1 := orientCost(&tp, true)
	pl := p0
	if c1 < c0 {
		pl = p1
	}
	if planOverride != nil {
		pl = planOverride(pl)
	}
	return pl
}
