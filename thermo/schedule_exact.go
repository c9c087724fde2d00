package thermo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// The exact entropy of each reverse step, H_q(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾), for given data under the Gaussian
// kernel q(x⁽ᵗ⁾|x⁽ᵗ⁻¹⁾) = N(√(1−β_t) x⁽ᵗ⁻¹⁾, β_t I), to set beside the App. A bounds of
// GaussianReverseEntropyBounds (same index and per-dimension conventions, schedule.go). By Bayes,
//
//	H_q(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾) = H_q(X⁽ᵗ⁻¹⁾) + H_q(X⁽ᵗ⁾|X⁽ᵗ⁻¹⁾) − H_q(X⁽ᵗ⁾),  H_q(X⁽ᵗ⁾|X⁽ᵗ⁻¹⁾) = (d/2) log(2πe β_t),
//
// with the marginals q(x⁽ᵗ⁾) = ∫ q(x⁽⁰⁾) N(x⁽ᵗ⁾; √ᾱ_t x⁽⁰⁾, (1−ᾱ_t) I) dx⁽⁰⁾.
//
// What is exact: for Gaussian data N(μ, Σ) every marginal is N(√ᾱ_t μ, ᾱ_t Σ + (1−ᾱ_t) I) and the
// result is closed form (GaussianReverseEntropy). For a Gaussian mixture (GaussianMixture: a
// fitted mixture, a kernel density estimate, or the samples themselves as point masses) every
// marginal is again a mixture with known components and exact densities, but a mixture's
// entropy has no closed form: GaussianReverseEntropyMixture estimates the marginal entropies by
// Monte Carlo from exact draws of (x⁽ᵗ⁻¹⁾, x⁽ᵗ⁾), with a standard error, and adds the kernel
// entropy exactly. For samples taken as point masses the data distribution is the empirical one
// (exactly the data, no smoothing); H_q(X⁽⁰⁾|X⁽¹⁾) is then −∞ (differential entropy of a point
// mass, as the t = 1 lower bound), and later steps are finite.

// GaussianReverseEntropy returns the exact H_q(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾) per dimension (the total over the d
// coordinates divided by d, comparable with GaussianReverseEntropyBounds), t = 1 … T, for data
// N(μ, Σ) with covariance cov (the mean does not enter). The kernel is isotropic, so along each
// eigen-direction of Σ (eigenvalue λ) the step is a bivariate Gaussian with
// s = Var x⁽ᵗ⁻¹⁾ = ᾱ_{t−1} λ + 1 − ᾱ_{t−1}, Var x⁽ᵗ⁾ = α_t s + β_t, Cov = √α_t s, and
//
//	H = ½ log(2πe s) + ½ log(2πe β_t) − ½ log(2πe (α_t s + β_t)) = ½ log(2πe s β_t/(α_t s + β_t)).
//
// Σ must be positive semi-definite; a zero eigenvalue makes the t = 1 entry −Inf (a point mass
// along that direction). Errors: ErrInvalidInput for a bad schedule (every β_t in (0, 1]), an
// empty or indefinite Σ; ErrNotFinite for NaN or infinite entries.
func GaussianReverseEntropy(beta []float64, cov mat.Symmetric) ([]float64, error) {
	if err := scheduleError(beta); err != nil {
		return nil, err
	}
	lambda, err := psdEigenvalues(cov)
	if err != nil {
		return nil, err
	}
	ab := AlphaBar(beta)
	out := make([]float64, len(beta))
	d := float64(len(lambda))
	for t, b := range beta {
		prev := 1.0 // ᾱ_{t−1}, ᾱ₀ = 1
		if t > 0 {
			prev = ab[t-1]
		}
		h := 0.0
		for _, l := range lambda {
			s := prev*l + 1 - prev
			if s == 0 {
				h = math.Inf(-1)
				break
			}
			h += GaussianEntropy(s * b / ((1-b)*s + b))
		}
		out[t] = h / d
	}
	return out, nil
}

// GaussianMixture is the data distribution Σ_c w_c N(μ_c, Σ_c) in ℝᵈ. A nil Weights means equal
// weights; a nil Covs, or a nil entry, means a zero covariance (a point mass), so
// GaussianMixture{Means: samples} is the empirical distribution of the samples, and Covs of
// h² I a Gaussian kernel density estimate with bandwidth h.
type GaussianMixture struct {
	Weights []float64
	Means   [][]float64
	Covs    []mat.Symmetric
}

// GaussianReverseEntropyMixture estimates H_q(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾) per dimension, t = 1 … T, for data
// distributed as the mixture m (see the notes above for what is exact): for each step it draws
// n exact pairs (x⁽ᵗ⁻¹⁾, x⁽ᵗ⁾) from the forward process and averages
//
//	−log q(x⁽ᵗ⁻¹⁾) + log q(x⁽ᵗ⁾) + (d/2) log(2πe β_t),
//
// whose mean is the entropy, with the marginal densities of the mixture evaluated exactly (by
// log-sum-exp over its components); StdErr is the standard error of that mean. The t = 1 entry
// is −Inf (StdErr 0) when a component is a point mass or singular. Errors: ErrInvalidInput for a
// bad schedule, an empty mixture, components of different dimensions, negative or all-zero
// weights, an indefinite covariance, n < 2 or a nil generator; ErrNotFinite for NaN or infinite
// parameters.
func GaussianReverseEntropyMixture(beta []float64, m GaussianMixture, n int, rnd *rand.Rand) ([]Estimate, error) {
	if err := scheduleError(beta); err != nil {
		return nil, err
	}
	if n < 2 {
		return nil, fmt.Errorf("%w: GaussianReverseEntropyMixture needs n ≥ 2 draws per step, got %d", ErrInvalidInput, n)
	}
	if rnd == nil {
		return nil, fmt.Errorf("%w: GaussianReverseEntropyMixture needs a random generator", ErrInvalidInput)
	}
	mix, err := newMixture(m)
	if err != nil {
		return nil, err
	}
	ab := AlphaBar(beta)
	d := mix.d
	out := make([]Estimate, len(beta))
	prev := mix.marginal(1) // q(x⁽⁰⁾)
	xPrev := make([]float64, d)
	x := make([]float64, d)
	y := make([]float64, n)
	for t, b := range beta {
		cur := mix.marginal(ab[t])
		if cur == nil {
			return nil, fmt.Errorf("%w: the marginal of step %d is singular in float64 (ᾱ_t = %v)", ErrNotFinite, t+1, ab[t])
		}
		if prev == nil { // singular data at t = 1
			out[t] = Estimate{Value: math.Inf(-1), N: n}
			prev = cur
			continue
		}
		hStep := 0.5 * float64(d) * math.Log(2*math.Pi*math.E*b)
		sa, sb := math.Sqrt(1-b), math.Sqrt(b)
		for i := range y {
			prev.draw(xPrev, rnd)
			for j := range x {
				x[j] = sa*xPrev[j] + sb*rnd.NormFloat64()
			}
			y[i] = -prev.logProb(xPrev) + cur.logProb(x) + hStep
		}
		e, err := MeanEstimate(y)
		if err != nil {
			return nil, err
		}
		e.Value /= float64(d)
		e.StdErr /= float64(d)
		out[t] = e
		prev = cur
	}
	return out, nil
}

// mixture is a validated GaussianMixture.
type mixture struct {
	d     int
	logW  []float64 // log weights, normalized
	cumW  []float64 // cumulative weights, for drawing a component
	means [][]float64
	covs  []*mat.SymDense // nil for a point mass
}

func newMixture(m GaussianMixture) (*mixture, error) {
	K := len(m.Means)
	if K == 0 || len(m.Means[0]) == 0 {
		return nil, fmt.Errorf("%w: empty Gaussian mixture", ErrInvalidInput)
	}
	if m.Weights != nil && len(m.Weights) != K {
		return nil, fmt.Errorf("%w: mixture has %d means but %d weights", ErrInvalidInput, K, len(m.Weights))
	}
	if m.Covs != nil && len(m.Covs) != K {
		return nil, fmt.Errorf("%w: mixture has %d means but %d covariances", ErrInvalidInput, K, len(m.Covs))
	}
	d := len(m.Means[0])
	mx := &mixture{d: d, logW: make([]float64, K), cumW: make([]float64, K), means: m.Means, covs: make([]*mat.SymDense, K)}
	total := 0.0
	for c := 0; c < K; c++ {
		if len(m.Means[c]) != d {
			return nil, fmt.Errorf("%w: mixture mean %d has dimension %d, mean 0 has %d", ErrInvalidInput, c, len(m.Means[c]), d)
		}
		if err := checkFinite(m.Means[c]); err != nil {
			return nil, fmt.Errorf("%w: mixture mean %d", err, c)
		}
		w := 1.0
		if m.Weights != nil {
			w = m.Weights[c]
		}
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("%w: mixture weight %d is %v", ErrNotFinite, c, w)
		}
		if w < 0 {
			return nil, fmt.Errorf("%w: mixture weight %d is negative (%v)", ErrInvalidInput, c, w)
		}
		total += w
		mx.cumW[c] = total
		mx.logW[c] = math.Log(w)
		if m.Covs != nil && m.Covs[c] != nil && !isNilPointer(m.Covs[c]) {
			if m.Covs[c].SymmetricDim() != d {
				return nil, fmt.Errorf("%w: mixture covariance %d is %d×%d, the data have dimension %d",
					ErrInvalidInput, c, m.Covs[c].SymmetricDim(), m.Covs[c].SymmetricDim(), d)
			}
			if _, err := psdEigenvalues(m.Covs[c]); err != nil {
				return nil, fmt.Errorf("mixture covariance %d: %w", c, err)
			}
			mx.covs[c] = mat.NewSymDense(d, nil)
			mx.covs[c].CopySym(m.Covs[c])
		}
	}
	if !(total > 0) {
		return nil, fmt.Errorf("%w: mixture weights sum to %v", ErrInvalidInput, total)
	}
	for c := range mx.logW {
		mx.logW[c] -= math.Log(total)
		mx.cumW[c] /= total
	}
	return mx, nil
}

// marginal returns the forward marginal at ᾱ: components N(√ᾱ μ_c, ᾱ Σ_c + (1−ᾱ) I), or nil
// when a component is singular (possible only at ᾱ = 1).
func (mx *mixture) marginal(abar float64) *mixtureMarginal {
	K, d := len(mx.means), mx.d
	q := &mixtureMarginal{mx: mx, scale: math.Sqrt(abar), chol: make([]*mat.TriDense, K), logNorm: make([]float64, K),
		diff: make([]float64, d), z: make([]float64, d)}
	for c := 0; c < K; c++ {
		s := mat.NewSymDense(d, nil)
		if mx.covs[c] != nil {
			s.ScaleSym(abar, mx.covs[c])
		}
		for i := 0; i < d; i++ {
			s.SetSym(i, i, s.At(i, i)+1-abar)
		}
		var ch mat.Cholesky
		if !ch.Factorize(s) {
			return nil
		}
		q.chol[c] = mat.NewTriDense(d, mat.Lower, nil)
		ch.LTo(q.chol[c])
		q.logNorm[c] = mx.logW[c] - 0.5*float64(d)*math.Log(2*math.Pi) - 0.5*ch.LogDet()
	}
	return q
}

// mixtureMarginal is one forward marginal of a mixture, with its components' Cholesky factors.
type mixtureMarginal struct {
	mx      *mixture
	scale   float64 // √ᾱ
	chol    []*mat.TriDense
	logNorm []float64 // log w_c − (d/2) log 2π − ½ log det S_c
	diff, z []float64
	terms   []float64
}

// logProb returns log q(x) = log Σ_c w_c N(x; √ᾱ μ_c, S_c).
func (q *mixtureMarginal) logProb(x []float64) float64 {
	K, d := len(q.chol), q.mx.d
	if len(q.terms) != K {
		q.terms = make([]float64, K)
	}
	for c := 0; c < K; c++ {
		l := q.chol[c]
		mu := q.mx.means[c]
		for i := 0; i < d; i++ {
			q.diff[i] = x[i] - q.scale*mu[i]
		}
		// Forward substitution L z = diff; the quadratic form is |z|².
		quad := 0.0
		for i := 0; i < d; i++ {
			v := q.diff[i]
			for j := 0; j < i; j++ {
				v -= l.At(i, j) * q.z[j]
			}
			q.z[i] = v / l.At(i, i)
			quad += q.z[i] * q.z[i]
		}
		q.terms[c] = q.logNorm[c] - 0.5*quad
	}
	return LogSumExp(q.terms)
}

// draw fills x with an exact sample of the marginal.
func (q *mixtureMarginal) draw(x []float64, rnd *rand.Rand) {
	u := rnd.Float64()
	c := 0
	for c < len(q.mx.cumW)-1 && u >= q.mx.cumW[c] {
		c++
	}
	l := q.chol[c]
	d := q.mx.d
	for i := 0; i < d; i++ {
		q.z[i] = rnd.NormFloat64()
	}
	for i := 0; i < d; i++ {
		v := q.scale * q.mx.means[c][i]
		for j := 0; j <= i; j++ {
			v += l.At(i, j) * q.z[j]
		}
		x[i] = v
	}
}

// psdEigenvalues returns the eigenvalues of a positive semi-definite matrix (clamping rounding
// negatives of at most 1e-12 of the largest to zero).
func psdEigenvalues(cov mat.Symmetric) ([]float64, error) {
	if cov == nil || isNilPointer(cov) || cov.SymmetricDim() == 0 {
		return nil, fmt.Errorf("%w: empty covariance matrix", ErrInvalidInput)
	}
	if err := checkFiniteMatrix(cov); err != nil {
		return nil, err
	}
	var eig mat.EigenSym
	if !eig.Factorize(cov, false) {
		return nil, fmt.Errorf("%w: eigendecomposition of the covariance failed", ErrNotFinite)
	}
	vals := eig.Values(nil)
	big := 0.0
	for _, v := range vals {
		big = math.Max(big, math.Abs(v))
	}
	for i, v := range vals {
		if v < -1e-12*big {
			return nil, fmt.Errorf("%w: covariance has a negative eigenvalue %.3g", ErrInvalidInput, v)
		}
		vals[i] = math.Max(v, 0)
	}
	return vals, nil
}
