package thermo

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// MBARSettings controls the MBAR solver. A nil *MBARSettings means the defaults.
type MBARSettings struct {
	// Tol is the convergence tolerance on max_k |Σ_n W_nk − 1| (every column of the weight
	// matrix must sum to one at the solution). Default 1e-10. A Tol below the float64 floor of
	// the problem (MBARResult.ResidualFloor) is raised to that floor: no float64 evaluation can
	// certify a smaller residual.
	Tol float64
	// MaxIter is the iteration limit of the Newton solve. Default 200.
	MaxIter int
	// GapTol is the smallest spectral gap 1 − λ₂ of the overlap matrix that counts as connected;
	// below it MBAR returns ErrDisconnected. Default 1e-10.
	GapTol float64
}

func (s *MBARSettings) withDefaults() MBARSettings {
	out := MBARSettings{Tol: 1e-10, MaxIter: 200, GapTol: 1e-10}
	if s != nil {
		if s.Tol > 0 {
			out.Tol = s.Tol
		}
		if s.MaxIter > 0 {
			out.MaxIter = s.MaxIter
		}
		if s.GapTol > 0 {
			out.GapTol = s.GapTol
		}
	}
	return out
}

// MBARResult holds the solution of the MBAR equations.
type MBARResult struct {
	// F holds the reduced free energies f_k = −log Z_k (kT), shifted so that F[0] = 0.
	F []float64
	// Theta is the asymptotic covariance matrix of F (Shirts & Chodera 2008, eq. D.1).
	Theta *mat.SymDense
	// Overlap is the overlap matrix O_kl = n_l Σ_n W_nk W_nl; its rows sum to one. Its second
	// largest eigenvalue λ₂ measures how well the states are connected (Klimovich et al. 2015).
	Overlap *mat.Dense
	// Gap is the spectral gap 1 − λ₂ of the overlap matrix (0 for disconnected states).
	Gap float64
	// Converged reports whether the solver met its tolerance, max(Tol, ResidualFloor).
	Converged bool
	// Iterations is the number of solver iterations used.
	Iterations int
	// MaxResidual is max_k |Σ_n W_nk − 1| at the returned F.
	MaxResidual float64
	// ResidualFloor is the rounding-error bound on MaxResidual at the returned F (see
	// mbarSolver.residual): the smallest residual float64 arithmetic can certify for these
	// energies. It grows with the magnitude of the energies and free energies and with N.
	ResidualFloor float64
}

// DeltaF returns f_j − f_i with its standard error √(Θ_ii + Θ_jj − 2Θ_ij). Both indices must
// lie in [0, K) for the K states of the result; DeltaF panics with a "thermo: " message
// otherwise (it has no error return; check the indices against len(r.F)).
func (r *MBARResult) DeltaF(i, j int) Estimate {
	if r == nil || r.Theta == nil || r.Theta.SymmetricDim() != len(r.F) {
		panic("thermo: MBARResult.DeltaF on an empty result")
	}
	K := len(r.F)
	if i < 0 || i >= K || j < 0 || j >= K {
		panic(fmt.Sprintf("thermo: MBARResult.DeltaF(%d, %d): state index out of range [0, %d)", i, j, K))
	}
	v := r.Theta.At(i, i) + r.Theta.At(j, j) - 2*r.Theta.At(i, j)
	return Estimate{Value: r.F[j] - r.F[i], StdErr: math.Sqrt(math.Max(v, 0))}
}

// MBAR solves the multistate Bennett acceptance ratio equations (Shirts & Chodera 2008) for the
// reduced free energies of K thermodynamic states. u[k][n] is the reduced potential of sample n
// evaluated in state k, the samples are ordered by the state they were drawn from, and counts[k]
// samples come from state k (a state may have zero samples; it must still be evaluated on all
// of them). The free energies solve
//
//	f_k = −log Σ_n exp(−u_kn) / Σ_l counts_l exp(f_l − u_ln),
//
// found by Newton's method on the convex objective Σ_n log Σ_l counts_l e^{f_l − u_ln} − Σ_l
// counts_l f_l (Zhu's form, as in pymbar's "adaptive" solver) with a backtracking line search,
// everything in log space (see mbar_solve.go for the line search and the stopping rule). u[k][n]
// = +Inf (zero probability) is allowed.
//
// Errors: ErrInvalidInput (wrapped with the details) for fewer than two states, no samples,
// rows of u of different lengths, a negative count or counts that do not sum to the number of
// samples; ErrNotFinite for NaN or −Inf energies; ErrDisconnected when the states fall into
// groups that no sample connects (checked exactly on the support before solving, and
// numerically after, as a spectral gap of the overlap matrix below GapTol); ErrNoConvergence,
// with the last iterate in the result and Converged false, when the tolerance is not met.
func MBAR(u [][]float64, counts []int, settings *MBARSettings) (*MBARResult, error) {
	if err := checkMBARInput(u, counts); err != nil {
		return nil, err
	}
	s := settings.withDefaults()
	if !supportConnected(u, counts) {
		return nil, ErrDisconnected
	}
	K, N := len(u), len(u[0])

	sv := newMBARSolver(u, counts)
	res := sv.solve(s)
	if res == nil {
		return nil, ErrNotFinite
	}
	f := sv.f

	// Unsampled states: one self-consistent evaluation at the converged denominators.
	sv.evaluate(f)
	var unsampled []int
	for k, c := range counts {
		if c == 0 {
			unsampled = append(unsampled, k)
		}
	}
	sv.selfConsistent(f, unsampled)
	shift(f, f[0])
	sv.evaluate(f)
	sv.weights(f)
	for _, v := range f {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, ErrNotFinite
		}
	}
	res.F = f

	// WᵀW, the overlap matrix and its spectral gap.
	w := sv.w
	wtw := mat.NewSymDense(K, nil)
	for k := 0; k < K; k++ {
		rk := w[k*N : (k+1)*N]
		for l := k; l < K; l++ {
			rl := w[l*N : (l+1)*N]
			dot := 0.0
			for n := range rk {
				dot += rk[n] * rl[n]
			}
			wtw.SetSym(k, l, dot)
		}
	}
	res.Overlap = mat.NewDense(K, K, nil)
	sym := mat.NewSymDense(K, nil)
	for k := 0; k < K; k++ {
		for l := 0; l < K; l++ {
			res.Overlap.Set(k, l, wtw.At(k, l)*float64(counts[l]))
			if l >= k {
				sym.SetSym(k, l, math.Sqrt(float64(counts[k])*float64(counts[l]))*wtw.At(k, l))
			}
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, false) {
		return nil, ErrNotFinite
	}
	ev := eig.Values(nil)
	sort.Float64s(ev)
	res.Gap = math.Max(0, 1-ev[K-2])

	theta, err := mbarCovariance(wtw, counts)
	if err != nil {
		return nil, err
	}
	res.Theta = theta
	if res.Gap < s.GapTol {
		return res, ErrDisconnected
	}
	if !res.Converged {
		return res, fmt.Errorf("%w: MBAR residual %.3g after %d iterations (tolerance %.3g)",
			ErrNoConvergence, res.MaxResidual, res.Iterations, math.Max(s.Tol, res.ResidualFloor))
	}
	return res, nil
}

// checkMBARInput validates the shapes of MBAR's arguments and the finiteness of the energies.
func checkMBARInput(u [][]float64, counts []int) error {
	K := len(u)
	if K < 2 {
		return fmt.Errorf("%w: MBAR needs at least two states, got %d", ErrInvalidInput, K)
	}
	if len(counts) != K {
		return fmt.Errorf("%w: MBAR has %d energy rows but %d counts", ErrInvalidInput, K, len(counts))
	}
	N := len(u[0])
	if N == 0 {
		return fmt.Errorf("%w: MBAR with no samples", ErrInvalidInput)
	}
	total := 0
	for k := range u {
		if len(u[k]) != N {
			return fmt.Errorf("%w: MBAR energy row %d has %d samples, row 0 has %d", ErrInvalidInput, k, len(u[k]), N)
		}
		if counts[k] < 0 {
			return fmt.Errorf("%w: MBAR count %d of state %d is negative", ErrInvalidInput, counts[k], k)
		}
		total += counts[k]
	}
	if total != N {
		return fmt.Errorf("%w: MBAR counts sum to %d, not the number of samples %d", ErrInvalidInput, total, N)
	}
	for k := range u {
		for _, v := range u[k] {
			if math.IsNaN(v) || math.IsInf(v, -1) {
				return fmt.Errorf("%w: MBAR energy of state %d is %v", ErrNotFinite, k, v)
			}
		}
	}
	return nil
}

// supportConnected reports whether every state is linked to every other through samples that
// have finite energy in both: a sample drawn from state s with finite u_k links s and k.
func supportConnected(u [][]float64, counts []int) bool {
	K := len(u)
	parent := make([]int, K)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	n := 0
	for s, c := range counts {
		for ; c > 0; c-- {
			for k := 0; k < K; k++ {
				if !math.IsInf(u[k][n], 1) {
					parent[find(k)] = find(s)
				}
			}
			n++
		}
	}
	root := find(0)
	for k := 1; k < K; k++ {
		if find(k) != root {
			return false
		}
	}
	return true
}

func shift(f []float64, c float64) {
	for i := range f {
		f[i] -= c
	}
}
