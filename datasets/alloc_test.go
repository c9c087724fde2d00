package datasets

import "runtime"

// allocatedBy returns the bytes of heap memory f allocates (the growth of
// runtime.MemStats.TotalAlloc, which counts every allocation, freed or not). The package's
// tests do not run in parallel, so the count is f's own, give or take the runtime's.
func allocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// allocBound is the most a refused or truncated input may cost any reader here: the readers'
// buffers (a 1 MiB chunk, bufio and gzip state) with room to spare, far below the sizes the
// hostile headers in the tests announce (256 MiB and more).
const allocBound = 8 << 20
