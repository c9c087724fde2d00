package vec

import "os"

// useAVX2 selects the assembly bodies: the CPU has AVX2 and the OS saves the YMM registers,
// and THERMODIFF_VEC is not "go" (which forces the Go loops, for tests and comparisons).
var useAVX2 = hasAVX2() && os.Getenv("THERMODIFF_VEC") != "go"

func cpuid(leaf, subleaf uint32) (eax, ebx, ecx, edx uint32)
func xgetbv0() (eax, edx uint32)

// hasAVX2 reads CPUID leaves 1 and 7 and XCR0 (bits 1 and 2: SSE and AVX state enabled).
func hasAVX2() bool {
	if max, _, _, _ := cpuid(0, 0); max < 7 {
		return false
	}
	const osxsave, avx = 1 << 27, 1 << 28
	if _, _, c, _ := cpuid(1, 0); c&(osxsave|avx) != osxsave|avx {
		return false
	}
	if x, _ := xgetbv0(); x&6 != 6 {
		return false
	}
	_, b, _, _ := cpuid(7, 0)
	return b&(1<<5) != 0
}

//go:noescape
func axpyAVX2(a float32, x, y []float32)

//go:noescape
func axpyDotAVX2(a float32, d, g, w []float32) float32

//go:noescape
func adamAVX2(m, v, w, g []float32, c [4]float32)

//go:noescape
func leakyAVX2(slope float32, x, d, y []float32)
