package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// checks collects the first bad flag value of a command line. Every method names the flag
// (without its dash) and the values it allows, so the error is one line a user can act on:
//
//	usage: -units must be a square k×k with k ≥ 2 (4, 9, 16, …), got 15
//
// Each experiment runs all its checks while parsing, before it creates a directory or starts
// any work.
type checks struct{ err error }

func (c *checks) failf(format string, a ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("%w: "+format, append([]any{errUsage}, a...)...)
	}
}

// atLeast requires v ≥ lo.
func (c *checks) atLeast(name string, v, lo int) {
	if v < lo {
		c.failf("-%s must be ≥ %d, got %d", name, lo, v)
	}
}

// intIn requires lo ≤ v ≤ hi.
func (c *checks) intIn(name string, v, lo, hi int) {
	if v < lo || v > hi {
		c.failf("-%s must be in [%d, %d], got %d", name, lo, hi, v)
	}
}

// rate requires a positive finite number (learning rates, tolerances, gains).
func (c *checks) rate(name string, v float64) {
	if !(v > 0) || math.IsInf(v, 0) {
		c.failf("-%s must be a positive finite number, got %v", name, v)
	}
}

// nonNegative requires a finite number ≥ 0.
func (c *checks) nonNegative(name string, v float64) {
	if !(v >= 0) || math.IsInf(v, 0) {
		c.failf("-%s must be a finite number ≥ 0, got %v", name, v)
	}
}

// openUnit requires 0 < v < 1.
func (c *checks) openUnit(name string, v float64) {
	if !(v > 0 && v < 1) {
		c.failf("-%s must be in (0, 1), got %v", name, v)
	}
}

// decay requires 0 ≤ v < 1 (moving-average decays).
func (c *checks) decay(name string, v float64) {
	if !(v >= 0 && v < 1) {
		c.failf("-%s must be in [0, 1), got %v", name, v)
	}
}

// oneOf requires v to be one of the allowed names.
func (c *checks) oneOf(name, v string, allowed ...string) {
	if !slices.Contains(allowed, v) {
		c.failf("unknown -%s %q (allowed: %s)", name, v, strings.Join(allowed, ", "))
	}
}

// givenPositive requires a flag whose 0 means "the default" to be positive when it is given.
func (c *checks) givenPositive(set map[string]bool, name string, v int) {
	if set[name] && v < 1 {
		c.failf("-%s must be ≥ 1, got %d (leave it out for the default)", name, v)
	}
}

// square requires v = k² with k ≥ 2 (the normalized RBF's grid of centres in 2-D).
func (c *checks) square(name string, v int) {
	k := int(math.Round(math.Sqrt(float64(max(v, 0)))))
	if k < 2 || k*k != v {
		c.failf("-%s must be a square k×k with k ≥ 2 (4, 9, 16, 25, …), got %d", name, v)
	}
}

// maxWorkers bounds -workers: goroutines a batch is split over, each with its own buffers.
const maxWorkers = 256

// maxScales bounds -scales before the patch sizes are checked against 2^(scales−1).
const maxScales = 16
