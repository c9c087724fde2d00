// Package thermo holds the nonequilibrium thermodynamics of the toolkit: analytic Gaussian and
// Bernoulli entropies and KL divergences, free-energy estimators (EXP/Jarzynski, BAR, MBAR,
// annealed importance sampling), entropy production, and closed-form stochastic-thermodynamics
// systems used as exact test cases. Every estimator returns an Estimate with a standard error, in
// reduced units (kT, k_B, nats). It imports only the standard library and gonum.
package thermo
