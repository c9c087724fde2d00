package thermo

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// rotatedCov returns R diag(λ) Rᵀ for a fixed rotation R of ℝ³ (two Givens rotations), a
// covariance with known eigenvalues λ.
func rotatedCov(lambda [3]float64) *mat.SymDense {
	c1, s1 := math.Cos(0.7), math.Sin(0.7)
	c2, s2 := math.Cos(-1.1), math.Sin(-1.1)
	r1 := mat.NewDense(3, 3, []float64{c1, -s1, 0, s1, c1, 0, 0, 0, 1})
	r2 := mat.NewDense(3, 3, []float64{1, 0, 0, 0, c2, -s2, 0, s2, c2})
	var r, tmp, out mat.Dense
	r.Mul(r1, r2)
	tmp.Mul(&r, mat.NewDiagDense(3, lambda[:]))
	out.Mul(&tmp, r.T())
	cov := mat.NewSymDense(3, nil)
	for i := 0; i < 3; i++ {
		for j := i; j < 3; j++ {
			cov.SetSym(i, j, 0.5*(out.At(i, j)+out.At(j, i)))
		}
	}
	return cov
}

// TestGaussianReverseEntropy is issue 22, item 5 (the exact reverse-step entropy for given data,
// beside the App. A bounds).
func TestGaussianReverseEntropy(t *testing.T) {
	beta := linearSchedule(40, 1e-3, 0.3)
	ab := AlphaBar(beta)
	lower, upper := GaussianReverseEntropyBounds(beta)
	lambda := [3]float64{0.05, 0.4, 1}
	h, err := GaussianReverseEntropy(beta, rotatedCov(lambda))
	if err != nil {
		t.Fatal(err)
	}
	for i := range beta {
		prev := 1.0
		if i > 0 {
			prev = ab[i-1]
		}
		// Reference: per eigen-direction the step is a bivariate Gaussian, Var(x⁽ᵗ⁻¹⁾|x⁽ᵗ⁾) =
		// sβ/(αs + β), s = ᾱ_{t−1}λ + 1 − ᾱ_{t−1} (TestGaussianReverseEntropyBounds), averaged over
		// the three directions.
		want := 0.0
		for _, l := range lambda {
			s := prev*l + 1 - prev
			want += GaussianEntropy(s*beta[i]/((1-beta[i])*s+beta[i])) / 3
		}
		if math.Abs(h[i]-want) > 1e-12 {
			t.Errorf("t=%d: H = %.15g, want %.15g", i+1, h[i], want)
		}
		// App. A: lower ≤ exact ≤ upper for data of variance ≤ 1 (the bounds are per dimension
		// and data independent for the Gaussian kernel).
		if h[i] < lower[i]-1e-12 || h[i] > upper[i]+1e-12 {
			t.Errorf("t=%d: exact %v outside [%v, %v]", i+1, h[i], lower[i], upper[i])
		}
	}
	// The bounds are tight at the extremes: unit-covariance data (already stationary) reach the
	// upper bound; point-mass data (Σ = 0) reach the lower one, −Inf at t = 1 included.
	unit, err := GaussianReverseEntropy(beta, rotatedCov([3]float64{1, 1, 1}))
	if err != nil {
		t.Fatal(err)
	}
	point, err := GaussianReverseEntropy(beta, mat.NewSymDense(3, nil))
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(point[0], -1) {
		t.Errorf("point mass at t = 1: %v, want −Inf", point[0])
	}
	for i := range beta {
		if math.Abs(unit[i]-upper[i]) > 1e-12 {
			t.Errorf("t=%d: unit covariance %v, upper bound %v", i+1, unit[i], upper[i])
		}
		if i > 0 && math.Abs(point[i]-lower[i]) > 1e-12 {
			t.Errorf("t=%d: point mass %v, lower bound %v", i+1, point[i], lower[i])
		}
	}
	// Bad input is an error.
	if _, err := GaussianReverseEntropy(beta, rotatedCov([3]float64{-0.5, 1, 1})); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("indefinite covariance: err = %v", err)
	}
	if _, err := GaussianReverseEntropy([]float64{0.1, 0}, rotatedCov(lambda)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("β = 0: err = %v", err)
	}
}

func TestGaussianReverseEntropyMixture(t *testing.T) {
	beta := linearSchedule(12, 0.01, 0.3)
	lower, upper := GaussianReverseEntropyBounds(beta)
	// One component: the Monte Carlo estimate against the closed form within zBound.
	cov := rotatedCov([3]float64{0.05, 0.4, 1})
	exact, err := GaussianReverseEntropy(beta, cov)
	if err != nil {
		t.Fatal(err)
	}
	one := GaussianMixture{Means: [][]float64{{1, -2, 0.5}}, Covs: []mat.Symmetric{cov}}
	est, err := GaussianReverseEntropyMixture(beta, one, 4000, newRand(60))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range est {
		if z := e.Z(exact[i]); math.Abs(z) > zBound || e.StdErr <= 0 {
			t.Errorf("t=%d: mixture of one %v vs exact %.5f, z = %.2f", i+1, e, exact[i], z)
		}
	}
	// Data as samples (point masses, the empirical distribution): 40 points in two clusters at
	// ±0.5 in 2-D. t = 1 is −Inf; every later step lies within the App. A bounds (to zBound
	// standard errors). The data are concentrated (variance 0.26 and 0.01), so the exact value
	// stays near the lower bound: at t = 2 it is 0.29 nats above it and 0.48 below the upper one.
	rnd := newRand(61)
	var pts [][]float64
	for i := 0; i < 40; i++ {
		c := 0.5
		if i%2 == 1 {
			c = -0.5
		}
		pts = append(pts, []float64{c + 0.1*rnd.NormFloat64(), 0.1 * rnd.NormFloat64()})
	}
	est, err = GaussianReverseEntropyMixture(beta, GaussianMixture{Means: pts}, 4000, newRand(62))
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(est[0].Value, -1) {
		t.Errorf("point masses at t = 1: %v, want −Inf", est[0])
	}
	for i := 1; i < len(est); i++ {
		e := est[i]
		if e.Value < lower[i]-zBound*e.StdErr || e.Value > upper[i]+zBound*e.StdErr {
			t.Errorf("t=%d: %v outside [%.4f, %.4f]", i+1, e, lower[i], upper[i])
		}
	}
	// Two well-separated components (±20 along x, 57 noise widths apart at the largest 1 − ᾱ of
	// this schedule) never mix: x⁽ᵗ⁾ tells the component, so the entropy is that of one component,
	// the closed form (the overlap correction is below e^{−400}).
	sep := GaussianMixture{Weights: []float64{0.3, 0.7}, Means: [][]float64{{20, 0, 0}, {-20, 0, 0}},
		Covs: []mat.Symmetric{cov, cov}}
	est, err = GaussianReverseEntropyMixture(beta, sep, 4000, newRand(63))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range est {
		if z := e.Z(exact[i]); math.Abs(z) > zBound {
			t.Errorf("t=%d: separated mixture %v vs one component %.5f, z = %.2f", i+1, e, exact[i], z)
		}
	}
	// Bad input is an error.
	for name, m := range map[string]GaussianMixture{
		"empty":          {},
		"ragged":         {Means: [][]float64{{0, 0}, {1}}},
		"weights":        {Means: [][]float64{{0}, {1}}, Weights: []float64{1}},
		"negative":       {Means: [][]float64{{0}, {1}}, Weights: []float64{1, -1}},
		"cov size":       {Means: [][]float64{{0, 0}}, Covs: []mat.Symmetric{mat.NewSymDense(1, []float64{1})}},
		"indefinite cov": {Means: [][]float64{{0}}, Covs: []mat.Symmetric{mat.NewSymDense(1, []float64{-1})}},
	} {
		if _, err := GaussianReverseEntropyMixture(beta, m, 10, newRand(64)); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: err = %v, want ErrInvalidInput", name, err)
		}
	}
	if _, err := GaussianReverseEntropyMixture(beta, GaussianMixture{Means: [][]float64{{math.NaN()}}}, 10, newRand(65)); !errors.Is(err, ErrNotFinite) {
		t.Errorf("NaN mean: err = %v", err)
	}
}
