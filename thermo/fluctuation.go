package thermo

import (
	"fmt"
	"math"
)

// FTCheck is the outcome of a fluctuation-theorem test: an estimate of a quantity the theorem
// fixes, the value it must take, and the z-score between them. |Z| ≲ 4 is consistent with the
// theorem (at the usual caveat that delta-method errors understate heavy-tailed averages).
type FTCheck struct {
	Estimate Estimate
	Expected float64
	Z        float64
}

// JarzynskiCheck tests Jarzynski's equality ⟨e^{−W}⟩ = e^{−ΔF} on forward work values with a
// known ΔF: the EXP estimate of ΔF against deltaF. Errors as for EXPForward, and ErrNotFinite
// for a NaN or infinite deltaF.
func JarzynskiCheck(w []float64, deltaF float64) (FTCheck, error) {
	if math.IsNaN(deltaF) || math.IsInf(deltaF, 0) {
		return FTCheck{}, fmt.Errorf("%w: JarzynskiCheck with ΔF = %v", ErrNotFinite, deltaF)
	}
	e, err := EXPForward(w)
	if err != nil {
		return FTCheck{}, err
	}
	return FTCheck{Estimate: e, Expected: deltaF, Z: e.Z(deltaF)}, nil
}

// IntegralFTCheck tests the integral fluctuation theorem ⟨e^{−Σ}⟩ = 1 on total entropy
// productions Σ (path log-ratios log P[forward]/P[reverse]): the estimate of log⟨e^{−Σ}⟩ against 0.
func IntegralFTCheck(sigma []float64) (FTCheck, error) {
	x, err := negated(sigma)
	if err != nil {
		return FTCheck{}, err
	}
	e := logExpMean(x)
	return FTCheck{Estimate: e, Expected: 0, Z: e.Z(0)}, nil
}

// PathEntropy returns the mean of path log-ratios log P[forward]/P[reverse] of independent
// trajectories, the average entropy production per trajectory (in k_B), with its standard error.
func PathEntropy(logRatios []float64) (Estimate, error) {
	return MeanEstimate(logRatios)
}

// CrooksCheck tests the Crooks fluctuation theorem P_F(W)/P_R(−W) = e^{W − ΔF} on forward work
// values wF and reverse work values wR without binning. Pool the values W = wF (label 1) and
// W = −wR (label 0); under Crooks the probability that a pooled value at W came from the forward
// sample is exactly logistic,
//
//	P(forward | W) = 1/(1 + (n_R/n_F) e^{−(W − ΔF)}) = σ(a + bW),  b = 1,  a = log(n_F/n_R) − ΔF,
//
// so the maximum-likelihood logistic regression of the label on W (Newton/IRLS) must find slope
// b = 1. (With b fixed at 1 the maximum-likelihood a is Bennett's acceptance ratio: Shirts et al.
// 2003.) The check holds b with its standard error from the inverse Fisher information, and
// deltaF is the implied log(n_F/n_R) − a. It returns ErrTooFewSamples for fewer than two values
// per side, ErrNotFinite for NaN or infinite work, and, when the two samples do not overlap (the
// regression separates them perfectly and b diverges), an error that is both ErrNoOverlap (as
// BAR reports the same data) and ErrNoConvergence.
func CrooksCheck(wF, wR []float64) (check FTCheck, deltaF float64, err error) {
	nF, nR := len(wF), len(wR)
	if nF < 2 || nR < 2 {
		return FTCheck{}, 0, ErrTooFewSamples
	}
	if err := checkFinite(wF, wR); err != nil {
		return FTCheck{}, 0, err
	}
	w := make([]float64, 0, nF+nR)
	w = append(w, wF...)
	for _, v := range wR {
		w = append(w, -v)
	}
	// Centre W for conditioning: a + bW = a' + b(W − c).
	c := 0.0
	for _, v := range w {
		c += v
	}
	c /= float64(len(w))
	a, b := math.Log(float64(nF)/float64(nR)), 0.0
	var h00, h01, h11 float64
	converged := false
	for it := 0; it < 100; it++ {
		var g0, g1 float64
		h00, h01, h11 = 0, 0, 0
		for i, v := range w {
			x := v - c
			p := 1 / (1 + math.Exp(-(a + b*x)))
			y := 0.0
			if i < nF {
				y = 1
			}
			g0 += y - p
			g1 += (y - p) * x
			q := p * (1 - p)
			h00 += q
			h01 += q * x
			h11 += q * x * x
		}
		det := h00*h11 - h01*h01
		if !(det > 0) {
			break
		}
		da := (h11*g0 - h01*g1) / det
		db := (h00*g1 - h01*g0) / det
		a += da
		b += db
		if math.Abs(da) < 1e-10 && math.Abs(db) < 1e-10 {
			converged = true
			break
		}
		if math.Abs(b) > 1e6 {
			break
		}
	}
	det := h00*h11 - h01*h01
	if !converged || !(det > 0) {
		return FTCheck{}, 0, fmt.Errorf("%w (the logistic fit of the label on W diverges, slope %.3g; %w)",
			ErrNoOverlap, b, ErrNoConvergence)
	}
	e := Estimate{Value: b, StdErr: math.Sqrt(h00 / det), N: nF + nR}
	// Intercept at W = 0: a − b c.
	deltaF = math.Log(float64(nF)/float64(nR)) - (a - b*c)
	return FTCheck{Estimate: e, Expected: 1, Z: e.Z(1)}, deltaF, nil
}

func minMax(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	return lo, hi
}
