package gemm

import (
	"os"

	"github.com/thermodiff/thermodiff/diffusion/nn/internal/cpu"
)

// kernelID identifies a micro-kernel implementation for runKernel.
type kernelID uint8

const (
	kernScalar kernelID = iota // pure Go (kernel_generic.go)
	kernAVX2                   // AVX2+FMA, 4×24 and 4×16 (kernel_amd64.s)
	kernAVX512                 // AVX-512F/VL, 8×32 and 8×16 (kernel_avx512_amd64.s)
)

// kernelSpec describes one micro-kernel: the tile it computes and the cache
// blocking and planner costs tuned for it. The driver and the planner take
// every tile dimension from the spec of the selected kernel.
type kernelSpec struct {
	name string
	id   kernelID

	// mr is the number of rows of C of one tile: all A panels are mr rows
	// high. When half is set, a ragged last panel of at most mr/2 rows is
	// computed at half cost (the kernel skips the empty half).
	mr   int
	half bool

	// B panels are nrWide columns wide, except the right edge of a block,
	// which uses nrNarrow when its columns fit.
	nrWide, nrNarrow int

	// Cache blocking (block.go): k, m and n block sizes. mc is a multiple
	// of mr, nc of nrWide.
	kc, mc, nc int

	// Planner costs (plan.go), in multiply-add lanes of this kernel.
	costPack, costStoreRow, costStoreTrans int
}

// maxTile bounds mr·nrWide over all kernels (scratch tile size).
const maxTile = 8 * 32

var (
	// specScalar and specAVX2 share the tile shape (4×24 and 4×16) and
	// blocking. Costs are in units of one multiply-add lane of the AVX2
	// kernel, which retires about 16 per cycle: packing one element (Go
	// loops, about 1 cycle per element) is close to the arithmetic an
	// element feeds when its reuse count is below ~30; row-major tiles
	// store 8-lane rows, transposed tiles 4-lane columns after a shuffle.
	specScalar = kernelSpec{
		name: "scalar", id: kernScalar,
		mr: 4, nrWide: 24, nrNarrow: 16,
		kc: 256, mc: 144, nc: 3072,
		costPack: 14, costStoreRow: 1, costStoreTrans: 2,
	}
	specAVX2 = kernelSpec{
		name: "avx2-fma", id: kernAVX2,
		mr: 4, nrWide: 24, nrNarrow: 16,
		kc: 256, mc: 144, nc: 3072,
		costPack: 14, costStoreRow: 1, costStoreTrans: 2,
	}
	// specAVX512: an 8×32 tile (sixteen ZMM accumulators) and an 8×16
	// narrow one; ragged bottom panels of ≤ 4 rows run a 4-row loop. The
	// kernel retires about 32 lanes per cycle, so packing costs twice as
	// many lanes as for AVX2. A B panel (kc×32 floats, 32 KiB) stays in the
	// 48 KiB L1; an A block (mc×kc, 192 KiB) in the 1 MiB L2.
	specAVX512 = kernelSpec{
		name: "avx512", id: kernAVX512,
		mr: 8, half: true, nrWide: 32, nrNarrow: 16,
		kc: 256, mc: 192, nc: 3072,
		costPack: 28, costStoreRow: 2, costStoreTrans: 4,
	}
)

// active is the kernel Sgemm uses; set by init and by useKernel (tests).
var active = &specScalar

// panelOp describes one micro-kernel invocation: panels consecutive mr-row
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
// A and B must be readable over the full mr×k and k×width extents (packed
// edge panels are zero-padded); C is touched only for r < rows, j < cols.
// rows < mr is only used with panels == 1. β == 0 means C is not read.
type panelOp struct {
	a                        []float32
	aOff, aRow, aStep, aNext int
	b                        []float32
	bOff, bStep              int
	c                        []float32
	cOff, cRow, cCol, cNext  int
	k, panels, width         int
	rows, cols               int
	mr                       int // rows of an A panel (the kernel's MR)
	alpha, beta              float32
	tile                     *[maxTile]float32 // scratch for edge tiles
}

// runKernel runs op on kernel id. The calls are direct (not through a func
// value) so that op and the kernels' argument blocks stay on the stack.
func runKernel(id kernelID, op *panelOp) {
	switch id {
	case kernAVX512:
		avx512Kernel(op)
	case kernAVX2:
		avx2Kernel(op)
	default:
		genericKernel(op)
	}
}

// Kernel reports which micro-kernel Sgemm uses: "avx512", "avx2-fma" or
// "scalar".
func Kernel() string { return active.name }

// envKernel is the environment variable that selects the kernel at start-up.
const envKernel = "THERMODIFF_GEMM_KERNEL"

// availableKernels lists the kernels this machine can run, best first; the
// scalar kernel is always last.
func availableKernels() []*kernelSpec {
	var ks []*kernelSpec
	if cpu.HasAVX512() {
		ks = append(ks, &specAVX512)
	}
	if cpu.HasAVX2FMA() {
		ks = append(ks, &specAVX2)
	}
	return append(ks, &specScalar)
}

// lookupKernel returns the available kernel called name ("avx2" is an alias
// of "avx2-fma"), or nil.
func lookupKernel(name string) *kernelSpec {
	if name == "avx2" {
		name = "avx2-fma"
	}
	for _, ks := range availableKernels() {
		if ks.name == name {
			return ks
		}
	}
	return nil
}

// selectKernel returns the kernel chosen by the value of envKernel: the
// named one when available, else (unset, unknown or unavailable on this
// machine) the best available.
func selectKernel(env string) *kernelSpec {
	if ks := lookupKernel(env); ks != nil {
		return ks
	}
	return availableKernels()[0]
}

func init() { active = selectKernel(os.Getenv(envKernel)) }

// useKernel selects the kernel by name ("scalar", "avx2-fma", "avx512") and
// reports whether it is available. It is a test hook and must not be called
// concurrently with Sgemm.
func useKernel(name string) bool {
	ks := lookupKernel(name)
	if ks == nil {
		return false
	}
	active = ks
	return true
}

// checkExtents panics unless every element the kernel may touch lies inside
// the slices. It keeps the assembly kernels memory safe whatever the driver
// computes, at O(1) cost per call.
func (op *panelOp) checkExtents() {
	mr := op.mr
	lastA := op.aOff + (op.panels-1)*op.aNext + (mr-1)*op.aRow + (op.k-1)*op.aStep
	lastB := op.bOff + (op.k-1)*op.bStep + op.width - 1
	lastC := op.cOff + (op.panels-1)*op.cNext + (op.rows-1)*op.cRow + (op.cols-1)*op.cCol
	if mr < 1 || mr*op.width > maxTile ||
		op.k < 1 || op.panels < 1 || op.rows < 1 || op.rows > mr || op.cols < 1 || op.cols > op.width ||
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
