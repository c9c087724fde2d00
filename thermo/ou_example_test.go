package thermo_test

import (
	"fmt"

	"github.com/thermodiff/thermodiff/thermo"
)

// The steady-state entropy production of two beads between baths at T₁ = 1 and T₂ = 10, from
// the Lyapunov equation: 81/40 = 2.025 k_B per unit time.
func ExampleOUEntropyProduction() {
	chain := thermo.BeadSpringChain([]float64{1, 10}, 1, 1)
	sigma, err := thermo.OUEntropyProduction(chain.A, chain.D)
	if err != nil {
		panic(err)
	}
	fmt.Printf("two-bead chain: %.4f (81/40 = %.4f)\n", sigma, 81.0/40)
	trap := thermo.DrivenTrap(1, 0.5)
	sigma, _ = thermo.OUEntropyProduction(trap.A, trap.D)
	fmt.Printf("driven trap α = 0.5: %.4f (2α² = %.4f)\n", sigma, 2*0.25)
	// Output:
	// two-bead chain: 2.0250 (81/40 = 2.0250)
	// driven trap α = 0.5: 0.5000 (2α² = 0.5000)
}
