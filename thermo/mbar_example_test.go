package thermo_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/thermo"
)

// Three harmonic states u_k = k x²/2 with k = 1, 4, 16: f_k − f_0 = ½ log k.
func ExampleMBAR() {
	rnd := rand.New(rand.NewPCG(1, 2))
	ks := []float64{1, 4, 16}
	counts := []int{1000, 1000, 1000}
	var xs []float64
	for k, c := range counts {
		for i := 0; i < c; i++ {
			xs = append(xs, rnd.NormFloat64()/math.Sqrt(ks[k]))
		}
	}
	u := make([][]float64, len(ks))
	for k := range ks {
		u[k] = make([]float64, len(xs))
		for n, x := range xs {
			u[k][n] = 0.5 * ks[k] * x * x
		}
	}
	r, err := thermo.MBAR(u, counts, nil)
	if err != nil {
		panic(err)
	}
	for k := 1; k < len(ks); k++ {
		fmt.Printf("f_%d − f_0 = %v (exact %.3f)\n", k, r.DeltaF(0, k), 0.5*math.Log(ks[k]))
	}
	// Output:
	// f_1 − f_0 = 0.690 ± 0.019 (exact 0.693)
	// f_2 − f_0 = 1.382 ± 0.030 (exact 1.386)
}
