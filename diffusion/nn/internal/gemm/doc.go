// Package gemm is a pure-Go (plus Go assembly, no cgo) single-precision
// matrix multiply, the fallback BLAS level-3 routine used when OpenBLAS is
// not available.
//
// # Operation
//
// [Sgemm] computes, in row-major storage with BLAS semantics,
//
//	C = α·op(A)·op(B) + β·C,   op(A) m×k, op(B) k×n, C m×n,
//
// where op(X) = X or Xᵀ. When β = 0, C is overwritten without being read
// (NaN or Inf in C do not propagate), exactly as reference BLAS does.
//
// # Design (GotoBLAS / BLIS style)
//
// Every operand is handled as a strided view: element (i, p) of a matrix
// lives at data[i·rs + p·cs]. Transposition is therefore only a swap of the
// two strides, and the whole problem can be transposed as well,
//
//	Cᵀ = α·op(B)ᵀ·op(A)ᵀ + β·Cᵀ,
//
// which the planner (plan.go) does when it wastes fewer lanes of the
// micro-kernel or packs less, e.g. for some of the n = 20 shapes of
// convolution layers.
//
// The product is cut into blocks that fit the cache hierarchy (block.go):
//
//	for jc over n in steps of NC:          B block kc×nc
//	  for pc over k in steps of KC:        β is applied on the first pc only
//	    pack B(pc, jc) into NR-column panels, or only its ragged last panel
//	    for ic over m in steps of MC:      A block mc×kc stays in L2
//	      for jr over the NR panels of B:  one B panel stays in L1
//	        micro-kernel over all MR-row panels of the A block:
//	          C(MR×NR) = α·A(MR×kc)·B(kc×NR) + β·C(MR×NR)
//
// The micro-kernel keeps an MR×NR tile of C in registers and performs a
// rank-1 update per step p of the inner dimension:
//
//	T[r][j] += A[r][p] · B[p][j],   r < MR, j < NR.
//
// Each kernel has a kernelSpec (kernel.go) with its MR, NR, block sizes and
// planner costs; the driver and planner take every tile dimension from it.
// Three kernels exist, chosen at start-up in this order of preference:
//
//   - avx512 (kernel_avx512_amd64.s; AVX512F+VL and OS support for the
//     opmask and ZMM state): MR = 8, NR = 32 with sixteen ZMM accumulators,
//     two loads of B and eight broadcasts of A per step, or NR = 16 for
//     narrow right edges. A ragged last panel of ≤ 4 rows runs a 4-row
//     loop at half cost. Every edge is handled by opmasks: row-major tiles
//     are stored through per-vector lane masks and a row count, transposed
//     tiles as 8-float columns after an in-register transpose, each column
//     through a row mask that is zero past the edge. KC = 256
//     (a 32 KiB B panel in the 48 KiB L1), MC = 192.
//   - avx2-fma (kernel_amd64.s; AVX2+FMA): MR = 4, NR = 24 (twelve 8-lane
//     YMM accumulators, three loads of B and four broadcasts of A per
//     step) or 16. Ragged right edges are stored through lane masks; the
//     transposed orientation stores 4-float columns after an in-register
//     4×8 transpose; ragged bottom edges go through a scratch tile.
//   - scalar (kernel_generic.go): the same blocked algorithm with the AVX2
//     tile shape in pure Go; the only kernel outside amd64.
//
// Unlike classic GotoBLAS, A is not packed: the kernel broadcasts its
// elements from any stride, and the block is re-read from L2 either way.
// B is read in place too when its rows are contiguous and its row stride
// does not alias in L1 (plan.go); otherwise, and for the ragged last panel,
// it is packed (pack.go). Packing costs about as much as the arithmetic an
// element feeds when it is reused fewer than ~30 times (~60 for AVX-512),
// which is the case for the m = 64 dense layers and the n = 20
// convolutions. Packing buffers come from a sync.Pool (workspace.go), so
// steady-state calls do not allocate.
//
// The routine is single-threaded; callers parallelise over goroutines.
//
// # Kernel selection
//
// [Kernel] reports which kernel runs: "avx512", "avx2-fma" or "scalar".
// The environment variable THERMODIFF_GEMM_KERNEL, read once at start-up,
// forces a kernel: "avx512", "avx2" (or "avx2-fma") or "scalar". A request
// for a kernel this machine cannot run, an unknown value or no value
// selects the best available kernel.
package gemm
