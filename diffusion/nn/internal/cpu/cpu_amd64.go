// Package cpu detects the x86 SIMD features that the Go-assembly kernels of gemm and vec use,
// with CPUID and XGETBV directly (the leaf rule allows only the standard library and gonum):
// each needs the instructions and the operating system's saving of their register state.
package cpu

// cpuid executes CPUID with the given leaf (EAX) and sub-leaf (ECX).
func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)

// xgetbv0 reads extended control register XCR0 (which register states the
// operating system saves on context switches).
func xgetbv0() (eax, edx uint32)

// HasAVX2 reports whether the processor implements AVX and AVX2 and the operating system has
// enabled the XMM and YMM register state.
func HasAVX2() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if ecx1&(osxsave|avx) != osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv0(); xcr0&6 != 6 { // bit 1 SSE state, bit 2 AVX state
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}

// HasAVX2FMA reports whether the processor implements AVX, AVX2 and FMA3
// and the operating system has enabled the XMM and YMM register state.
func HasAVX2FMA() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const (
		fma     = 1 << 12
		osxsave = 1 << 27
		avx     = 1 << 28
	)
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv0(); xcr0&6 != 6 { // bit 1 SSE state, bit 2 AVX state
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const avx2 = 1 << 5
	return ebx7&avx2 != 0
}

// HasAVX512 reports whether, in addition to HasAVX2FMA, the processor
// implements AVX512F and AVX512VL (the AVX-512 kernel uses EVEX-encoded
// 512- and 256-bit instructions and opmask registers, nothing from BW or
// DQ) and the operating system has enabled the opmask and full ZMM register
// state (XCR0 bits 5, 6 and 7, besides the SSE and AVX bits 1 and 2).
func HasAVX512() bool {
	if !HasAVX2FMA() {
		return false
	}
	const xcr0Want = 1<<1 | 1<<2 | 1<<5 | 1<<6 | 1<<7
	if xcr0, _ := xgetbv0(); xcr0&xcr0Want != xcr0Want {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	const (
		avx512f  = 1 << 16
		avx512vl = 1 << 31
	)
	return ebx7&(avx512f|avx512vl) == avx512f|avx512vl
}
