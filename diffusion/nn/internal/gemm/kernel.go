package gemm

import "os"

// mr is the number of rows of C computed by one micro-kernel call per
// panel. All packed A panels are mr rows high.
const mr = 4

// Micro-kernel panel widths (columns of C per tile). A B panel is nrWide
// columns wide, except the right edge of a block which uses nrNarrow when
// that wastes fewer lanes.
const (
	nrWide   = 24
	nrNarrow = 16
)

// panelOp describes one micro-kernel invocation: panels consecutive 4-row
// panels of A, each multiplied by the same k×width panel of B, updating
//
//	C(i, j) = α·Σ_p A(i, p)·B(p, j) + β·C(i, j),  i < rows, j < cols
//
// for every panel. All offsets and strides count float32 elements:
//
//	A(r, p) of panel q = a[aOff + q·aNext + r·aRow + p·aStep]
//	B(p, j)            = b[bOff + p·bStep + j]        (j < width)
//	C(r, j) of panel q = c[cOff + q·cNext + r·cRow + j·cCol]
//
// A and B must be readable over the full 4×k and k×width extents (packed
// edge panels are zero-padded); C is touched only for r < rows, j < cols.
// rows < 4 is only used with panels == 1. β == 0 means C is not read.
type panelOp struct {
	a                        []float32
	aOff, aRow, aStep, aNext int
	b                        []float32
	bOff, bStep              int
	c                        []float32
	cOff, cRow, cCol, cNext  int
	k, panels, width         int
	rows, cols               int
	alpha, beta              float32
	tile                     *[mr * nrWide]float32 // scratch for edge tiles
}

// useArch selects the architecture's assembly kernel (archKernel) over the
// pure-Go one; set by init and by useKernel (tests). kernelName is what
// Kernel reports.
var (
	useArch    = false
	kernelName = "scalar"
)

// runKernel runs op on the selected kernel. The calls are direct (not
// through a func value) so that op and the kernels' argument blocks stay on
// the stack.
func runKernel(op *panelOp) {
	if useArch {
		archKernel(op)
	} else {
		genericKernel(op)
	}
}

// Kernel reports which micro-kernel Sgemm uses: "avx2-fma" or "scalar".
func Kernel() string { return kernelName }

// envKernel is the environment variable that forces the pure-Go kernel when
// set to "scalar".
const envKernel = "THERMODIFF_GEMM_KERNEL"

func init() {
	if os.Getenv(envKernel) == "scalar" {
		return
	}
	if name := archKernelName(); name != "" {
		useArch, kernelName = true, name
	}
}

// useKernel selects the kernel by name ("scalar" or archKernelName()) and
// reports whether it is available. It is a test hook and must not be called
// concurrently with Sgemm.
func useKernel(name string) bool {
	switch {
	case name == "scalar":
		useArch, kernelName = false, name
	case name != "" && name == archKernelName():
		useArch, kernelName = true, name
	default:
		return false
	}
	return true
}

// checkExtents panics unless every element the kernel may touch lies inside
// the slices. It keeps the assembly kernels memory safe whatever the driver
// computes, at O(1) cost per call.
func (op *panelOp) checkExtents() {
	lastA := op.aOff + (op.panels-1)*op.aNext + (mr-1)*op.aRow + (op.k-1)*op.aStep
	lastB := op.bOff + (op.k-1)*op.bStep + op.width - 1
	lastC := op.cOff + (op.panels-1)*op.cNext + (op.rows-1)*op.cRow + (op.cols-1)*op.cCol
	if op.k < 1 || op.panels < 1 || op.rows < 1 || op.rows > mr || op.cols < 1 || op.cols > op.width ||
		(op.rows < mr && op.panels != 1) ||
		op.aOff < 0 || op.aRow < 0 || op.aStep < 0 || op.aNext < 0 || lastA >= len(op.a) ||
		op.bOff < 0 || op.bStep < 0 || lastB >= len(op.b) ||
		op.cOff < 0 || op.cRow < 0 || op.cCol < 0 || op.cNext < 0 || lastC >= len(op.c) {
		panic("gemm: internal error: micro-kernel operands out of range")
	}
}

// mergeTile writes C = α·T + β·C for the valid rows×cols corner of one
// tile T (row stride width) into panel q of op's C.
func (op *panelOp) mergeTile(t []float32, q int) {
	base := op.cOff + q*op.cNext
	for r := 0; r < op.rows; r++ {
		row := t[r*op.width : r*op.width+op.cols]
		ci := base + r*op.cRow
		if op.beta == 0 {
			for j, v := range row {
				op.c[ci+j*op.cCol] = op.alpha * v
			}
		} else {
			for j, v := range row {
				p := ci + j*op.cCol
				op.c[p] = op.alpha*v + op.beta*op.c[p]
			}
		}
	}
}
