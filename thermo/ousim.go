package thermo

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// OU is the linear overdamped Langevin (Ornstein–Uhlenbeck) process dx = A x dt + √(2D) dW with
// A Hurwitz-stable and D positive definite. Its exact steady-state entropy production rate is
// OUEntropyProduction(A, D).
type OU struct {
	A *mat.Dense
	D *mat.SymDense
}

// BeadSpringChain returns the chain of n = len(temps) overdamped beads joined by springs of
// stiffness k, with the two ends tied to fixed walls, bead i in contact with a bath at
// temperature temps[i], all with friction γ:
//
//	γ dx_i = k (x_{i−1} − 2x_i + x_{i+1}) dt + √(2γT_i) dW_i,  x_0 = x_{n+1} = 0.
//
// For two beads with k = γ = 1 the entropy production rate is (T₁ − T₂)²/(4T₁T₂): 81/40 at
// T₁ = 1, T₂ = 10 (general k, γ: multiply by k/γ).
func BeadSpringChain(temps []float64, k, gamma float64) *OU {
	n := len(temps)
	if n == 0 || !(k > 0 && gamma > 0) {
		panic("thermo: BeadSpringChain needs beads and positive k, γ")
	}
	a := mat.NewDense(n, n, nil)
	d := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		a.Set(i, i, -2*k/gamma)
		if i > 0 {
			a.Set(i, i-1, k/gamma)
		}
		if i < n-1 {
			a.Set(i, i+1, k/gamma)
		}
		d.SetSym(i, i, temps[i]/gamma)
	}
	return &OU{A: a, D: d}
}

// DrivenTrap returns a particle in the isotropic trap U = k|x|²/2 (two dimensions, kT = 1,
// unit friction) driven by the non-conservative rotational force α(−x₂, x₁):
//
//	A = [[−k, −α], [α, −k]],  D = I.
//
// The rotation leaves the Boltzmann distribution C = I/k unchanged, and the entropy production
// rate is σ = tr(AᵀA C) + tr A = 2α²/k (2α² for k = 1).
func DrivenTrap(k, alpha float64) *OU {
	return &OU{
		A: mat.NewDense(2, 2, []float64{-k, -alpha, alpha, -k}),
		D: mat.NewSymDense(2, []float64{1, 0, 0, 1}),
	}
}

// Gyrator returns the Brownian gyrator (Filliger & Reimann 2007): a particle in the anisotropic
// harmonic potential U = ½ xᵀ R(θ) diag(u1, u2) R(θ)ᵀ x, unit friction, with x₁ and x₂ in
// contact with baths at temperatures t1 and t2. Its exact rate is GyratorRate.
func Gyrator(u1, u2, theta, t1, t2 float64) *OU {
	c, s := math.Cos(theta), math.Sin(theta)
	k11 := u1*c*c + u2*s*s
	k22 := u1*s*s + u2*c*c
	k12 := (u1 - u2) * c * s
	return &OU{
		A: mat.NewDense(2, 2, []float64{-k11, -k12, -k12, -k22}),
		D: mat.NewSymDense(2, []float64{t1, 0, 0, t2}),
	}
}

// GyratorRate is the closed-form steady-state entropy production rate of Gyrator:
//
//	σ = (T₁ − T₂)² k₁₂² / (T₁T₂ (k₁₁ + k₂₂)),  k₁₂ = (u1 − u2) cos θ sin θ,  k₁₁ + k₂₂ = u1 + u2,
//
// which vanishes at equal temperatures or without coupling (θ = 0, u1 = u2).
func GyratorRate(u1, u2, theta, t1, t2 float64) float64 {
	k12 := (u1 - u2) * math.Cos(theta) * math.Sin(theta)
	d := t1 - t2
	return d * d * k12 * k12 / (t1 * t2 * (u1 + u2))
}

// OUPath simulates the process exactly at a fixed time step (no discretization error in the
// path's distribution): x(t+Δt) = Φ x(t) + L ξ with Φ = exp(AΔt), L Lᵀ = C − Φ C Φᵀ, started in
// the steady state.
type OUPath struct {
	p       *OU
	dt      float64
	phi     *mat.Dense
	chol    *mat.Dense // lower Cholesky factor of the step noise covariance
	cov     *mat.SymDense
	dinvA   *mat.Dense // D⁻¹ A, for the entropy estimator
	n       int
	x, next []float64
}

// NewPath prepares an exact simulation with time step dt. It returns ErrUnstable when the
// process has no steady state.
func (p *OU) NewPath(dt float64, rnd *rand.Rand) (*OUPath, error) {
	if !(dt > 0) {
		panic("thermo: OU time step must be positive")
	}
	c, err := Lyapunov(p.A, p.D)
	if err != nil {
		return nil, err
	}
	n := c.SymmetricDim()
	var adt, phi mat.Dense
	adt.Scale(dt, p.A)
	phi.Exp(&adt)
	var pc, pcp mat.Dense
	pc.Mul(&phi, c)
	pcp.Mul(&pc, phi.T())
	q := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			q.SetSym(i, j, c.At(i, j)-0.5*(pcp.At(i, j)+pcp.At(j, i)))
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(q) {
		return nil, ErrUnstable
	}
	var l mat.TriDense
	chol.LTo(&l)
	var cholC mat.Cholesky
	if !cholC.Factorize(c) {
		return nil, ErrUnstable
	}
	var lc mat.TriDense
	cholC.LTo(&lc)
	var dc mat.Cholesky
	if !dc.Factorize(p.D) {
		return nil, ErrNotFinite
	}
	var dinvA mat.Dense
	if err := dc.SolveTo(&dinvA, p.A); err != nil {
		return nil, ErrNotFinite
	}
	path := &OUPath{p: p, dt: dt, phi: &phi, chol: mat.DenseCopyOf(&l), cov: c, dinvA: &dinvA, n: n,
		x: make([]float64, n), next: make([]float64, n)}
	// Start in the steady state: x = L_C ξ.
	xi := make([]float64, n)
	for i := range xi {
		xi[i] = rnd.NormFloat64()
	}
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			path.x[i] += lc.At(i, j) * xi[j]
		}
	}
	return path, nil
}

// X returns the current state (a view; do not modify).
func (s *OUPath) X() []float64 { return s.x }

// Step advances the path by one time step.
func (s *OUPath) Step(rnd *rand.Rand) {
	n := s.n
	for i := 0; i < n; i++ {
		v := 0.0
		for j := 0; j < n; j++ {
			v += s.phi.At(i, j) * s.x[j]
		}
		s.next[i] = v
	}
	for i := 0; i < n; i++ {
		xi := rnd.NormFloat64()
		for j := i; j < n; j++ {
			s.next[j] += s.chol.At(j, i) * xi
		}
	}
	s.x, s.next = s.next, s.x
}

// stepEntropy returns the Stratonovich medium-entropy increment of the last step from old to x:
// Δs = (A x̄)ᵀ D⁻¹ (x − old), x̄ = (x + old)/2, the heat given to the baths over their
// temperatures; it is ln P[forward]/P[reverse] of the step up to a boundary term whose mean is
// zero in the steady state.
func (s *OUPath) stepEntropy(old []float64) float64 {
	n := s.n
	var ds float64
	// (A x̄)ᵀ D⁻¹ Δx = x̄ᵀ Aᵀ D⁻¹ Δx = Δxᵀ (D⁻¹ A) x̄.
	for i := 0; i < n; i++ {
		var v float64
		for j := 0; j < n; j++ {
			v += s.dinvA.At(i, j) * 0.5 * (s.x[j] + old[j])
		}
		ds += (s.x[i] - old[i]) * v
	}
	return ds
}

// DiscreteRate returns the exact mean of the estimator of EntropyProduction at this time step,
// ½ tr(Aᵀ D⁻¹ (Φ C − C Φᵀ))/Δt (from E[(x' − x)(x' + x)ᵀ] = ΦC − CΦᵀ in the steady state). It
// tends to the exact rate OUEntropyProduction as Δt → 0, with an O(Δt) discretization error.
func (s *OUPath) DiscreteRate() float64 {
	var pc, cp, diff, m mat.Dense
	pc.Mul(s.phi, s.cov)
	cp.Mul(s.cov, s.phi.T())
	diff.Sub(&pc, &cp)
	m.Mul(s.dinvA.T(), &diff) // (D⁻¹A)ᵀ = Aᵀ D⁻¹
	return 0.5 * mat.Trace(&m) / s.dt
}

// EntropyProduction simulates steps steps of the path and estimates the steady-state entropy
// production rate as the time average of the path log-ratio per unit time (the Stratonovich
// heat over temperature, see stepEntropy), with the standard error of the mean of 50
// contiguous block means (the per-step terms are anticorrelated at short lags, which an
// autocorrelation sum clipped at g ≥ 1 would overstate). Its expectation is DiscreteRate. It
// returns ErrTooFewSamples for fewer than 100 steps.
func (s *OUPath) EntropyProduction(steps int, rnd *rand.Rand) (Estimate, error) {
	if steps < 2*trajectoryBlocks {
		return Estimate{N: steps}, ErrTooFewSamples
	}
	sums := make([]float64, trajectoryBlocks)
	counts := make([]float64, trajectoryBlocks)
	old := make([]float64, s.n)
	total := 0.0
	for t := 0; t < steps; t++ {
		copy(old, s.x)
		s.Step(rnd)
		v := s.stepEntropy(old) / s.dt
		b := t * trajectoryBlocks / steps
		sums[b] += v
		counts[b]++
		total += v
	}
	for b := range sums {
		sums[b] /= counts[b]
	}
	_, v := meanVar(sums)
	e := Estimate{Value: total / float64(steps), StdErr: math.Sqrt(v / trajectoryBlocks), N: steps}
	if math.IsNaN(e.Value) || math.IsNaN(e.StdErr) {
		return e, ErrNotFinite
	}
	return e, nil
}
