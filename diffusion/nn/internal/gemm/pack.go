package gemm

// Packing copies operand blocks into the layouts the micro-kernel streams
// through with unit steps:
//
//	A panel (mr rows × kc): dst[p·mr + r]    = A(i0+r, p0+p)
//	B panel (kc × w cols):  dst[p·w + j]     = B(p0+p, j0+j)
//
// Rows or columns beyond the matrix edge are zero, so edge tiles can be
// computed at full size and only their valid part stored.

// packA packs rows [i0, i0+rows) and steps [p0, p0+kc) of v into
// ceil(rows/mr) consecutive mr×kc panels of dst.
func packA(dst []float32, v view, mr, i0, rows, p0, kc int) {
	for q := 0; q*mr < rows; q++ {
		d := dst[q*mr*kc : (q+1)*mr*kc]
		i := i0 + q*mr
		valid := min(mr, rows-q*mr)
		switch {
		case valid == 4 && mr == 4 && v.cs == 1: // rows contiguous: interleave 4 rows
			r0 := v.data[v.at(i, p0):][:kc]
			r1 := v.data[v.at(i+1, p0):][:kc]
			r2 := v.data[v.at(i+2, p0):][:kc]
			r3 := v.data[v.at(i+3, p0):][:kc]
			for p := range kc {
				d4 := d[p*4 : p*4+4 : p*4+4]
				d4[0], d4[1], d4[2], d4[3] = r0[p], r1[p], r2[p], r3[p]
			}
		case valid == mr && v.rs == 1: // columns contiguous: mr floats per step
			for p := range kc {
				o := v.at(i, p0+p)
				copy(d[p*mr:p*mr+mr], v.data[o:o+mr])
			}
		case v.cs == 1: // rows contiguous: scatter each row, zero the rest
			for r := range mr {
				if r >= valid {
					for p := range kc {
						d[p*mr+r] = 0
					}
					continue
				}
				row := v.data[v.at(i+r, p0):][:kc]
				for p, x := range row {
					d[p*mr+r] = x
				}
			}
		default:
			for p := range kc {
				for r := range mr {
					var x float32
					if r < valid {
						x = v.data[v.at(i+r, p0+p)]
					}
					d[p*mr+r] = x
				}
			}
		}
	}
}

// packB packs steps [p0, p0+kc) and columns [j0, j0+cols) of v into one
// kc×w panel at the start of dst (cols ≤ w; the rest is zeroed).
func packB(dst []float32, v view, p0, kc, j0, cols, w int) {
	dst = dst[:kc*w]
	switch {
	case v.cs == 1: // rows contiguous: copy
		for p := range kc {
			d := dst[p*w : p*w+w]
			copy(d, v.data[v.at(p0+p, j0):][:cols])
			clear(d[cols:])
		}
	case v.rs == 1: // columns contiguous: transpose, four columns at a time
		j := 0
		for ; j+4 <= cols; j += 4 {
			c0 := v.data[v.at(p0, j0+j):][:kc]
			c1 := v.data[v.at(p0, j0+j+1):][:kc]
			c2 := v.data[v.at(p0, j0+j+2):][:kc]
			c3 := v.data[v.at(p0, j0+j+3):][:kc]
			for p := range kc {
				d := dst[p*w+j : p*w+j+4 : p*w+j+4]
				d[0], d[1], d[2], d[3] = c0[p], c1[p], c2[p], c3[p]
			}
		}
		for ; j < cols; j++ {
			c0 := v.data[v.at(p0, j0+j):][:kc]
			for p, x := range c0 {
				dst[p*w+j] = x
			}
		}
		if cols < w {
			for p := range kc {
				clear(dst[p*w+cols : p*w+w])
			}
		}
	default:
		for p := range kc {
			for j := range w {
				var x float32
				if j < cols {
					x = v.data[v.at(p0+p, j0+j)]
				}
				dst[p*w+j] = x
			}
		}
	}
}
