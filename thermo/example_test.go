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
