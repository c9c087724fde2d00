// Package thermo holds the nonequilibrium thermodynamics of the toolkit: analytic Gaussian and
// Bernoulli entropies and KL divergences, free-energy estimators (EXP/Jarzynski, BAR, MBAR,
// annealed importance sampling), entropy production, and closed-form stochastic-thermodynamics
// systems used as exact test cases. Every estimator returns an Estimate with a standard error, in
// reduced units (kT, k_B, nats). It imports only the standard library and gonum.
//
// # Conventions
//
// Units are reduced: energies and free energies in kT, entropies in k_B (nats); convert to bits
// only when reporting (Estimate.Bits). Randomness comes only from an explicit *rand.Rand
// (math/rand/v2) passed in. Misuse (mismatched lengths, out-of-range indices, empty input where
// data is required) panics with a "thermo: " message; failures of a computation return the named
// errors of errors.go (ErrNoConvergence, ErrNotFinite, ErrDisconnected, ErrTooFewSamples,
// ErrUnstable, ErrOneWay), so no estimator returns a silent NaN.
//
// # Contents
//
//   - Information: GaussianEntropy, MultivariateGaussianEntropy, BernoulliEntropy, KLGaussian,
//     KLBernoulli, LogSumExp, LogMeanExp.
//   - Free energies: EXPForward, EXPReverse (delta-method error, bias and effective sample size),
//     BAR, MBAR (free energies, covariance, overlap matrix, convergence and connectivity checks),
//     AIS with Metropolis and Langevin (ULA/MALA) kernels, BDMC (a stochastic sandwich of log Z).
//   - Correlated data: StatisticalInefficiency, MeanCorrelated, BlockBootstrap.
//   - Entropy production: SchnakenbergStep and SchnakenbergRate (Markov chains and jump processes),
//     SchnakenbergFromTrajectory and SchnakenbergFromJumps (from data), Lyapunov and
//     OUEntropyProduction (linear Langevin processes), PathEntropy, TURBound, and the
//     fluctuation-theorem checks JarzynskiCheck, CrooksCheck, IntegralFTCheck.
//   - Exact systems, seeded simulators: EulerMaruyama, OU with OUPath (exact propagator),
//     BeadSpringChain (81/40 for two beads at T = 1, 10), DrivenTrap (2α²), Gyrator,
//     StiffnessQuench, DraggedTrap, FlashingRatchet with SimulateJumps.
//   - The paper's thermodynamics of a diffusion schedule (schedule.go): per-step conditional
//     entropies H_q(X⁽ᵗ⁾|X⁽ᵗ⁻¹⁾) and H_q(X⁽ᵗ⁾|X⁽⁰⁾), the App. A bounds on H_q(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾) and the
//     entropy produced by each forward step, for Gaussian and binomial kernels. Schedules are
//     plain slices with beta[t−1] = β_t for the paper's t = 1 … T.
package thermo
