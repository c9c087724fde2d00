package thermo

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// MBARSettings controls the MBAR solver. A nil *MBARSettings means the defaults.
type MBARSettings struct {
	// Tol is the convergence tolerance on max_k |Σ_n W_nk − 1| (every column of the weight
	// matrix must sum to one at the solution). Default 1e-10.
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
	// Converged reports whether the solver met its tolerance.
	Converged bool
	// Iterations is the number of solver iterations used.
	Iterations int
	// MaxResidual is max_k |Σ_n W_nk − 1| at the returned F.
	MaxResidual float64
}

// DeltaF returns f_j − f_i with its standard error √(Θ_ii + Θ_jj − 2Θ_ij).
func (r *MBARResult) DeltaF(i, j int) Estimate {
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
// everything in log space. u[k][n] = +Inf (zero probability) is allowed.
//
// Errors: ErrNotFinite for NaN or −Inf energies; ErrDisconnected when the states fall into groups
// that no sample connects (checked exactly on the support before solving, and numerically after,
// as a spectral gap of the overlap matrix below GapTol); ErrNoConvergence, with the last iterate
// in the result and Converged false, when the tolerance is not met. It panics when the rows of u
// differ in length or counts does not sum to the number of samples.
func MBAR(u [][]float64, counts []int, settings *MBARSettings) (*MBARResult, error) {
	s := settings.withDefaults()
	K := len(u)
	if K < 2 || len(counts) != K {
		panic("thermo: MBAR needs at least two states and one count per state")
	}
	N := len(u[0])
	if N == 0 {
		panic("thermo: MBAR with no samples")
	}
	total := 0
	for k := range u {
		if len(u[k]) != N {
			panic("thermo: MBAR energy rows differ in length")
		}
		if counts[k] < 0 {
			panic("thermo: MBAR negative sample count")
		}
		total += counts[k]
	}
	if total != N {
		panic("thermo: MBAR counts do not sum to the number of samples")
	}
	for k := range u {
		for _, v := range u[k] {
			if math.IsNaN(v) || math.IsInf(v, -1) {
				return nil, ErrNotFinite
			}
		}
	}
	if !supportConnected(u, counts) {
		return nil, ErrDisconnected
	}

	logN := make([]float64, K)
	var sampled []int
	for k, c := range counts {
		logN[k] = math.Log(float64(c))
		if c > 0 {
			sampled = append(sampled, k)
		}
	}
	f := make([]float64, K)
	ld := make([]float64, N) // ld_n = log Σ_l counts_l e^{f_l − u_ln}
	w := make([]float64, K*N)
	terms := make([]float64, K)
	// evaluate fills ld and w (w[k*N+n] = W_nk) at f and returns the objective.
	evaluate := func(f []float64) float64 {
		obj := 0.0
		for n := 0; n < N; n++ {
			for k := 0; k < K; k++ {
				terms[k] = logN[k] + f[k] - u[k][n]
			}
			ld[n] = LogSumExp(terms)
			obj += ld[n]
		}
		for _, k := range sampled {
			obj -= float64(counts[k]) * f[k]
		}
		return obj
	}
	weights := func(f []float64) {
		for k := 0; k < K; k++ {
			row := w[k*N : (k+1)*N]
			for n := range row {
				row[n] = math.Exp(f[k] - u[k][n] - ld[n])
			}
		}
	}
	// selfConsistent sets f_k = −log Σ_n e^{−u_kn − ld_n} for every k in ks.
	tmp := make([]float64, N)
	selfConsistent := func(f []float64, ks []int) {
		for _, k := range ks {
			for n := 0; n < N; n++ {
				tmp[n] = -u[k][n] - ld[n]
			}
			f[k] = -LogSumExp(tmp)
		}
	}

	// Start from one self-consistent sweep from zero, gauge f at the first sampled state.
	evaluate(f)
	selfConsistent(f, sampled)
	shift(f, f[sampled[0]])
	obj := evaluate(f)

	free := sampled[1:] // the Newton variables
	m := len(free)
	res := &MBARResult{}
	grad := make([]float64, m)
	hess := mat.NewSymDense(max(m, 1), nil)
	trial := make([]float64, K)
	for res.Iterations = 0; ; res.Iterations++ {
		weights(f)
		res.MaxResidual = 0
		for _, k := range sampled {
			sum := 0.0
			for _, v := range w[k*N : (k+1)*N] {
				sum += v
			}
			res.MaxResidual = math.Max(res.MaxResidual, math.Abs(sum-1))
		}
		if math.IsNaN(res.MaxResidual) {
			return nil, ErrNotFinite
		}
		if res.MaxResidual < s.Tol || m == 0 {
			res.Converged = true
			break
		}
		if res.Iterations >= s.MaxIter {
			break
		}
		// Gradient and Hessian of the objective in the free variables.
		for a, k := range free {
			rk := w[k*N : (k+1)*N]
			nk := float64(counts[k])
			sum := 0.0
			for _, v := range rk {
				sum += v
			}
			grad[a] = nk * (sum - 1)
			for b := a; b < m; b++ {
				l := free[b]
				rl := w[l*N : (l+1)*N]
				dot := 0.0
				for n := range rk {
					dot += rk[n] * rl[n]
				}
				h := -nk * float64(counts[l]) * dot
				if a == b {
					h += nk * sum
				}
				hess.SetSym(a, b, h)
			}
		}
		var chol mat.Cholesky
		step := mat.NewVecDense(m, nil)
		ok := chol.Factorize(hess)
		if ok {
			ok = chol.SolveVecTo(step, mat.NewVecDense(m, grad)) == nil
		}
		accepted := false
		if ok {
			for t := 1.0; t > 1e-8; t /= 2 {
				copy(trial, f)
				for a, k := range free {
					trial[k] -= t * step.AtVec(a)
				}
				if o := evaluate(trial); o <= obj {
					copy(f, trial)
					obj = o
					accepted = true
					break
				}
			}
		}
		if !accepted {
			// Fall back on a self-consistent (fixed-point) iteration, which never increases
			// the objective.
			evaluate(f)
			selfConsistent(f, sampled)
			shift(f, f[sampled[0]])
			obj = evaluate(f)
		}
	}

	// Unsampled states: one self-consistent evaluation at the converged denominators.
	evaluate(f)
	var unsampled []int
	for k, c := range counts {
		if c == 0 {
			unsampled = append(unsampled, k)
		}
	}
	selfConsistent(f, unsampled)
	shift(f, f[0])
	evaluate(f)
	weights(f)
	for _, v := range f {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, ErrNotFinite
		}
	}
	res.F = f

	// WᵀW, the overlap matrix and its spectral gap.
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
				sym.SetSym(k, l, math.Sqrt(float64(counts[k]*counts[l]))*wtw.At(k, l))
			}
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sym, false) {
		return res, ErrNotFinite
	}
	ev := eig.Values(nil)
	sort.Float64s(ev)
	res.Gap = math.Max(0, 1-ev[K-2])

	res.Theta = mbarCovariance(wtw, counts)
	if res.Gap < s.GapTol {
		return res, ErrDisconnected
	}
	if !res.Converged {
		return res, ErrNoConvergence
	}
	return res, nil
}

// mbarCovariance returns Θ = V Σ (I − Σ Vᵀ diag(counts) V Σ)⁺ Σ Vᵀ where W = U Σ Vᵀ, computed from
// WᵀW = V Σ² Vᵀ (Shirts & Chodera 2008, eq. D.8; pymbar's "svd-ew" method).
func mbarCovariance(wtw *mat.SymDense, counts []int) *mat.SymDense {
	K := len(counts)
	var eig mat.EigenSym
	if !eig.Factorize(wtw, true) {
		panic("thermo: eigendecomposition of WᵀW failed")
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
	pinv := pseudoInverse(msym)
	var a, theta mat.Dense
	a.Mul(vs, pinv)
	theta.Mul(&a, vs.T())
	out := mat.NewSymDense(K, nil)
	for i := 0; i < K; i++ {
		for j := i; j < K; j++ {
			out.SetSym(i, j, 0.5*(theta.At(i, j)+theta.At(j, i)))
		}
	}
	return out
}

// pseudoInverse returns the Moore–Penrose pseudo-inverse of a symmetric matrix, dropping
// eigenvalues below 1e-10 of the largest in magnitude.
func pseudoInverse(a *mat.SymDense) *mat.Dense {
	n := a.SymmetricDim()
	var eig mat.EigenSym
	if !eig.Factorize(a, true) {
		panic("thermo: eigendecomposition failed")
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
	return out
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
