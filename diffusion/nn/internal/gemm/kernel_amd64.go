package gemm

import "unsafe"

// kernelArgs is the argument block of the assembly micro-kernels; its
// layout is mirrored by the offsets in kernel_amd64.s. Strides are in
// bytes. See panelOp for the meaning of each field.
type kernelArgs struct {
	a, b, c unsafe.Pointer // 0, 8, 16
	k       int            // 24
	aRow    int            // 32: bytes between rows r and r+1 of an A panel
	aStep   int            // 40: bytes between steps p and p+1 of A
	aNext   int            // 48: bytes between consecutive A panels
	bStep   int            // 56: bytes between rows p and p+1 of the B panel
	ldc     int            // 64: bytes between C rows (or columns if transposed)
	cNext   int            // 72: bytes between the C tiles of consecutive panels
	panels  int            // 80
	flags   int            // 88: flagBeta0 | flagTrans | flagMask
	alpha   float32        // 96
	beta    float32        // 100
	mask    [24]int32      // 104: lane j stored iff mask[j] < 0 (flagMask)
}

// kernelArgs.flags bits.
const (
	flagBeta0 = 1 // β = 0: C is written, never read
	flagTrans = 2 // tile element (r, j) goes to c + r·4 + j·ldc (else c + r·ldc + j·4)
	flagMask  = 4 // store only the lanes selected by mask (normal orientation)
)

// kern24 and kern16 are the AVX2+FMA micro-kernels for B panels 24 and 16
// columns wide (kernel_amd64.s).
//
//go:noescape
func kern24(args *kernelArgs)

//go:noescape
func kern16(args *kernelArgs)

// avx2Kernel runs op on the AVX2+FMA kernels (4-row panels, B panels 24 or
// 16 columns wide). Full tiles are stored by the
// kernel directly: row-major C with lane masks for a ragged right edge, or
// transposed C (4-float columns) when the tile is complete. Anything else
// (ragged rows, ragged transposed tiles) is computed into op.tile and
// merged in Go.
func avx2Kernel(op *panelOp) {
	if op.mr != 4 || (op.width != 24 && op.width != 16) {
		panic("gemm: internal error: bad tile for the avx2 kernel")
	}
	op.checkExtents()
	const f = 4 // bytes per float32
	ka := kernelArgs{
		a:      unsafe.Pointer(&op.a[op.aOff]),
		b:      unsafe.Pointer(&op.b[op.bOff]),
		k:      op.k,
		aRow:   op.aRow * f,
		aStep:  op.aStep * f,
		aNext:  op.aNext * f,
		bStep:  op.bStep * f,
		panels: op.panels,
		alpha:  op.alpha,
		beta:   op.beta,
	}
	if op.beta == 0 {
		ka.flags = flagBeta0
	}
	switch {
	case op.rows == op.mr && op.cCol == 1:
		ka.c = unsafe.Pointer(&op.c[op.cOff])
		ka.ldc = op.cRow * f
		ka.cNext = op.cNext * f
		if op.cols < op.width {
			if op.width == 24 && op.cols <= 16 {
				panic("gemm: internal error: narrow edge on the wide kernel")
			}
			ka.flags |= flagMask
			for j := range op.width {
				if j < op.cols {
					ka.mask[j] = -1
				}
			}
		}
		ka.call(op.width)
	case op.rows == op.mr && op.cRow == 1 && op.cols == op.width:
		ka.c = unsafe.Pointer(&op.c[op.cOff])
		ka.ldc = op.cCol * f
		ka.cNext = op.cNext * f
		ka.flags |= flagTrans
		ka.call(op.width)
	default:
		ka.c = unsafe.Pointer(&op.tile[0])
		ka.ldc = op.width * f
		ka.panels = 1
		ka.flags = flagBeta0
		ka.alpha = 1
		for q := range op.panels {
			ka.a = unsafe.Pointer(&op.a[op.aOff+q*op.aNext])
			ka.call(op.width)
			op.mergeTile(op.tile[:], q)
		}
	}
}

// call runs the kernel for B panels width columns wide.
func (ka *kernelArgs) call(width int) {
	if width == 16 {
		kern16(ka)
	} else {
		kern24(ka)
	}
}
