package gemm

// Cache blocking, with block sizes from the kernel's spec (kernel.go). An A
// block (mc×kc floats) stays in L2 while every B panel of the block is
// applied to it, one B panel (kc×nrWide floats) stays in L1 while it meets
// every A panel, and a packed B block (kc×nc floats, 3 MiB at most) lives in
// L3. For the AVX2 kernel that is 144 KiB, 24 KiB and 3 MiB; for AVX-512
// 192 KiB, 32 KiB and 3 MiB. Block sizes are balanced so that the last
// block is not much smaller than the others.

// panelWidth is the B panel width used for a panel with cols ≤ nrWide
// valid columns: the narrow kernel when it covers them.
func (ks *kernelSpec) panelWidth(cols int) int {
	if cols <= ks.nrNarrow {
		return ks.nrNarrow
	}
	return ks.nrWide
}

// run computes the normalised problem p according to pl, on kernel pl.ks.
func run(p *problem, pl plan, ws *workspace) {
	ks := pl.ks
	m, n, k := p.m, p.n, p.k
	mr, nrWide := ks.mr, ks.nrWide
	bPacked := pl.packB || p.b.cs != 1 // in place needs contiguous rows
	aPacked := pl.packA

	kc0 := ceilDiv(k, ceilDiv(k, ks.kc))
	mc0 := roundUp(ceilDiv(m, ceilDiv(m, ks.mc)), mr)
	nc0 := roundUp(ceilDiv(n, ceilDiv(n, ks.nc)), nrWide)
	if bPacked {
		ws.b = grow(ws.b, kc0*ks.paddedCols(min(nc0, n)))
	} else {
		ws.edgeB = grow(ws.edgeB, kc0*nrWide)
	}
	if aPacked {
		ws.a = grow(ws.a, roundUp(min(mc0, m), mr)*kc0)
	} else {
		ws.edgeA = grow(ws.edgeA, mr*kc0)
	}

	op := panelOp{c: p.c, cRow: p.cRow, cCol: p.cCol, cNext: mr * p.cRow, mr: mr, alpha: p.alpha, tile: &ws.tile}
	for jc := 0; jc < n; jc += nc0 {
		nc := min(nc0, n-jc)
		for pc := 0; pc < k; pc += kc0 {
			kc := min(kc0, k-pc)
			op.k = kc
			op.beta = p.beta
			if pc > 0 {
				op.beta = 1 // later k blocks accumulate
			}
			// Pack the B block, or only its ragged last panel when B is
			// read in place.
			lastJr := nc - 1 - (nc-1)%nrWide
			if bPacked {
				for jr := 0; jr < nc; jr += nrWide {
					cols := min(nrWide, nc-jr)
					packB(ws.b[jr*kc:], p.b, pc, kc, jc+jr, cols, ks.panelWidth(cols))
				}
			} else if cols := nc - lastJr; cols < nrWide {
				packB(ws.edgeB, p.b, pc, kc, jc+lastJr, cols, ks.panelWidth(cols))
			}
			for ic := 0; ic < m; ic += mc0 {
				mc := min(mc0, m-ic)
				full, rem := mc/mr, mc%mr
				if aPacked {
					packA(ws.a, p.a, mr, ic, mc, pc, kc)
				} else if rem != 0 {
					packA(ws.edgeA, p.a, mr, ic+full*mr, rem, pc, kc)
				}
				for jr := 0; jr < nc; jr += nrWide {
					cols := min(nrWide, nc-jr)
					w := ks.panelWidth(cols)
					op.width, op.cols = w, cols
					switch {
					case bPacked:
						op.b, op.bOff, op.bStep = ws.b, jr*kc, w
					case cols < nrWide:
						op.b, op.bOff, op.bStep = ws.edgeB, 0, w
					default:
						op.b, op.bOff, op.bStep = p.b.data, p.b.at(pc, jc+jr), p.b.rs
					}
					if full > 0 {
						if aPacked {
							op.a, op.aOff, op.aRow, op.aStep, op.aNext = ws.a, 0, 1, mr, mr*kc
						} else {
							op.a, op.aOff, op.aRow, op.aStep, op.aNext = p.a.data, p.a.at(ic, pc), p.a.rs, p.a.cs, mr*p.a.rs
						}
						op.panels, op.rows = full, mr
						op.cOff = ic*p.cRow + (jc+jr)*p.cCol
						runKernel(ks.id, &op)
					}
					if rem != 0 {
						if aPacked {
							op.a, op.aOff = ws.a, full*mr*kc
						} else {
							op.a, op.aOff = ws.edgeA, 0
						}
						op.aRow, op.aStep, op.aNext = 1, mr, 0
						op.panels, op.rows = 1, rem
						op.cOff = (ic+full*mr)*p.cRow + (jc+jr)*p.cCol
						runKernel(ks.id, &op)
					}
				}
			}
		}
	}
}
