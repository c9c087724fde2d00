package gemm

// genericKernel is the portable pure-Go micro-kernel. For every mr-row panel
// (mr even) it computes the mr×width tile T = A·B in 2×4 register blocks (eight scalar
// accumulators and six operands, which fit the 16 floating-point registers
// of amd64 without spilling), then merges C = α·T + β·C for the valid
// corner.
func genericKernel(op *panelOp) {
	op.checkExtents()
	w, mr := op.width, op.mr
	if mr%2 != 0 || w%4 != 0 {
		panic("gemm: internal error: bad tile for the scalar kernel")
	}
	t := op.tile[:mr*w]
	a, b := op.a, op.b
	ar, as, bs := op.aRow, op.aStep, op.bStep
	for q := 0; q < op.panels; q++ {
		for r := 0; r < mr; r += 2 {
			a0 := op.aOff + q*op.aNext + r*ar
			for j0 := 0; j0 < w; j0 += 4 {
				var c00, c01, c02, c03 float32
				var c10, c11, c12, c13 float32
				ai, bi := a0, op.bOff+j0
				for range op.k {
					x0, x1 := a[ai], a[ai+ar]
					bp := b[bi : bi+4 : bi+4]
					y0, y1, y2, y3 := bp[0], bp[1], bp[2], bp[3]
					c00 += x0 * y0
					c01 += x0 * y1
					c02 += x0 * y2
					c03 += x0 * y3
					c10 += x1 * y0
					c11 += x1 * y1
					c12 += x1 * y2
					c13 += x1 * y3
					ai += as
					bi += bs
				}
				t0 := t[r*w+j0 : r*w+j0+4 : r*w+j0+4]
				t1 := t[(r+1)*w+j0 : (r+1)*w+j0+4 : (r+1)*w+j0+4]
				t0[0], t0[1], t0[2], t0[3] = c00, c01, c02, c03
				t1[0], t1[1], t1[2], t1[3] = c10, c11, c12, c13
			}
		}
		op.mergeTile(t, q)
	}
}
