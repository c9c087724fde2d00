package thermo

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// mbarCovariance returns Θ = V Σ (I − Σ Vᵀ diag(counts) V Σ)⁺ Σ Vᵀ where W = U Σ Vᵀ, computed from
// WᵀW = V Σ² Vᵀ (Shirts & Chodera 2008, eq. D.8; pymbar's "svd-ew" method). It returns
// ErrNotFinite when an eigendecomposition fails (NaN weights).
func mbarCovariance(wtw *mat.SymDense, counts []int) (*mat.SymDense, error) {
	K := len(counts)
	var eig mat.EigenSym
	if !eig.Factorize(wtw, true) {
		return nil, ErrNotFinite
	}
	var v mat.Dense
	eig.VectorsTo(&v)
	vals := eig.Values(nil)
	vs := mat.NewDense(K, K, nil) // V Σ
	for i := 0; i < K; i++ {
		for j := 0; j < K; j++ {
			vs.Set(i, j, v.At(i, j)*math.Sqrt(math.Max(vals[j], 0)))
		}
	}
	nd := mat.NewDiagDense(K, nil)
	for k, c := range counts {
		nd.SetDiag(k, float64(c))
	}
	var inner mat.Dense // Σ Vᵀ N V Σ
	var tmp mat.Dense
	tmp.Mul(nd, vs)
	inner.Mul(vs.T(), &tmp)
	msym := mat.NewSymDense(K, nil)
	for i := 0; i < K; i++ {
		for j := i; j < K; j++ {
			d := 0.0
			if i == j {
				d = 1
			}
			msym.SetSym(i, j, d-0.5*(inner.At(i, j)+inner.At(j, i)))
		}
	}
	pinv, err := pseudoInverse(msym)
	if err != nil {
		return nil, err
	}
	var a, theta mat.Dense
	a.Mul(vs, pinv)
	theta.Mul(&a, vs.T())
	out := mat.NewSymDense(K, nil)
	for i := 0; i < K; i++ {
		for j := i; j < K; j++ {
			out.SetSym(i, j, 0.5*(theta.At(i, j)+theta.At(j, i)))
		}
	}
	return out, nil
}

// pseudoInverse returns the Moore–Penrose pseudo-inverse of a symmetric matrix, dropping
// eigenvalues below 1e-10 of the largest in magnitude. It returns ErrNotFinite when the
// eigendecomposition fails.
func pseudoInverse(a *mat.SymDense) (*mat.Dense, error) {
	n := a.SymmetricDim()
	var eig mat.EigenSym
	if !eig.Factorize(a, true) {
		return nil, ErrNotFinite
	}
	var v mat.Dense
	eig.VectorsTo(&v)
	vals := eig.Values(nil)
	big := 0.0
	for _, x := range vals {
		big = math.Max(big, math.Abs(x))
	}
	out := mat.NewDense(n, n, nil)
	for k, x := range vals {
		if math.Abs(x) <= 1e-10*big {
			continue
		}
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				out.Set(i, j, out.At(i, j)+v.At(i, k)*v.At(j, k)/x)
			}
		}
	}
	return out, nil
}
