package thermo_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/thermo"
)

// Free energy of a harmonic oscillator whose stiffness doubles: ΔF = ½ log 2 = 0.347 kT.
func ExampleEXPForward() {
	rnd := rand.New(rand.NewPCG(1, 2))
	w := make([]float64, 10000)
	for i := range w {
		x := rnd.NormFloat64()       // a sample of u_A = x²/2
		w[i] = 0.5 * (2 - 1) * x * x // u_B − u_A with u_B = 2x²/2
	}
	e, err := thermo.EXPForward(w)
	if err != nil {
		panic(err)
	}
	fmt.Println("EXP:", e)
	fmt.Printf("exact: %.3f\n", 0.5*math.Log(2))
	// Output:
	// EXP: 0.348 ± 0.004
	// exact: 0.347
}
