package gemm

import "unsafe"

// zArgs is the argument block of the AVX-512 micro-kernels; its layout is
// mirrored by the offsets in kernel_avx512_amd64.s (checked by
// TestZArgsLayout). Strides are in bytes. See panelOp for the meaning of
// each field.
type zArgs struct {
	a, b, c unsafe.Pointer // 0, 8, 16
	k       int            // 24
	aRow    int            // 32: bytes between rows r and r+1 of an A panel
	aStep   int            // 40: bytes between steps p and p+1 of A
	aNext   int            // 48: bytes between consecutive A panels
	bStep   int            // 56: bytes between rows p and p+1 of the B panel
	ldc     int            // 64: bytes between C rows (between C columns if flagTrans)
	cNext   int            // 72: bytes between the C tiles of consecutive panels
	panels  int            // 80
	flags   int            // 88: flagBeta0 | flagTrans | flagHalf
	alpha   float32        // 96
	beta    float32        // 100
	rows    int            // 104: rows stored per tile, 1..8 (normal orientation)
	colMask [2]uint16      // 112: lanes stored of columns 0..15 and 16..31 (normal)
	tmask   [32]uint16     // 116: rows stored of tile column j, 0 for j ≥ cols (flagTrans)
}

// flagHalf (zArgs.flags): the tile has at most 4 valid rows; only rows 0..3
// of A are read and computed, at half the cost of a full tile (the
// registers of rows 4..7 hold extra accumulator sets and are never stored).
const flagHalf = 8

// kern8x32 and kern8x16 are the AVX-512 micro-kernels for B panels 32 and
// 16 columns wide (kernel_avx512_amd64.s).
//
//go:noescape
func kern8x32(args *zArgs)

//go:noescape
func kern8x16(args *zArgs)

// avx512Kernel runs op on the AVX-512 kernels (8-row panels, B panels 32 or
// 16 columns wide). Every tile is stored by the kernel itself through
// opmasks: row-major C with a column mask per 16-lane vector and a row
// count, or transposed C (8-float columns after an in-register transpose)
// with a row mask per column that is zero past the valid columns. No
// scratch tile is needed.
func avx512Kernel(op *panelOp) {
	if op.mr != 8 || (op.width != 32 && op.width != 16) {
		panic("gemm: internal error: bad tile for the avx512 kernel")
	}
	op.checkExtents()
	const f = 4 // bytes per float32
	za := zArgs{
		a:      unsafe.Pointer(&op.a[op.aOff]),
		b:      unsafe.Pointer(&op.b[op.bOff]),
		c:      unsafe.Pointer(&op.c[op.cOff]),
		k:      op.k,
		aRow:   op.aRow * f,
		aStep:  op.aStep * f,
		aNext:  op.aNext * f,
		bStep:  op.bStep * f,
		cNext:  op.cNext * f,
		panels: op.panels,
		alpha:  op.alpha,
		beta:   op.beta,
	}
	if op.beta == 0 {
		za.flags = flagBeta0
	}
	if op.rows <= 4 {
		za.flags |= flagHalf
	}
	switch {
	case op.cCol == 1:
		za.ldc = op.cRow * f
		za.rows = op.rows
		m := uint64(1)<<uint(op.cols) - 1
		za.colMask = [2]uint16{uint16(m), uint16(m >> 16)}
	case op.cRow == 1:
		za.flags |= flagTrans
		za.ldc = op.cCol * f
		rm := uint16(1)<<uint(op.rows) - 1
		for j := range op.cols {
			za.tmask[j] = rm
		}
	default:
		panic("gemm: internal error: C has neither unit stride")
	}
	if op.width == 32 {
		kern8x32(&za)
	} else {
		kern8x16(&za)
	}
}
