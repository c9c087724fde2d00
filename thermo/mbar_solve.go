package thermo

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// The Newton solve of the MBAR equations and its stopping rule.
//
// The objective F(f) = Σ_n ld_n − Σ_k N_k f_k, ld_n = log Σ_l N_l e^{f_l − u_ln}, is convex with
// gradient g_k = N_k (Σ_n W_nk − 1) and Hessian H_kl = δ_kl N_k Σ_n W_nk − N_k N_l Σ_n W_nk W_nl,
// W_nk = e^{f_k − u_kn − ld_n}. Two float64 facts shape the solver:
//
//  1. Near the solution a Newton step lowers F by ½ gᵀH⁻¹g ~ N r² (r the residual), which falls
//     below the rounding error of F itself (a sum of N terms of size |ld_n|, about ε N Σ|ld_n|)
//     long before r reaches 1e-10. A line search that only asks for F(trial) ≤ F(f) then accepts
//     or rejects steps on rounding noise and stalls, at r ~ 1e-9 for 5 states × 300 samples. So
//     a trial point whose F is within the rounding bound of F(f) is judged by the gradient
//     instead: it is accepted when it lowers ‖g‖², for which the Newton direction H⁻¹g is also a
//     descent direction (∇½‖g‖² = Hg, and (Hg)ᵀH⁻¹g = ‖g‖² > 0).
//  2. The residual r_k = Σ_n W_nk − 1 cannot be evaluated more accurately than its rounding
//     bound, which grows with the magnitude of the energies (u ~ 10⁶ kT puts it near 10⁻⁹):
//
//     floor_k = ε (N + 4 Σ_n W_nk (2|f_k| + 2|u_kn| + 3|ld_n| + 2 max_l(|f_l| + |u_ln| + |log N_l|) + 2)),
//
//     ε = 2⁻⁵³: the error of the exponent f_k − u_kn − ld_n (including that of ld_n's
//     log-sum-exp) carried into W_nk, plus the error of the naive sum of N weights. The factor 4
//     covers the two evaluations a Newton step's result carries (the residual that set the step
//     and the one that checks it) and the rounding of f itself. On harmonic states with energy
//     offsets from 0 to 10⁸ kT, 40 Newton steps end at residuals up to 0.12 of the bound without
//     the 4. The solver stops when max_k |r_k| ≤ max(Tol, max_k floor_k).

// mbarSolver holds the data and work arrays of the solve.
type mbarSolver struct {
	u       [][]float64
	counts  []int
	K, N    int
	logN    []float64
	sampled []int
	f       []float64
	ld      []float64 // ld_n = log Σ_l counts_l e^{f_l − u_ln}
	scale   []float64 // 3|ld_n| + 2 max_l(|f_l| + |u_ln| + |log N_l|) + 2, for the floor
	w       []float64 // w[k*N+n] = W_nk
	colsum  []float64
	terms   []float64
	tmp     []float64
	// objNoise is the rounding bound of the last objective evaluated.
	objNoise float64
}

func newMBARSolver(u [][]float64, counts []int) *mbarSolver {
	K, N := len(u), len(u[0])
	sv := &mbarSolver{u: u, counts: counts, K: K, N: N, logN: make([]float64, K),
		f: make([]float64, K), ld: make([]float64, N), scale: make([]float64, N),
		w: make([]float64, K*N), colsum: make([]float64, K), terms: make([]float64, K),
		tmp: make([]float64, N)}
	for k, c := range counts {
		sv.logN[k] = math.Log(float64(c))
		if c > 0 {
			sv.sampled = append(sv.sampled, k)
		}
	}
	return sv
}

// evaluate fills ld (and scale) at f and returns the objective; objNoise is set to its rounding
// bound ε (N + K)(Σ_n (|ld_n| + scale_n) + Σ_k N_k |f_k|).
func (sv *mbarSolver) evaluate(f []float64) float64 {
	obj, mag := 0.0, 0.0
	for n := 0; n < sv.N; n++ {
		big := 0.0
		for k := 0; k < sv.K; k++ {
			sv.terms[k] = sv.logN[k] + f[k] - sv.u[k][n]
			if !math.IsInf(sv.terms[k], 0) {
				big = math.Max(big, math.Abs(sv.logN[k])+math.Abs(f[k])+math.Abs(sv.u[k][n]))
			}
		}
		sv.ld[n] = LogSumExp(sv.terms)
		sv.scale[n] = 3*math.Abs(sv.ld[n]) + 2*big + 2
		obj += sv.ld[n]
		mag += math.Abs(sv.ld[n]) + sv.scale[n]
	}
	for _, k := range sv.sampled {
		obj -= float64(sv.counts[k]) * f[k]
		mag += float64(sv.counts[k]) * math.Abs(f[k])
	}
	sv.objNoise = epsilon * float64(sv.N+sv.K) * mag
	return obj
}

// epsilon is the float64 unit roundoff 2⁻⁵³.
const epsilon = 0x1p-53

// weights fills w at f from the ld of the last evaluate(f).
func (sv *mbarSolver) weights(f []float64) {
	for k := 0; k < sv.K; k++ {
		row := sv.w[k*sv.N : (k+1)*sv.N]
		for n := range row {
			row[n] = math.Exp(f[k] - sv.u[k][n] - sv.ld[n])
		}
	}
}

// residual returns max_k |Σ_n W_nk − 1| over the sampled states and its rounding bound (the
// floor above) from the weights of the last weights(f) call; it leaves the sums in colsum.
func (sv *mbarSolver) residual(f []float64) (res, floor float64) {
	for _, k := range sv.sampled {
		row := sv.w[k*sv.N : (k+1)*sv.N]
		sum, bound := 0.0, 0.0
		for n, v := range row {
			if v == 0 {
				continue
			}
			sum += v
			bound += v * (2*math.Abs(f[k]) + 2*math.Abs(sv.u[k][n]) + sv.scale[n])
		}
		sv.colsum[k] = sum
		res = math.Max(res, math.Abs(sum-1))
		if math.IsNaN(sum) {
			res = math.NaN()
		}
		floor = math.Max(floor, epsilon*(float64(sv.N)+4*bound))
	}
	return res, floor
}

// gradNorm2 returns ‖g‖² = Σ_{k free} N_k² (Σ_n W_nk − 1)² at f from the ld of the last
// evaluate(f), without storing the weights.
func (sv *mbarSolver) gradNorm2(f []float64, free []int) float64 {
	g2 := 0.0
	for _, k := range free {
		sum := 0.0
		for n := 0; n < sv.N; n++ {
			sum += math.Exp(f[k] - sv.u[k][n] - sv.ld[n])
		}
		g := float64(sv.counts[k]) * (sum - 1)
		g2 += g * g
	}
	return g2
}

// selfConsistent sets f_k = −log Σ_n e^{−u_kn − ld_n} for every k in ks.
func (sv *mbarSolver) selfConsistent(f []float64, ks []int) {
	for _, k := range ks {
		for n := 0; n < sv.N; n++ {
			sv.tmp[n] = -sv.u[k][n] - sv.ld[n]
		}
		f[k] = -LogSumExp(sv.tmp)
	}
}

// solve runs the Newton iteration from one self-consistent sweep from zero, with f gauged at
// the first sampled state, and leaves the last iterate in sv.f and sv.w. It returns nil when
// the residual becomes NaN.
func (sv *mbarSolver) solve(s MBARSettings) *MBARResult {
	f := sv.f
	sv.evaluate(f)
	sv.selfConsistent(f, sv.sampled)
	shift(f, f[sv.sampled[0]])

	free := sv.sampled[1:] // the Newton variables
	m := len(free)
	res := &MBARResult{}
	grad := make([]float64, m)
	hess := mat.NewSymDense(max(m, 1), nil)
	step := mat.NewVecDense(max(m, 1), nil)
	trial := make([]float64, sv.K)
	N := sv.N
	for res.Iterations = 0; ; res.Iterations++ {
		obj := sv.evaluate(f)
		noise := sv.objNoise
		sv.weights(f)
		res.MaxResidual, res.ResidualFloor = sv.residual(f)
		if math.IsNaN(res.MaxResidual) {
			return nil
		}
		if res.MaxResidual <= math.Max(s.Tol, res.ResidualFloor) || m == 0 {
			res.Converged = true
			break
		}
		if res.Iterations >= s.MaxIter {
			break
		}
		// Gradient and Hessian of the objective in the free variables.
		g2 := 0.0
		for a, k := range free {
			rk := sv.w[k*N : (k+1)*N]
			nk := float64(sv.counts[k])
			grad[a] = nk * (sv.colsum[k] - 1)
			g2 += grad[a] * grad[a]
			for b := a; b < m; b++ {
				l := free[b]
				rl := sv.w[l*N : (l+1)*N]
				dot := 0.0
				for n := range rk {
					dot += rk[n] * rl[n]
				}
				h := -nk * float64(sv.counts[l]) * dot
				if a == b {
					h += nk * sv.colsum[k]
				}
				hess.SetSym(a, b, h)
			}
		}
		var chol mat.Cholesky
		ok := chol.Factorize(hess)
		if ok {
			ok = chol.SolveVecTo(step, mat.NewVecDense(m, grad)) == nil
		}
		accepted := false
		if ok {
			for t := 1.0; t > 1e-8 && !accepted; t /= 2 {
				copy(trial, f)
				for a, k := range free {
					trial[k] -= t * step.AtVec(a)
				}
				o := sv.evaluate(trial)
				switch {
				case o < obj-noise: // a decrease beyond rounding
					accepted = true
				case o <= obj+noise: // indistinguishable in float64: judge by the gradient
					accepted = sv.gradNorm2(trial, free) < g2
				}
			}
		}
		if accepted {
			copy(f, trial)
			continue
		}
		// Fall back on a self-consistent (fixed-point) iteration, which never increases the
		// objective.
		sv.evaluate(f)
		sv.selfConsistent(f, sv.sampled)
		shift(f, f[sv.sampled[0]])
	}
	return res
}
