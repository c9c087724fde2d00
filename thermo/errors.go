package thermo

import "errors"

// Errors returned when a computation fails. Misuse of the API (mismatched lengths, an index out
// of range, an empty sample where one is required) panics instead, with a "thermo: " prefix.
var (
	// ErrNoConvergence is returned when an iterative solver (BAR, MBAR) stops at its iteration
	// limit before meeting its tolerance. The returned value is the last iterate.
	ErrNoConvergence = errors.New("thermo: solver did not converge")

	// ErrNotFinite is returned when an input or an intermediate result is NaN (or an infinity
	// where none is allowed), so that no estimator ever returns a silent NaN.
	ErrNotFinite = errors.New("thermo: NaN or infinite value")

	// ErrDisconnected is returned by MBAR when the thermodynamic states split into groups that
	// no sample connects, so relative free energies between the groups are undetermined.
	ErrDisconnected = errors.New("thermo: states are not connected by overlapping samples")

	// ErrTooFewSamples is returned when an estimate needs more samples than were given
	// (for example a standard error from a single sample).
	ErrTooFewSamples = errors.New("thermo: too few samples")

	// ErrUnstable is returned when a linear stochastic process has no steady state (the drift
	// matrix is not Hurwitz-stable) or a Markov chain has no unique stationary distribution.
	ErrUnstable = errors.New("thermo: no unique steady state")

	// ErrOneWay is returned by the trajectory entropy-production estimators when a transition
	// was observed without its reverse, so its log-ratio (and the entropy production) is
	// infinite on the data.
	ErrOneWay = errors.New("thermo: transition observed without its reverse")
)
