package thermo

import "errors"

// Errors returned when a computation fails or its input is unusable. Every message starts with
// "thermo: "; functions wrap them with the numbers that triggered them (test with errors.Is).
// Functions that return an error report bad input with one; functions without an error result
// (closed forms, constructors, accessors) panic with a "thermo: " message on input outside their
// documented domain, never with a runtime or gonum panic.
var (
	// ErrInvalidInput is returned for arguments outside a function's domain: mismatched
	// lengths or shapes, an index out of range, a negative count, an empty input where data is
	// required, a non-positive step or duration, a nil generator.
	ErrInvalidInput = errors.New("thermo: invalid input")

	// ErrNoConvergence is returned when an iterative solver (BAR, MBAR) stops at its iteration
	// limit before meeting its tolerance. The returned value is the last iterate.
	ErrNoConvergence = errors.New("thermo: solver did not converge")

	// ErrNotFinite is returned when an input or an intermediate result is NaN (or an infinity
	// where none is allowed), so that no estimator ever returns a silent NaN.
	ErrNotFinite = errors.New("thermo: NaN or infinite value")

	// ErrNoOverlap is returned by BAR when the forward and reverse work distributions do not
	// overlap (see BARResult.Overlap), so the data do not determine ΔF. The estimate is still
	// returned.
	ErrNoOverlap = errors.New("thermo: work distributions do not overlap")

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
