package thermo

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Lyapunov returns the steady-state covariance C of the linear (Ornstein–Uhlenbeck) process
//
//	dx = A x dt + √(2D) dW,
//
// the symmetric solution of the Lyapunov equation
//
//	A C + C Aᵀ + 2D = 0,
//
// solved as the n²×n² linear system (I ⊗ A + A ⊗ I) vec C = −2 vec D (fine for the small n of
// the analytic systems). It returns ErrInvalidInput for a nil, empty or non-square A or a D of
// another size, ErrNotFinite for NaN or infinite entries, and ErrUnstable when A has an
// eigenvalue with non-negative real part (no steady state).
func Lyapunov(a mat.Matrix, d mat.Symmetric) (*mat.SymDense, error) {
	n, err := squareDims(a, "drift matrix A")
	if err != nil {
		return nil, err
	}
	m, err := squareDims(d, "diffusion matrix D")
	if err != nil {
		return nil, err
	}
	if m != n {
		return nil, fmt.Errorf("%w: Lyapunov needs A and D of the same size, got %d×%d and %d×%d", ErrInvalidInput, n, n, m, m)
	}
	if err := checkFiniteMatrix(a, d); err != nil {
		return nil, err
	}
	var eig mat.Eigen
	if !eig.Factorize(a, mat.EigenNone) {
		return nil, ErrUnstable
	}
	for _, v := range eig.Values(nil) {
		if real(v) >= 0 {
			return nil, ErrUnstable
		}
	}
	// Row-major vec: C_ij ↦ i·n + j. (AC)_ij = Σ_k A_ik C_kj, (CAᵀ)_ij = Σ_k A_jk C_ik.
	big := mat.NewDense(n*n, n*n, nil)
	rhs := mat.NewVecDense(n*n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			row := i*n + j
			for k := 0; k < n; k++ {
				big.Set(row, k*n+j, big.At(row, k*n+j)+a.At(i, k))
				big.Set(row, i*n+k, big.At(row, i*n+k)+a.At(j, k))
			}
			rhs.SetVec(row, -2*d.At(i, j))
		}
	}
	var vec mat.VecDense
	if err := vec.SolveVec(big, rhs); err != nil {
		return nil, ErrUnstable
	}
	cov := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			cov.SetSym(i, j, 0.5*(vec.AtVec(i*n+j)+vec.AtVec(j*n+i)))
		}
	}
	return cov, nil
}

// OUEntropyProduction returns the steady-state entropy production rate (k_B per unit time) of
// dx = A x dt + √(2D) dW with all coordinates even under time reversal and D positive definite.
// With steady covariance C (Lyapunov) the probability current is J = (A + D C⁻¹) x p(x), the
// local mean velocity v = (A + D C⁻¹) x, and
//
//	σ = ⟨vᵀ D⁻¹ v⟩ = tr(Aᵀ D⁻¹ A C) + tr A,
//
// (expand the trace and use tr(C⁻¹ D) = −tr A, the trace of C⁻¹ × the Lyapunov equation).
// Examples: the two-bead chain between temperatures T₁ = 1 and T₂ = 10 gives 81/40, a trap with a
// rotational force of strength α gives 2α² (see BeadSpringChain and DrivenTrap). Errors as for
// Lyapunov, and ErrNotFinite when D is not positive definite.
func OUEntropyProduction(a mat.Matrix, d mat.Symmetric) (float64, error) {
	c, err := Lyapunov(a, d)
	if err != nil {
		return 0, err
	}
	var chol mat.Cholesky
	if !chol.Factorize(d) {
		return 0, fmt.Errorf("%w: D is not positive definite", ErrNotFinite)
	}
	var dinvA, m mat.Dense
	if err := chol.SolveTo(&dinvA, a); err != nil { // D⁻¹ A
		return 0, fmt.Errorf("%w: %v", ErrNotFinite, err)
	}
	m.Mul(a.T(), &dinvA) // Aᵀ D⁻¹ A
	var mc mat.Dense
	mc.Mul(&m, c)
	sigma := mat.Trace(&mc) + mat.Trace(a)
	if math.IsNaN(sigma) {
		return 0, ErrNotFinite
	}
	return sigma, nil
}
