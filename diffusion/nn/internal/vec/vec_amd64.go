package vec

import (
	"os"

	"github.com/thermodiff/thermodiff/diffusion/nn/internal/cpu"
)

// useAVX2 selects the assembly bodies: the CPU has AVX2 and the OS saves the YMM registers,
// and THERMODIFF_VEC is not "go" (which forces the Go loops, for tests and comparisons).
var useAVX2 = cpu.HasAVX2() && os.Getenv("THERMODIFF_VEC") != "go"

//go:noescape
func axpyAVX2(a float32, x, y []float32)

//go:noescape
func axpyDotAVX2(a float32, d, g, w []float32) float32

//go:noescape
func adamAVX2(m, v, w, g []float32, c [4]float32)

//go:noescape
func leakyAVX2(slope float32, x, d, y []float32)
