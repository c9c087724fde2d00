package thermo_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/thermo"
)

// log Z of an unnormalized Gaussian exp(−(x−1)²/(2·0.5²)) in two dimensions, annealed from the
// prior N(0, 2²): exact log Z = log(2π·0.25) = 0.452.
func ExampleAIS() {
	a := &thermo.AIS{
		Prior:  thermo.DiagNormal{Mean: []float64{0, 0}, Std: []float64{2, 2}},
		Target: unnormalizedGaussian{mu: 1, s: 0.5},
		Betas:  thermo.LinearBetas(200),
		Kernel: thermo.Metropolis{Step: 0.5, Sweeps: 2},
	}
	r, err := a.Run(1000, 2, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		panic(err)
	}
	fmt.Println("AIS log Z:", r.LogZ)
	fmt.Printf("exact: %.3f\n", math.Log(2*math.Pi*0.25))
	// Output:
	// AIS log Z: 0.468 ± 0.028
	// exact: 0.452
}

type unnormalizedGaussian struct{ mu, s float64 }

func (g unnormalizedGaussian) LogProb(x []float64) float64 {
	lp := 0.0
	for _, v := range x {
		z := (v - g.mu) / g.s
		lp -= 0.5 * z * z
	}
	return lp
}
