package thermo

import "math"

// FTCheck is the outcome of a fluctuation-theorem test: an estimate of a quantity the theorem
// fixes, the value it must take, and the z-score between them. |Z| ≲ 4 is consistent with the
// theorem (at the usual caveat that delta-method errors understate heavy-tailed averages).
type FTCheck struct {
	Estimate Estimate
	Expected float64
	Z        float64
}

// JarzynskiCheck tests Jarzynski's equality ⟨e^{−W}⟩ = e^{−ΔF} on forward work values with a
// known ΔF: the EXP estimate of ΔF against deltaF.
func JarzynskiCheck(w []float64, deltaF float64) (FTCheck, error) {
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
// values wF and reverse work values wR. Both samples are histogrammed on common bins over the
// range where both have data; in every bin with at least minCount = 5 samples of each,
// y_b = log(n_F,b/N_F) − log(n_R,b/N_R) is regressed on the bin centre by weighted least squares
// (weights 1/(1/n_F,b + 1/n_R,b), the delta-method variance of y_b). The theorem says the slope
// is 1 (and the intercept −ΔF). The returned check holds the slope with its standard error;
// intercept is the fitted intercept (−ΔF). It returns ErrTooFewSamples when fewer than three
// bins qualify.
func CrooksCheck(wF, wR []float64, bins int) (check FTCheck, intercept float64, err error) {
	if bins < 3 {
		panic("thermo: CrooksCheck needs at least 3 bins")
	}
	if err := checkFinite(wF, wR); err != nil {
		return FTCheck{}, 0, err
	}
	if len(wF) < 2 || len(wR) < 2 {
		return FTCheck{}, 0, ErrTooFewSamples
	}
	fmin, fmax := minMax(wF)
	rmin, rmax := minMax(wR)
	lo, hi := math.Max(fmin, -rmax), math.Min(fmax, -rmin)
	if !(hi > lo) {
		return FTCheck{}, 0, ErrTooFewSamples
	}
	width := (hi - lo) / float64(bins)
	nF := make([]float64, bins)
	nR := make([]float64, bins)
	bin := func(w float64) int {
		b := int((w - lo) / width)
		if w == hi {
			b = bins - 1
		}
		return b
	}
	for _, w := range wF {
		if b := bin(w); w >= lo && w <= hi && b >= 0 && b < bins {
			nF[b]++
		}
	}
	for _, w := range wR {
		if b := bin(-w); -w >= lo && -w <= hi && b >= 0 && b < bins {
			nR[b]++
		}
	}
	const minCount = 5
	var sw, swx, swy, swxx, swxy float64
	used := 0
	for b := 0; b < bins; b++ {
		if nF[b] < minCount || nR[b] < minCount {
			continue
		}
		used++
		x := lo + (float64(b)+0.5)*width
		y := math.Log(nF[b]/float64(len(wF))) - math.Log(nR[b]/float64(len(wR)))
		wt := 1 / (1/nF[b] + 1/nR[b])
		sw += wt
		swx += wt * x
		swy += wt * y
		swxx += wt * x * x
		swxy += wt * x * y
	}
	if used < 3 {
		return FTCheck{}, 0, ErrTooFewSamples
	}
	det := sw*swxx - swx*swx
	slope := (sw*swxy - swx*swy) / det
	intercept = (swxx*swy - swx*swxy) / det
	e := Estimate{Value: slope, StdErr: math.Sqrt(sw / det), N: used}
	return FTCheck{Estimate: e, Expected: 1, Z: e.Z(1)}, intercept, nil
}

func minMax(x []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	return lo, hi
}
