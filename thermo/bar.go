package thermo

import (
	"fmt"
	"math"
)

// BARSettings controls the BAR solver. A nil *BARSettings means the defaults.
type BARSettings struct {
	// Tol is the convergence tolerance on ΔF, in kT. Default 1e-12.
	Tol float64
	// MaxIter is the iteration limit of the safeguarded Newton solve. Default 100.
	MaxIter int
	// MinOverlapSamples is the smallest BARResult.OverlapSamples that counts as overlapping;
	// below it BAR returns ErrNoOverlap. Default 1 (see BARResult).
	MinOverlapSamples float64
}

func (s *BARSettings) withDefaults() BARSettings {
	out := BARSettings{Tol: 1e-12, MaxIter: 100, MinOverlapSamples: 1}
	if s != nil {
		if s.Tol > 0 {
			out.Tol = s.Tol
		}
		if s.MaxIter > 0 {
			out.MaxIter = s.MaxIter
		}
		if s.MinOverlapSamples > 0 {
			out.MinOverlapSamples = s.MinOverlapSamples
		}
	}
	return out
}

// BARResult is Bennett's acceptance-ratio estimate with the overlap of the two work
// distributions that it rests on.
//
// At the solution ΔF, a sample's probability of having come from the forward ensemble given its
// work is logistic (the reading of BAR as a logistic regression, Shirts et al. 2003):
// p_i = 1 − f(M + wF_i − ΔF) for forward samples, p_j = f(−M + wR_j + ΔF) for reverse ones
// (f(x) = 1/(1+eˣ), M = log(n_F/n_R)). A sample in the overlap region has p near ½, one that
// only its own ensemble produces p near 0 or 1. With I = Σ_n p_n(1 − p_n) over all n_F + n_R
// samples (the Fisher information of the logistic model about ΔF):
//
//	Overlap        ω   = (1/n_F + 1/n_R) I,   0 ≤ ω ≤ 1,
//	OverlapSamples n_ov = 4 I.
//
// ω is the overlap scalar of MBAR for two states: the spectral gap 1 − λ₂ of the 2×2 overlap
// matrix O_kl = n_l Σ_n W_nk W_nl, whose off-diagonal entries are I/n_F and I/n_R (MBARResult.Gap
// on the same data; pymbar's bar_overlap). It is 1 when the two states differ by a constant and
// 0 when no sample could have come from the other ensemble; it also fixes the large-sample
// variance of BAR in Bennett's form, σ² = (1/n_F + 1/n_R)(1/ω − 1) = 1/I − 1/n_F − 1/n_R.
// ω does not fall with the sample size, so on its own it cannot tell "3 samples 10 kT apart"
// (ω ≈ 0.01) from "10⁶ samples of distributions that overlap by ω = 10⁻³" (usable: σ ≈ 0.04).
// n_ov can: it counts the samples whose origin is a coin toss (a sample at p = ½ counts one),
// ω·n_F n_R/(n_F + n_R)·4 in terms of ω. BAR returns ErrNoOverlap when n_ov < MinOverlapSamples
// (default 1: not one sample in the region where both ensembles are seen), where the estimate
// and its asymptotic error describe the tails of two separate samples rather than ΔF.
// Klimovich, Shirts & Mobley (2015) advise ω ≳ 0.03 between neighbouring states when designing
// a protocol.
type BARResult struct {
	// DeltaF is ΔF = F_B − F_A in kT with the asymptotic standard error (see BAR).
	DeltaF Estimate
	// Overlap is ω above.
	Overlap float64
	// OverlapSamples is n_ov above.
	OverlapSamples float64
	// Converged reports whether the solver met its tolerance; Iterations is the number of
	// Newton/bisection iterations used.
	Converged  bool
	Iterations int
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
// or infinite work, ErrNoOverlap (wrapped with the overlap measures, with the estimate) when the
// two work distributions do not overlap (see BARResult, which BARWithOverlap returns), and
// ErrNoConvergence (with the last iterate) when the tolerance is not met within MaxIter
// iterations.
func BAR(wF, wR []float64, settings *BARSettings) (Estimate, error) {
	r, err := BARWithOverlap(wF, wR, settings)
	return r.DeltaF, err
}

// BARWithOverlap is BAR with its overlap diagnostics (BARResult); errors as for BAR.
func BARWithOverlap(wF, wR []float64, settings *BARSettings) (BARResult, error) {
	s := settings.withDefaults()
	nF, nR := len(wF), len(wR)
	res := BARResult{DeltaF: Estimate{N: nF + nR}}
	if nF < 2 || nR < 2 {
		return res, fmt.Errorf("%w: BAR needs two work values per side, got %d forward and %d reverse",
			ErrTooFewSamples, nF, nR)
	}
	if err := checkFinite(wF, wR); err != nil {
		return res, err
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
			return res, ErrNotFinite
		}
		lo -= step
	}
	for step := 1.0; ; step *= 2 {
		v, _ := g(hi)
		if v >= 0 {
			break
		}
		if math.IsNaN(v) || math.IsInf(step, 0) {
			return res, ErrNotFinite
		}
		hi += step
	}
	for res.Iterations = 0; res.Iterations < s.MaxIter; {
		res.Iterations++
		v, dv := g(d)
		if v == 0 {
			res.Converged = true
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
			res.Converged = true
			break
		}
	}
	res.DeltaF.Value = d
	if math.IsNaN(d) {
		return res, ErrNotFinite
	}

	// Standard error (Shirts et al. 2003, eq. 10 as implemented in pymbar) and the overlap
	// I = Σ p(1 − p), with p(1 − p) = f(x) f(−x) = 1/(2 + 2 cosh x) for either side's x.
	fF := make([]float64, nF)
	fR := make([]float64, nR)
	info := 0.0
	for i, w := range wF {
		x := m + w - d
		fF[i] = math.Exp(logFermi(x))
		info += math.Exp(logFermi(x) + logFermi(-x))
	}
	for j, w := range wR {
		x := -m + w + d
		fR[j] = math.Exp(logFermi(x))
		info += math.Exp(logFermi(x) + logFermi(-x))
	}
	mF, vF := meanVar(fF)
	mR, vR := meanVar(fR)
	// pymbar uses the population variance (ddof 0) here.
	vF *= float64(nF-1) / float64(nF)
	vR *= float64(nR-1) / float64(nR)
	res.DeltaF.StdErr = math.Sqrt(vF/(float64(nF)*mF*mF) + vR/(float64(nR)*mR*mR))
	res.Overlap = math.Min(1, (1/float64(nF)+1/float64(nR))*info)
	res.OverlapSamples = 4 * info
	if math.IsNaN(res.DeltaF.StdErr) || math.IsNaN(info) {
		return res, ErrNotFinite
	}
	if res.OverlapSamples < s.MinOverlapSamples {
		return res, fmt.Errorf("%w: overlap ω = %.3g, %.3g samples in the overlap region (need %g); "+
			"forward work W_F spans [%.4g, %.4g], reverse work −W_R spans [%.4g, %.4g]",
			ErrNoOverlap, res.Overlap, res.OverlapSamples, s.MinOverlapSamples,
			minOf(wF), maxOf(wF), -maxOf(wR), -minOf(wR))
	}
	if !res.Converged {
		return res, ErrNoConvergence
	}
	return res, nil
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

func minOf(x []float64) float64 {
	lo, _ := minMax(x)
	return lo
}

func maxOf(x []float64) float64 {
	_, hi := minMax(x)
	return hi
}
