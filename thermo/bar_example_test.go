package thermo_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/thermo"
)

// Gaussian work distributions obeying the Crooks theorem with ΔF = 3 kT and 2 kT of spread.
func ExampleBAR() {
	rnd := rand.New(rand.NewPCG(1, 2))
	wF := make([]float64, 2000)
	wR := make([]float64, 2000)
	for i := range wF {
		wF[i] = 3 + 2 + 2*rnd.NormFloat64()  // N(ΔF + s²/2, s²)
		wR[i] = -3 + 2 + 2*rnd.NormFloat64() // N(−ΔF + s²/2, s²)
	}
	e, err := thermo.BAR(wF, wR, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("BAR:", e)
	// Output:
	// BAR: 3.015 ± 0.035
}
