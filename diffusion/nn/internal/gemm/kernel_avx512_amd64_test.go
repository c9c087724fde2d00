package gemm

import (
	"testing"
	"unsafe"
)

// TestZArgsLayout checks zArgs against the ARG_* offsets hard-coded in
// kernel_avx512_amd64.s.
func TestZArgsLayout(t *testing.T) {
	var z zArgs
	for _, f := range []struct {
		name      string
		got, want uintptr
	}{
		{"a", unsafe.Offsetof(z.a), 0},
		{"b", unsafe.Offsetof(z.b), 8},
		{"c", unsafe.Offsetof(z.c), 16},
		{"k", unsafe.Offsetof(z.k), 24},
		{"aRow", unsafe.Offsetof(z.aRow), 32},
		{"aStep", unsafe.Offsetof(z.aStep), 40},
		{"aNext", unsafe.Offsetof(z.aNext), 48},
		{"bStep", unsafe.Offsetof(z.bStep), 56},
		{"ldc", unsafe.Offsetof(z.ldc), 64},
		{"cNext", unsafe.Offsetof(z.cNext), 72},
		{"panels", unsafe.Offsetof(z.panels), 80},
		{"flags", unsafe.Offsetof(z.flags), 88},
		{"alpha", unsafe.Offsetof(z.alpha), 96},
		{"beta", unsafe.Offsetof(z.beta), 100},
		{"rows", unsafe.Offsetof(z.rows), 104},
		{"colMask", unsafe.Offsetof(z.colMask), 112},
		{"tmask", unsafe.Offsetof(z.tmask), 116},
	} {
		if f.got != f.want {
			t.Errorf("zArgs.%s at offset %d, the assembly expects %d", f.name, f.got, f.want)
		}
	}
}
