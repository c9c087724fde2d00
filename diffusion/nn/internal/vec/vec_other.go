//go:build !amd64

package vec

var useAVX2 = false

func axpyAVX2(a float32, x, y []float32)               { panic("vec: no AVX2") }
func axpyDotAVX2(a float32, d, g, w []float32) float32 { panic("vec: no AVX2") }
func adamAVX2(m, v, w, g []float32, c [4]float32)      { panic("vec: no AVX2") }

func leakyAVX2(slope float32, x, d, y []float32) { panic("vec: no AVX2") }
