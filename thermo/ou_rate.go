package thermo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Entropy production of an Ornstein–Uhlenbeck process dx = A x dt + √(2D) dW from trajectories
// sampled at a time step Δt, and the Δt-correction that turns it into the continuous rate.
//
// The estimator is the time average of the Stratonovich heat over temperature per unit time,
// Δs/Δt with Δs = Δxᵀ D⁻¹ A x̄ (x̄ the midpoint of the step). In the steady state
// E[(x' − x)(x' + x)ᵀ] = ΦC − CΦᵀ for the exact step x' = Φx + noise, Φ = e^{AΔt}, so its mean is
// exactly the discrete rate
//
//	σ_Δt = ½ tr(Aᵀ D⁻¹ (ΦC − CΦᵀ)) / Δt,
//
// not the continuous rate σ = tr(Aᵀ D⁻¹ A C) + tr A (OUEntropyProduction). Expanding
// Φ = I + AΔt + A²Δt²/2 + … and using the Lyapunov equation AC + CAᵀ = −2D on the first term,
//
//	σ_Δt = σ + (Δt/4) tr(Aᵀ D⁻¹ (A²C − C Aᵀ²)) + O(Δt²),
//
// so both are closed-form functions of (A, D, Δt) and the correction factor κ = σ/σ_Δt = 1 + O(Δt)
// is exact: κ × (the estimate) is unbiased for σ, with the standard error scaled by κ. Example:
// the driven trap (A = −kI + αJ, C = I/k, D = I) has σ_Δt = 2α e^{−kΔt} sin(αΔt)/(kΔt) and
// κ = αΔt e^{kΔt}/sin(αΔt), 1.005 at k = 1, α = 0.7, Δt = 0.01.

// OURate is an entropy-production-rate estimate from OU trajectories sampled every Dt, with the
// rate it estimates made explicit. Units: k_B per unit time.
type OURate struct {
	// Discrete is the time average of the path log-ratio per unit time, unbiased for the
	// discrete rate σ_Δt (OUPath.DiscreteRate), which differs from σ by O(Δt).
	Discrete Estimate
	// Continuous is Correction × Discrete (value and standard error), unbiased for the
	// continuous-time rate σ (OUEntropyProduction).
	Continuous Estimate
	// Correction is κ = σ/σ_Δt (1 where both vanish: equilibrium).
	Correction float64
	// DiscreteRate and ContinuousRate are the exact σ_Δt and σ of the model the estimate used.
	DiscreteRate, ContinuousRate float64
	// Dt is the sampling interval.
	Dt float64
}

// ouModel holds what the estimator needs of an OU process at one time step.
type ouModel struct {
	n                int
	dt               float64
	phi              *mat.Dense    // e^{AΔt}
	cov              *mat.SymDense // steady-state covariance C
	dinvA            *mat.Dense    // D⁻¹ A
	sigma, sigmaDisc float64       // σ and σ_Δt
	rateScale        float64       // ‖A‖ (Frobenius)
}

// newOUModel checks the process and the time step and precomputes Φ, C, D⁻¹A, σ and σ_Δt.
// Errors: ErrInvalidInput for a missing or non-square model or a non-positive time step,
// ErrNotFinite for NaN entries or a D that is not positive definite, ErrUnstable for a drift
// with no steady state.
func newOUModel(p *OU, dt float64) (*ouModel, error) {
	if p == nil || p.A == nil || p.D == nil {
		return nil, fmt.Errorf("%w: OU needs a drift matrix A and a diffusion matrix D", ErrInvalidInput)
	}
	n, c := p.A.Dims()
	if n == 0 || n != c || p.D.SymmetricDim() != n {
		return nil, fmt.Errorf("%w: OU needs a square A and a D of its size, got A %d×%d and D %d×%d",
			ErrInvalidInput, n, c, p.D.SymmetricDim(), p.D.SymmetricDim())
	}
	if !(dt > 0) || math.IsInf(dt, 1) {
		return nil, fmt.Errorf("%w: OU time step must be positive and finite, got %v", ErrInvalidInput, dt)
	}
	if err := checkFiniteMatrix(p.A, p.D); err != nil {
		return nil, err
	}
	cov, err := Lyapunov(p.A, p.D)
	if err != nil {
		return nil, err
	}
	var dc mat.Cholesky
	if !dc.Factorize(p.D) {
		return nil, fmt.Errorf("%w: D is not positive definite", ErrNotFinite)
	}
	var dinvA mat.Dense
	if err := dc.SolveTo(&dinvA, p.A); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotFinite, err)
	}
	var adt, phi mat.Dense
	adt.Scale(dt, p.A)
	if err := checkFiniteMatrix(&adt); err != nil { // gonum's Exp does not return on an infinite norm
		return nil, fmt.Errorf("%w: AΔt overflows at Δt = %v", ErrNotFinite, dt)
	}
	phi.Exp(&adt)
	sigma, err := OUEntropyProduction(p.A, p.D)
	if err != nil {
		return nil, err
	}
	m := &ouModel{n: n, dt: dt, phi: &phi, cov: cov, dinvA: &dinvA, sigma: sigma,
		rateScale: mat.Norm(p.A, 2)}
	m.sigmaDisc = discreteRate(&phi, cov, &dinvA, dt)
	if math.IsNaN(m.sigmaDisc) || math.IsInf(m.sigmaDisc, 0) {
		return nil, fmt.Errorf("%w: discrete rate at Δt = %v", ErrNotFinite, dt)
	}
	return m, nil
}

// discreteRate returns σ_Δt = ½ tr(Aᵀ D⁻¹ (ΦC − CΦᵀ))/Δt.
func discreteRate(phi *mat.Dense, cov *mat.SymDense, dinvA *mat.Dense, dt float64) float64 {
	var pc, cp, diff, m mat.Dense
	pc.Mul(phi, cov)
	cp.Mul(cov, phi.T())
	diff.Sub(&pc, &cp)
	m.Mul(dinvA.T(), &diff) // (D⁻¹A)ᵀ = Aᵀ D⁻¹
	return 0.5 * mat.Trace(&m) / dt
}

// correction returns κ = σ/σ_Δt: 1 when both rates vanish to rounding (|σ|, |σ_Δt| ≤ 1e-12 ‖A‖,
// ‖A‖ the Frobenius norm, the rate scale of the process: equilibrium), and an error when only
// σ_Δt vanishes (a time step that aliases the rotation of the drift, αΔt = π for the driven
// trap: the samples then carry no information on the rate).
func (m *ouModel) correction() (float64, error) {
	tiny := 1e-12 * m.rateScale
	if math.Abs(m.sigmaDisc) <= tiny {
		if math.Abs(m.sigma) <= tiny {
			return 1, nil
		}
		return 0, fmt.Errorf("%w: the discrete rate vanishes at Δt = %v (continuous rate %.4g): "+
			"the sampling interval aliases the drift", ErrInvalidInput, m.dt, m.sigma)
	}
	return m.sigma / m.sigmaDisc, nil
}

// stepEntropy returns the Stratonovich medium-entropy increment Δs = Δxᵀ (D⁻¹ A) x̄ of one step
// from old to x, x̄ = (x + old)/2: ln P[forward]/P[reverse] of the step up to a boundary term
// whose mean is zero in the steady state.
func stepEntropy(dinvA *mat.Dense, old, x []float64) float64 {
	n := len(x)
	var ds float64
	for i := 0; i < n; i++ {
		var v float64
		for j := 0; j < n; j++ {
			v += dinvA.At(i, j) * 0.5 * (x[j] + old[j])
		}
		ds += (x[i] - old[i]) * v
	}
	return ds
}

// blockMean accumulates a series of steps per-step values for the time average and its
// standard error from trajectoryBlocks contiguous blocks (the per-step terms are anticorrelated
// at short lags, which an autocorrelation sum clipped at g ≥ 1 would overstate).
type blockMean struct {
	steps        int
	sums, counts []float64
	total        float64
	seen         int
}

func newBlockMean(steps int) *blockMean {
	return &blockMean{steps: steps, sums: make([]float64, trajectoryBlocks), counts: make([]float64, trajectoryBlocks)}
}

func (b *blockMean) add(v float64) {
	k := b.seen * trajectoryBlocks / b.steps
	b.sums[k] += v
	b.counts[k]++
	b.total += v
	b.seen++
}

func (b *blockMean) estimate() (Estimate, error) {
	for k := range b.sums {
		b.sums[k] /= b.counts[k]
	}
	_, v := meanVar(b.sums)
	e := Estimate{Value: b.total / float64(b.steps), StdErr: math.Sqrt(v / trajectoryBlocks), N: b.steps}
	if math.IsNaN(e.Value) || math.IsNaN(e.StdErr) || math.IsInf(e.Value, 0) || math.IsInf(e.StdErr, 0) {
		return e, ErrNotFinite
	}
	return e, nil
}

// rate turns the discrete estimate into an OURate.
func (m *ouModel) rate(disc Estimate) (OURate, error) {
	r := OURate{Discrete: disc, DiscreteRate: m.sigmaDisc, ContinuousRate: m.sigma, Dt: m.dt}
	k, err := m.correction()
	if err != nil {
		return r, err
	}
	r.Correction = k
	r.Continuous = Estimate{Value: k * disc.Value, StdErr: math.Abs(k) * disc.StdErr, N: disc.N}
	return r, nil
}

// ContinuousRate returns the exact continuous-time entropy production rate σ of the simulated
// process, OUEntropyProduction(A, D), the Δt → 0 limit of DiscreteRate.
func (s *OUPath) ContinuousRate() float64 {
	s.checkReceiver()
	return s.model.sigma
}

// Rates simulates steps steps of the path and returns the entropy production rate estimate
// with both rates (see OURate): Discrete is what EntropyProduction returns for the same random
// stream, Continuous its exact Δt-correction. It returns ErrInvalidInput for a nil generator,
// ErrTooFewSamples for fewer than 100 steps.
func (s *OUPath) Rates(steps int, rnd *rand.Rand) (OURate, error) {
	disc, err := s.EntropyProduction(steps, rnd)
	if err != nil {
		return OURate{Discrete: disc}, err
	}
	return s.model.rate(disc)
}

// EntropyProductionFromPaths estimates the steady-state entropy production rate of the process
// from trajectories the caller sampled: paths[r][t] is the state (length n) of trajectory r at
// time t·dt, every trajectory in the steady state of dx = A x dt + √(2D) dW (by the exact
// propagator or any integrator fine enough that its step distribution is the OU one). The
// estimate is the Stratonovich path log-ratio averaged over all steps of all trajectories,
// with its standard error from 50 contiguous blocks of the steps in order, and its exact
// Δt-correction to the continuous rate (see OURate). Only A and D enter (through D⁻¹A and the
// correction); dt must be the sampling interval of the data.
//
// Errors: ErrInvalidInput for a missing or non-square model, a non-positive dt, a trajectory of
// fewer than two states or a state of the wrong length; ErrNotFinite for NaN or infinite states
// or a D that is not positive definite; ErrUnstable for a drift with no steady state;
// ErrTooFewSamples for fewer than 100 steps in all.
func (p *OU) EntropyProductionFromPaths(paths [][][]float64, dt float64) (OURate, error) {
	m, err := newOUModel(p, dt)
	if err != nil {
		return OURate{Dt: dt}, err
	}
	steps := 0
	for r, path := range paths {
		if len(path) < 2 {
			return OURate{Dt: dt}, fmt.Errorf("%w: trajectory %d has %d states, need at least two", ErrInvalidInput, r, len(path))
		}
		for t, x := range path {
			if len(x) != m.n {
				return OURate{Dt: dt}, fmt.Errorf("%w: state %d of trajectory %d has length %d, the process has %d coordinates",
					ErrInvalidInput, t, r, len(x), m.n)
			}
			if err := checkFinite(x); err != nil {
				return OURate{Dt: dt}, fmt.Errorf("%w: state %d of trajectory %d", err, t, r)
			}
		}
		steps += len(path) - 1
	}
	if steps < 2*trajectoryBlocks {
		return OURate{Discrete: Estimate{N: steps}, Dt: dt}, fmt.Errorf("%w: %d steps, need at least %d",
			ErrTooFewSamples, steps, 2*trajectoryBlocks)
	}
	b := newBlockMean(steps)
	for _, path := range paths {
		for t := 1; t < len(path); t++ {
			b.add(stepEntropy(m.dinvA, path[t-1], path[t]) / dt)
		}
	}
	disc, err := b.estimate()
	if err != nil {
		return OURate{Discrete: disc, Dt: dt}, err
	}
	return m.rate(disc)
}
