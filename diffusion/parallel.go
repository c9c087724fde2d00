package diffusion

import (
	"runtime"
	"sync"
)

// parallelMinWork is the number of element operations below which parallelRows stays on one
// goroutine (starting one costs about a microsecond).
const parallelMinWork = 1 << 14

// parallelRows calls f on contiguous row ranges [lo, hi) covering [0, n), one per core when
// work (the element count) is large enough, else f(0, n). f must write only its own rows.
func parallelRows(n, work int, f func(lo, hi int)) {
	p := min(runtime.GOMAXPROCS(0), n)
	if p <= 1 || work < parallelMinWork {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for k := range p {
		lo, hi := k*n/p, (k+1)*n/p
		wg.Go(func() { f(lo, hi) })
	}
	wg.Wait()
}
