package diffusion

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// ParzenLogLik gives bit-identical results with one worker and with several: blocks of test
// points are spread over the cores but summed in point order.
func TestParzenSameResultAnyWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const D = 7
	c := make([]float64, 300*D)
	x := make([]float64, 1000*D) // 4 blocks of 256, the last one short
	for i := range c {
		c[i] = rng.NormFloat64()
	}
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	sig := []float64{0.3, 1, 2}
	prev := runtime.GOMAXPROCS(1)
	one, err := ParzenLogLik(c, x, D, sig)
	runtime.GOMAXPROCS(max(prev, 3))
	many, err2 := ParzenLogLik(c, x, D, sig)
	runtime.GOMAXPROCS(prev)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	for k := range sig {
		if one[k] != many[k] {
			t.Errorf("σ = %v: one worker %+v, several %+v", sig[k], one[k], many[k])
		}
	}
}
