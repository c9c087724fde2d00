package thermo_test

import (
	"fmt"

	"github.com/thermodiff/thermodiff/thermo"
)

// The App. A bounds on the entropy of each reverse step of a short Gaussian diffusion (T = 4,
// β = 0.1, 0.2, 0.3, 0.4), per dimension, in nats. Index t−1 holds the paper's step t; the lower
// bound at t = 1 is −∞.
func ExampleGaussianReverseEntropyBounds() {
	lower, upper := thermo.GaussianReverseEntropyBounds([]float64{0.1, 0.2, 0.3, 0.4})
	for t := range lower {
		fmt.Printf("t=%d: %.3f ≤ H(X^(t−1)|X^(t)) ≤ %.3f\n", t+1, lower[t], upper[t])
	}
	// Output:
	// t=1: -Inf ≤ H(X^(t−1)|X^(t)) ≤ 0.268
	// t=2: 0.099 ≤ H(X^(t−1)|X^(t)) ≤ 0.614
	// t=3: 0.531 ≤ H(X^(t−1)|X^(t)) ≤ 0.817
	// t=4: 0.790 ≤ H(X^(t−1)|X^(t)) ≤ 0.961
}
