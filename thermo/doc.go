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
// (math/rand/v2) passed in. Every function with an error result reports bad input
// (mismatched lengths, out-of-range indices, empty input where data is required, NaN or
// infinite values, a nil generator) and failed computations with the named errors of errors.go
// (ErrInvalidInput, ErrNotFinite, ErrTooFewSamples, ErrNoConvergence, ErrNoOverlap,
// ErrDisconnected, ErrUnstable, ErrOneWay), wrapped with the numbers that triggered them, so no
// estimator panics on its input or returns a silent NaN. Functions without an error result
// (closed forms, constructors, accessors such as MBARResult.DeltaF, the Density and Kernel
// methods) panic with a "thermo: " message on input outside their documented domain, never with
// a runtime or gonum panic; LogSumExp alone propagates a NaN (IEEE), as documented.
//
// # Contents
//
//   - Information: GaussianEntropy, MultivariateGaussianEntropy, BernoulliEntropy, KLGaussian,
//     KLBernoulli, LogSumExp, LogMeanExp.
//   - Free energies: EXPForward, EXPReverse (delta-method error, bias and effective sample size),
//     BAR and BARWithOverlap (with the overlap of the work distributions, ErrNoOverlap), MBAR
//     (free energies, covariance, overlap matrix, precision-aware convergence and connectivity
//     checks),
//     AIS with Metropolis and Langevin (ULA/MALA) kernels, BDMC (a stochastic sandwich of log Z).
//   - Correlated data: StatisticalInefficiency, MeanCorrelated, BlockBootstrap.
//   - Entropy production: SchnakenbergStep and SchnakenbergRate (Markov chains and jump processes),
//     SchnakenbergFromTrajectory and SchnakenbergFromJumps (from data), Lyapunov and
//     OUEntropyProduction (linear Langevin processes), OUPath.Rates and
//     OU.EntropyProductionFromPaths (from simulated or supplied trajectories, with the exact
//     Δt-correction to the continuous rate), PathEntropy, TURBound, and the
//     fluctuation-theorem checks JarzynskiCheck, CrooksCheck, IntegralFTCheck.
//   - Exact systems, seeded simulators: EulerMaruyama, OU with OUPath (exact propagator),
//     BeadSpringChain (81/40 for two beads at T = 1, 10), DrivenTrap (2α²), Gyrator,
//     StiffnessQuench, DraggedTrap, FlashingRatchet with SimulateJumps.
//   - The paper's thermodynamics of a diffusion schedule (schedule.go): per-step conditional
//     entropies H_q(X⁽ᵗ⁾|X⁽ᵗ⁻¹⁾) and H_q(X⁽ᵗ⁾|X⁽⁰⁾), the App. A bounds on H_q(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾) and the
//     entropy produced by each forward step, for Gaussian and binomial kernels, and the exact
//     H_q(X⁽ᵗ⁻¹⁾|X⁽ᵗ⁾) for Gaussian data (GaussianReverseEntropy) or mixture and sample data
//     (GaussianReverseEntropyMixture, Monte Carlo with a standard error; schedule_exact.go).
//     Schedules are plain slices with beta[t−1] = β_t for the paper's t = 1 … T.
package thermo
