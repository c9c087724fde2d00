package thermo

import "math"

// LogSumExp returns log Σ_i exp(x_i), computed as m + log Σ_i exp(x_i − m) with m = max_i x_i so
// that it neither overflows nor underflows. It returns −Inf for an empty slice or when every
// x_i is −Inf, +Inf when some x_i is +Inf, and NaN (IEEE propagation) when some x_i is NaN: the
// estimators of this package check their inputs before calling it.
func LogSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		if v > m {
			m = v
		} else if v != v {
			return math.NaN()
		}
	}
	if math.IsInf(m, 0) {
		return m
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// LogMeanExp returns log((1/n) Σ_i exp(x_i)) = LogSumExp(x) − log n. It panics with a "thermo: "
// message on an empty slice (it has no error result).
func LogMeanExp(x []float64) float64 {
	if len(x) == 0 {
		panic("thermo: LogMeanExp of an empty slice")
	}
	return LogSumExp(x) - math.Log(float64(len(x)))
}

// logExpMean returns the delta-method estimate of log E[exp(x)] from samples: the value
// log((1/n)Σ e^{x_i}), its standard error s_e/(ē √n), the second-order bias −s_e²/(2 n ē²) of the
// log of a sample mean, and the Kish effective sample size (Σe)²/Σe², where e_i = exp(x_i − max x)
// and s_e² is their unbiased sample variance. len(x) ≥ 2 and x finite.
func logExpMean(x []float64) Estimate {
	n := float64(len(x))
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	var s, s2 float64
	for _, v := range x {
		e := math.Exp(v - m)
		s += e
		s2 += e * e
	}
	mean := s / n
	variance := math.Max((s2-n*mean*mean)/(n-1), 0)
	rel := variance / (mean * mean) // squared coefficient of variation of the weights
	return Estimate{
		Value:  m + math.Log(mean),
		StdErr: math.Sqrt(rel / n),
		N:      len(x),
		Bias:   -rel / (2 * n), // E[log ē] ≈ log E[e] − Var(e)/(2 n E[e]²)
		ESS:    s * s / s2,
	}
}
