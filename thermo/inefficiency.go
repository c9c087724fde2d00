package thermo

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// StatisticalInefficiency returns g = 1 + 2τ of a correlated series, the factor by which its
// correlations inflate the variance of its mean (Var x̄ = g σ²/n), estimated as in pymbar's
// timeseries.statistical_inefficiency (Chodera et al. 2007):
//
//	g = 1 + 2 Σ_{t=1}^{n−1} (1 − t/n) C(t),
//
// with the normalized autocorrelation C(t) summed until it first drops to zero or below (after
// at least three lags). It returns g ≥ 1 (1 for an uncorrelated or constant series) and panics
// with a "thermo: " message for fewer than two values or a NaN or infinite value (it has no
// error result; MeanCorrelated reports both as errors).
func StatisticalInefficiency(x []float64) float64 {
	n := len(x)
	if n < 2 {
		panic(fmt.Sprintf("thermo: StatisticalInefficiency needs at least two values, got %d", n))
	}
	if checkFinite(x) != nil {
		panic("thermo: StatisticalInefficiency of a series with NaN or infinite values")
	}
	mean, _ := meanVar(x)
	var sigma2 float64
	for _, v := range x {
		d := v - mean
		sigma2 += d * d
	}
	sigma2 /= float64(n)
	if sigma2 == 0 {
		return 1
	}
	g := 1.0
	for t := 1; t < n-1; t++ {
		var c float64
		for i := 0; i+t < n; i++ {
			c += (x[i] - mean) * (x[i+t] - mean)
		}
		c /= float64(n-t) * sigma2
		if c <= 0 && t > 3 {
			break
		}
		g += 2 * c * (1 - float64(t)/float64(n))
	}
	return math.Max(g, 1)
}

// MeanCorrelated is the mean of a correlated (stationary) series with the standard error
// √(g s²/n), g its StatisticalInefficiency. N in the result is the number of values. It returns
// ErrTooFewSamples for fewer than two values and ErrNotFinite for NaN or ±Inf.
func MeanCorrelated(x []float64) (Estimate, error) {
	e, err := MeanEstimate(x)
	if err != nil {
		return e, err
	}
	e.StdErr *= math.Sqrt(StatisticalInefficiency(x))
	return e, nil
}

// BlockBootstrap estimates the standard error of stat(x) for a correlated series by the moving
// block bootstrap (Künsch 1989): reps resamples, each made of ⌈n/block⌉ blocks of block
// consecutive values starting at uniformly random positions, truncated to n. Value is stat(x),
// StdErr the standard deviation of the replicate statistics. It returns ErrInvalidInput for
// block < 1, block > len(x), reps < 2, a nil stat or a nil generator, and ErrNotFinite for NaN
// or infinite data or statistics.
func BlockBootstrap(x []float64, block, reps int, stat func([]float64) float64, rnd *rand.Rand) (Estimate, error) {
	n := len(x)
	if block < 1 || block > n || reps < 2 {
		return Estimate{N: n}, fmt.Errorf("%w: BlockBootstrap needs 1 ≤ block ≤ len(x) and reps ≥ 2, got block %d, len(x) %d, reps %d",
			ErrInvalidInput, block, n, reps)
	}
	if stat == nil || rnd == nil {
		return Estimate{N: n}, fmt.Errorf("%w: BlockBootstrap needs a statistic and a random generator", ErrInvalidInput)
	}
	if err := checkFinite(x); err != nil {
		return Estimate{N: n}, err
	}
	buf := make([]float64, 0, n+block)
	vals := make([]float64, reps)
	for r := range vals {
		buf = buf[:0]
		for len(buf) < n {
			s := rnd.IntN(n - block + 1)
			buf = append(buf, x[s:s+block]...)
		}
		vals[r] = stat(buf[:n])
	}
	if err := checkFinite(vals); err != nil {
		return Estimate{N: n}, err
	}
	_, v := meanVar(vals)
	e := Estimate{Value: stat(x), StdErr: math.Sqrt(v), N: n}
	if math.IsNaN(e.Value) || math.IsInf(e.Value, 0) {
		return e, ErrNotFinite
	}
	return e, nil
}
