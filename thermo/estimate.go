package thermo

import (
	"fmt"
	"math"
)

// Estimate is a statistical estimate in reduced units (kT for free energies, k_B or nats for
// entropies) with its standard error.
type Estimate struct {
	// Value is the point estimate.
	Value float64
	// StdErr is the estimated standard error of Value (one standard deviation).
	StdErr float64
	// N is the number of samples (or trajectories) the estimate used.
	N int
	// Bias is a second-order (delta-method) estimate of E[Value] − truth for estimators that
	// have one (EXP, AIS); 0 otherwise. |Bias| comparable to StdErr flags an estimate dominated by
	// a few rare samples.
	Bias float64
	// ESS is the Kish effective sample size (Σw)²/Σw² of importance weights where the estimator
	// has weights; 0 otherwise.
	ESS float64
}

// String formats the estimate as "value ± stderr" with three decimals, e.g. "1.088 ± 0.076".
func (e Estimate) String() string {
	return fmt.Sprintf("%.3f ± %.3f", e.Value, e.StdErr)
}

// Z returns the z-score (Value − exact)/StdErr. With a zero standard error it returns 0 when the
// value is exact and ±Inf otherwise.
func (e Estimate) Z(exact float64) float64 {
	d := e.Value - exact
	if e.StdErr == 0 {
		if d == 0 {
			return 0
		}
		return math.Copysign(math.Inf(1), d)
	}
	return d / e.StdErr
}

// Bits converts an estimate in nats to bits (divides Value, StdErr and Bias by ln 2).
func (e Estimate) Bits() Estimate {
	e.Value /= math.Ln2
	e.StdErr /= math.Ln2
	e.Bias /= math.Ln2
	return e
}

// checkFinite reports ErrNotFinite if any value is NaN or ±Inf.
func checkFinite(xs ...[]float64) error {
	for _, x := range xs {
		for _, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return ErrNotFinite
			}
		}
	}
	return nil
}

// meanVar returns the mean and the unbiased sample variance of x (len(x) ≥ 2).
func meanVar(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		d := v - mean
		variance += d * d
	}
	variance /= float64(len(x) - 1)
	return mean, variance
}

// MeanEstimate is the sample mean of independent values with standard error s/√n.
// It returns ErrTooFewSamples for fewer than two values and ErrNotFinite for NaN or ±Inf.
func MeanEstimate(x []float64) (Estimate, error) {
	if len(x) < 2 {
		return Estimate{N: len(x)}, ErrTooFewSamples
	}
	if err := checkFinite(x); err != nil {
		return Estimate{N: len(x)}, err
	}
	m, v := meanVar(x)
	return Estimate{Value: m, StdErr: math.Sqrt(v / float64(len(x))), N: len(x)}, nil
}
