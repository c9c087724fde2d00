package gemm

import (
	"sync"
	"unsafe"
)

// workspace holds the packing buffers of one Sgemm call. Buffers only grow
// and are recycled through a sync.Pool, so steady-state calls do not
// allocate.
type workspace struct {
	a     []float32 // packed A block, mc×kc at most
	b     []float32 // packed B block, kc×nc at most
	edgeA []float32 // one zero-padded A panel when A is read in place
	edgeB []float32 // one zero-padded B panel when B is read in place
	tile  [maxTile]float32
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

// alignFloats is the alignment of packed buffers, in float32s (64 bytes:
// one cache line).
const alignFloats = 16

// grow returns buf resliced to n elements, reallocating (cache-line
// aligned) when its capacity is too small. Contents are unspecified.
func grow(buf []float32, n int) []float32 {
	if cap(buf) >= n {
		return buf[:n]
	}
	raw := make([]float32, n+alignFloats)
	off := 0
	if mis := int(uintptr(unsafe.Pointer(&raw[0])) % (alignFloats * 4)); mis != 0 {
		off = (alignFloats*4 - mis) / 4
	}
	return raw[off : off+n : off+n]
}
