package thermo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// AIS is annealed importance sampling (Neal 2001) of the normalizing constant Z of an
// unnormalized target p₁ = f₁/Z, starting from an exactly sampled normalized prior p₀, along the
// geometric path
//
//	log f_β(x) = (1 − β) log p₀(x) + β log f₁(x),  β₀ = 0 < β₁ < … < β_K = 1.
//
// Each chain starts at x ~ p₀ and alternates a weight update and a transition at the new β:
//
//	log w += log f_{β_k}(x) − log f_{β_{k−1}}(x) = (β_k − β_{k−1}) (log f₁(x) − log p₀(x)),  x ← T_k(x),
//
// so that E[w] = Z (Jarzynski's equality with work −log w; PAPER.md §2.3 is the same identity for
// the diffusion model's reverse process). AIS is exact whatever the number of temperatures when
// each T_k leaves f_{β_k} invariant; the variance of w falls as the path gets finer.
type AIS struct {
	// Prior is p₀, normalized and sampled exactly.
	Prior Sampler
	// Target is the unnormalized log density log f₁.
	Target Density
	// Betas is the annealing schedule, from 0 to 1, increasing.
	Betas []float64
	// Kernel is the transition used at every intermediate temperature (Metropolis, Langevin or
	// any Kernel). Gradient kernels need Prior and Target to be GradDensity.
	Kernel Kernel
}

// LinearBetas returns the schedule β_k = k/K, k = 0…K. It panics with a "thermo: " message for
// K < 1.
func LinearBetas(K int) []float64 {
	if K < 1 {
		panic("thermo: LinearBetas needs K ≥ 1")
	}
	b := make([]float64, K+1)
	for k := range b {
		b[k] = float64(k) / float64(K)
	}
	return b
}

// AISResult is the output of an AIS run.
type AISResult struct {
	// LogZ is the estimate log((1/n) Σ w_i) with its delta-method standard error, bias and
	// effective sample size (see EXPForward). For a forward run it is a stochastic lower bound:
	// E[LogZ.Value] ≤ log Z (Jensen). For a reverse run it is −log((1/n) Σ w_i), a stochastic
	// upper bound.
	LogZ Estimate
	// LogW holds the log importance weight of every chain.
	LogW []float64
	// X holds the final state of every chain.
	X [][]float64
}

// geometric is the intermediate density f_β.
type geometric struct {
	p0, p1 Density
	beta   float64
	g      []float64
}

func (d *geometric) LogProb(x []float64) float64 {
	switch d.beta {
	case 0:
		return d.p0.LogProb(x)
	case 1:
		return d.p1.LogProb(x)
	}
	return (1-d.beta)*d.p0.LogProb(x) + d.beta*d.p1.LogProb(x)
}

func (d *geometric) GradLogProb(grad, x []float64) {
	g0, ok0 := d.p0.(GradDensity)
	g1, ok1 := d.p1.(GradDensity)
	if !ok0 || !ok1 {
		panic("thermo: gradient kernel needs Prior and Target to be GradDensity")
	}
	if len(d.g) != len(x) {
		d.g = make([]float64, len(x))
	}
	g0.GradLogProb(grad, x)
	g1.GradLogProb(d.g, x)
	for i := range grad {
		grad[i] = (1-d.beta)*grad[i] + d.beta*d.g[i]
	}
}

// check validates the sampler and the run sizes (ErrInvalidInput). Kernels and densities of
// this package also check their own preconditions when called (with "thermo: " panics); Run and
// Reverse turn those into errors (see recoverInput).
func (a *AIS) check(n int, rnd *rand.Rand) error {
	if a == nil {
		return fmt.Errorf("%w: nil AIS", ErrInvalidInput)
	}
	if isNilPointer(a.Prior) || isNilPointer(a.Target) || isNilPointer(a.Kernel) {
		return fmt.Errorf("%w: AIS needs Prior, Target and Kernel", ErrInvalidInput)
	}
	b := a.Betas
	if len(b) < 2 || b[0] != 0 || b[len(b)-1] != 1 {
		return fmt.Errorf("%w: AIS betas must run from 0 to 1, got %d values", ErrInvalidInput, len(b))
	}
	for k := 1; k < len(b); k++ {
		if !(b[k] > b[k-1]) {
			return fmt.Errorf("%w: AIS betas must increase (β_%d = %v, β_%d = %v)", ErrInvalidInput, k-1, b[k-1], k, b[k])
		}
	}
	if n < 2 {
		return fmt.Errorf("%w: AIS needs at least two chains, got %d", ErrInvalidInput, n)
	}
	if rnd == nil {
		return fmt.Errorf("%w: AIS needs a random generator", ErrInvalidInput)
	}
	if err := checkKernel(a.Kernel, a.Prior, a.Target); err != nil {
		return err
	}
	return nil
}

// checkKernel validates the kernels of this package: a positive finite step, and gradient
// densities for Langevin.
func checkKernel(k Kernel, prior, target Density) error {
	switch k := k.(type) {
	case Metropolis:
		if !(k.Step > 0) || math.IsInf(k.Step, 1) {
			return fmt.Errorf("%w: Metropolis step must be positive and finite, got %v", ErrInvalidInput, k.Step)
		}
	case Langevin:
		if !(k.Step > 0) || math.IsInf(k.Step, 1) {
			return fmt.Errorf("%w: Langevin step must be positive and finite, got %v", ErrInvalidInput, k.Step)
		}
		_, ok0 := prior.(GradDensity)
		_, ok1 := target.(GradDensity)
		if !ok0 || !ok1 {
			return fmt.Errorf("%w: the Langevin kernel needs Prior and Target to be GradDensity", ErrInvalidInput)
		}
	}
	return nil
}

// recoverInput turns a "thermo: " panic of a kernel or density of this package (a dimension
// mismatch, a bad step) into an ErrInvalidInput error in *err; other panics propagate.
func recoverInput(err *error) {
	if r := recover(); r != nil {
		if msg, ok := r.(string); ok && strings.HasPrefix(msg, "thermo: ") {
			*err = fmt.Errorf("%w: %s", ErrInvalidInput, strings.TrimPrefix(msg, "thermo: "))
			return
		}
		panic(r)
	}
}

// Run runs n independent forward chains of dimension dim and returns the estimate of log Z.
// It returns ErrInvalidInput for a missing Prior, Target or Kernel, betas that do not increase
// from 0 to 1, n < 2, dim < 1, a nil generator, or a kernel or density that rejects its input
// (a step ≤ 0, a dimension mismatch); ErrNotFinite if a weight is NaN or infinite (the chain left
// the support of a density), with the weights computed so far in the result.
func (a *AIS) Run(n, dim int, rnd *rand.Rand) (res AISResult, err error) {
	if err := a.check(n, rnd); err != nil {
		return AISResult{}, err
	}
	if dim < 1 {
		return AISResult{}, fmt.Errorf("%w: AIS dimension must be at least 1, got %d", ErrInvalidInput, dim)
	}
	defer recoverInput(&err)
	res = AISResult{LogW: make([]float64, n), X: make([][]float64, n)}
	d := &geometric{p0: a.Prior, p1: a.Target}
	for i := 0; i < n; i++ {
		x := make([]float64, dim)
		a.Prior.Rand(x, rnd)
		lw := 0.0
		for k := 1; k < len(a.Betas); k++ {
			lw += (a.Betas[k] - a.Betas[k-1]) * (a.Target.LogProb(x) - a.Prior.LogProb(x))
			d.beta = a.Betas[k]
			if k < len(a.Betas)-1 { // the last transition does not change the weight
				a.Kernel.Transition(x, d, rnd)
			}
		}
		res.LogW[i], res.X[i] = lw, x
	}
	if err := checkFinite(res.LogW); err != nil {
		return res, err
	}
	res.LogZ = logExpMean(res.LogW)
	return res, nil
}

// Reverse runs one reverse chain from each exact sample of the normalized target p₁ along the
// schedule in reverse (β from 1 to 0), accumulating
//
//	log w_rev += log f_{β_{k−1}}(x) − log f_{β_k}(x),  then x ← T_{k−1}(x),
//
// so E[w_rev] = 1/Z. LogZ is −log((1/n) Σ w_rev), a stochastic upper bound on log Z (Grosse et al.
// 2015). The starting samples are not modified; they must all have the same, non-zero length.
// Errors as for Run.
func (a *AIS) Reverse(exact [][]float64, rnd *rand.Rand) (res AISResult, err error) {
	n := len(exact)
	if err := a.check(n, rnd); err != nil {
		return AISResult{}, err
	}
	for i, x := range exact {
		if len(x) == 0 || len(x) != len(exact[0]) {
			return AISResult{}, fmt.Errorf("%w: exact sample %d has length %d, sample 0 has %d", ErrInvalidInput, i, len(x), len(exact[0]))
		}
		if err := checkFinite(x); err != nil {
			return AISResult{}, fmt.Errorf("%w: exact sample %d", err, i)
		}
	}
	defer recoverInput(&err)
	res = AISResult{LogW: make([]float64, n), X: make([][]float64, n)}
	d := &geometric{p0: a.Prior, p1: a.Target}
	K := len(a.Betas) - 1
	for i, x0 := range exact {
		x := append([]float64(nil), x0...)
		lw := 0.0
		for k := K; k >= 1; k-- {
			lw -= (a.Betas[k] - a.Betas[k-1]) * (a.Target.LogProb(x) - a.Prior.LogProb(x))
			d.beta = a.Betas[k-1]
			if k > 1 {
				a.Kernel.Transition(x, d, rnd)
			}
		}
		res.LogW[i], res.X[i] = lw, x
	}
	if err := checkFinite(res.LogW); err != nil {
		return res, err
	}
	e := logExpMean(res.LogW)
	e.Value, e.Bias = -e.Value, -e.Bias
	res.LogZ = e
	return res, nil
}

// Sandwich is a stochastic lower and upper bound on log Z from bidirectional Monte Carlo.
type Sandwich struct {
	// Lower is the forward AIS estimate (E[Lower.Value] ≤ log Z).
	Lower Estimate
	// Upper is the reverse AIS estimate from exact target samples (E[Upper.Value] ≥ log Z).
	Upper Estimate
}

// Gap returns Upper − Lower, which bounds the error of either estimate (in expectation).
func (s Sandwich) Gap() float64 { return s.Upper.Value - s.Lower.Value }

// BDMC runs bidirectional Monte Carlo (Grosse, Ghahramani & Adams 2015): n forward AIS chains
// from the prior give a stochastic lower bound on log Z, and reverse chains from exact samples
// of the target (for instance data simulated from the model, whose posterior sample is the
// simulating latent) give a stochastic upper bound. The true log Z lies between them in
// expectation; a small gap certifies both.
//
// Errors as for AIS.Run and AIS.Reverse.
func BDMC(a *AIS, n, dim int, exact [][]float64, rnd *rand.Rand) (Sandwich, error) {
	f, err := a.Run(n, dim, rnd)
	if err != nil {
		return Sandwich{}, err
	}
	r, err := a.Reverse(exact, rnd)
	if err != nil {
		return Sandwich{}, err
	}
	if math.IsNaN(f.LogZ.Value) || math.IsNaN(r.LogZ.Value) {
		return Sandwich{}, ErrNotFinite
	}
	return Sandwich{Lower: f.LogZ, Upper: r.LogZ}, nil
}
