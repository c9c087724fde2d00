package diffusion_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/diffusion"
)

// The bound of the exact reversal of the stationary chain on data drawn from π itself equals
// L_null: K − L_null is zero within its standard error.
func ExampleEvalBinomialBound() {
	s, _ := diffusion.NewBinomialSchedule(50, 0.2)
	rng := rand.New(rand.NewPCG(1, 2))
	const D, n = 8, 400
	x0 := make([]float64, n*D)
	for i := range x0 {
		if rng.Float64() < 0.2 {
			x0[i] = 1
		}
	}
	b, err := diffusion.EvalBinomialBound(s, diffusion.ExactReversal{S: s, D: D}, x0, rng)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("|K − L_null| < 3 SE: %v\n", b.KMinusLnull < 3*b.KMinusLnullStdErr && -b.KMinusLnull < 3*b.KMinusLnullStdErr)
	// Output:
	// |K − L_null| < 3 SE: true
}

// Conditioning on known bits (§2.6): bit 0 clamped to 1 and bit 1 to 0 in every sample.
func ExampleSampleBinomial() {
	s, _ := diffusion.NewBinomialSchedule(20, 0.2)
	x0, _, err := diffusion.SampleBinomial(s, diffusion.ExactReversal{S: s, D: 4}, 3, []float64{1, 0, 0.5, 0.5}, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		fmt.Println(err)
		return
	}
	for r := 0; r < 3; r++ {
		fmt.Println(x0[r*4], x0[r*4+1])
	}
	// Output:
	// 1 0
	// 1 0
	// 1 0
}

// The perturbed Bernoulli rate of §2.6: a model rate 0.3 multiplied by r(x=1) = 0.8.
func ExamplePerturbedRate() {
	fmt.Printf("%.4f\n", diffusion.PerturbedRate(0.3, 0.8))
	// Output:
	// 0.6316
}
