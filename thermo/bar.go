package thermo

import "math"

// BARSettings controls the BAR solver. A nil *BARSettings means the defaults.
type BARSettings struct {
	// Tol is the convergence tolerance on ΔF, in kT. Default 1e-12.
	Tol float64
	// MaxIter is the iteration limit of the safeguarded Newton solve. Default 100.
	MaxIter int
}

func (s *BARSettings) withDefaults() BARSettings {
	out := BARSettings{Tol: 1e-12, MaxIter: 100}
	if s != nil {
		if s.Tol > 0 {
			out.Tol = s.Tol
		}
		if s.MaxIter > 0 {
			out.MaxIter = s.MaxIter
		}
	}
	return out
}

// BAR estimates ΔF = F_B − F_A (in kT) by Bennett's acceptance ratio from forward work values
// wF (A → B, samples from A) and reverse work values wR (B → A, samples from B). ΔF is the root
// of the self-consistent equation (Bennett 1976; Shirts et al. 2003, the maximum-likelihood form)
//
//	Σ_i f(M + wF_i − ΔF) = Σ_j f(−M + wR_j + ΔF),  f(x) = 1/(1+eˣ),  M = log(n_F/n_R),
//
// solved in log space (both sides by log-sum-exp) with a bracketing-safeguarded Newton iteration.
// The standard error is the asymptotic one of Shirts et al. 2003 (pymbar's "BAR" method):
//
//	σ²(ΔF) = Var_F(f)/(n_F ⟨f⟩_F²) + Var_R(f)/(n_R ⟨f⟩_R²).
//
// With a constant energy shift between the states (perfect overlap) BAR returns EXP's answer
// exactly. It returns ErrTooFewSamples for fewer than two values per side, ErrNotFinite for NaN
// or infinite work, and ErrNoConvergence (with the last iterate) when the tolerance is not met
// within MaxIter iterations.
func BAR(wF, wR []float64, settings *BARSettings) (Estimate, error) {
	s := settings.withDefaults()
	nF, nR := len(wF), len(wR)
	est := Estimate{N: nF + nR}
	if nF < 2 || nR < 2 {
		return est, ErrTooFewSamples
	}
	if err := checkFinite(wF, wR); err != nil {
		return est, err
	}
	m := math.Log(float64(nF) / float64(nR))

	// g(Δ) = log Σ_F f(M + wF − Δ) − log Σ_R f(−M + wR + Δ) increases monotonically in Δ from
	// −∞ to +∞, so it has exactly one root. g and its derivative, in log space.
	xF := make([]float64, nF)
	xR := make([]float64, nR)
	g := func(d float64) (val, deriv float64) {
		for i, w := range wF {
			xF[i] = logFermi(m + w - d)
		}
		for j, w := range wR {
			xR[j] = logFermi(-m + w + d)
		}
		lF, lR := LogSumExp(xF), LogSumExp(xR)
		// d/dΔ log Σ f(a − Δ) = Σ f(1−f)/Σ f, and d/dΔ log Σ f(b + Δ) = −Σ f(1−f)/Σ f.
		var dF, dR float64
		for _, x := range xF {
			f := math.Exp(x - lF)
			dF += f * (1 - math.Exp(x))
		}
		for _, x := range xR {
			f := math.Exp(x - lR)
			dR += f * (1 - math.Exp(x))
		}
		return lF - lR, dF + dR
	}

	// Bracket the root, starting from the mean of the forward and reverse EXP estimates.
	d := 0.5 * (-LogMeanExp(negate(wF)) + LogMeanExp(negate(wR)))
	// g runs from −∞ to +∞, so doubling steps bracket the root unless the values overflow.
	lo, hi := d-1, d+1
	for step := 1.0; ; step *= 2 {
		v, _ := g(lo)
		if v <= 0 {
			break
		}
		if math.IsNaN(v) || math.IsInf(step, 0) {
			return est, ErrNotFinite
		}
		lo -= step
	}
	for step := 1.0; ; step *= 2 {
		v, _ := g(hi)
		if v >= 0 {
			break
		}
		if math.IsNaN(v) || math.IsInf(step, 0) {
			return est, ErrNotFinite
		}
		hi += step
	}
	converged := false
	for it := 0; it < s.MaxIter; it++ {
		v, dv := g(d)
		if v == 0 {
			converged = true
			break
		}
		if v > 0 {
			hi = d
		} else {
			lo = d
		}
		next := d - v/dv
		if !(next > lo && next < hi) || dv <= 0 {
			next = 0.5 * (lo + hi) // Newton left the bracket: bisect
		}
		delta := math.Abs(next - d)
		d = next
		if delta < s.Tol || hi-lo < s.Tol {
			converged = true
			break
		}
	}
	est.Value = d
	if math.IsNaN(d) {
		return est, ErrNotFinite
	}

	// Standard error (Shirts et al. 2003, eq. 10 as implemented in pymbar).
	fF := make([]float64, nF)
	fR := make([]float64, nR)
	for i, w := range wF {
		fF[i] = math.Exp(logFermi(m + w - d))
	}
	for j, w := range wR {
		fR[j] = math.Exp(logFermi(-m + w + d))
	}
	mF, vF := meanVar(fF)
	mR, vR := meanVar(fR)
	// pymbar uses the population variance (ddof 0) here.
	vF *= float64(nF-1) / float64(nF)
	vR *= float64(nR-1) / float64(nR)
	est.StdErr = math.Sqrt(vF/(float64(nF)*mF*mF) + vR/(float64(nR)*mR*mR))
	if math.IsNaN(est.StdErr) {
		return est, ErrNotFinite
	}
	if !converged {
		return est, ErrNoConvergence
	}
	return est, nil
}

// logFermi returns log f(x) = −log(1 + eˣ), stable for large |x|.
func logFermi(x float64) float64 {
	if x > 0 {
		return -x - math.Log1p(math.Exp(-x))
	}
	return -math.Log1p(math.Exp(x))
}

func negate(x []float64) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = -v
	}
	return y
}
