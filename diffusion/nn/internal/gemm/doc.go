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
// which the planner (orient.go) does when it wastes fewer lanes of the
// micro-kernel, e.g. for the n = 20 shapes of convolution layers.
//
// The product is cut into blocks that fit the cache hierarchy (block.go):
//
//	for jc over n in steps of NC:          B block kc×nc
//	  for pc over k in steps of KC:        β is applied on the first pc only
//	    pack B(pc, jc) into NR-column panels, or only its ragged last panel
//	    for ic over m in steps of MC:      A block mc×kc stays in L2
//	      for jr over the NR panels of B:  one B panel stays in L1
//	        micro-kernel over all 4-row panels of the A block:
//	          C(4×NR) = α·A(4×kc)·B(kc×NR) + β·C(4×NR)
//
// The micro-kernel (kernel.go) keeps a 4×NR tile of C in registers and
// performs a rank-1 update per step p of the inner dimension:
//
//	T[r][j] += A[r][p] · B[p][j],   r < 4, j < NR.
//
// On amd64 with AVX2 and FMA (kernel_amd64.s) NR is 24 (twelve 8-lane YMM
// accumulators, three loads of B and four broadcasts of A per step) or 16
// for narrow right edges. Ragged right edges are stored through lane masks;
// the transposed orientation stores 4-float columns after an in-register
// 4×8 transpose; ragged bottom edges go through a scratch tile. Elsewhere,
// or when forced, a pure-Go kernel (kernel_generic.go) runs the same
// blocked algorithm.
//
// Unlike classic GotoBLAS, A is not packed: the kernel broadcasts its
// elements from any stride, and the block is re-read from L2 either way.
// B is read in place too when its rows are contiguous and its row stride
// does not alias in L1 (plan.go); otherwise, and for the ragged last panel,
// it is packed (pack.go). Packing costs about as much as the arithmetic an
// element feeds when it is reused fewer than ~30 times, which is the case
// for the m = 64 dense layers and the n = 20 convolutions. Packing buffers
// come from a sync.Pool (workspace.go), so steady-state calls do not
// allocate.
//
// The routine is single-threaded; callers parallelise over goroutines.
//
// Setting the environment variable THERMODIFF_GEMM_KERNEL=scalar before the
// program starts forces the pure-Go kernel; [Kernel] reports which runs.
package gemm
