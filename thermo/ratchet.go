package thermo

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// FlashingRatchet is a discrete flashing ratchet (after Ajdari & Prost 1992; Parrondo & de
// Cisneros 2002): a particle hops on a ring of L sites in a sawtooth potential that is switched
// on and off at random, kT = 1. Its states are (site, on/off), numbered site + L·switch.
//
// Hops to a neighbouring site happen at rate Hop·exp(−ΔV/2) with ΔV the potential difference
// (detailed balance at fixed potential); the potential flips on ↔ off at rate Flip regardless of
// the site. Flipping is driven from outside, so the chain violates detailed balance and produces
// entropy at the rate SchnakenbergRate(Rates()), and a net current around the ring appears when
// the sawtooth is asymmetric.
type FlashingRatchet struct {
	// L is the number of sites (≥ 3).
	L int
	// Height is the barrier of the sawtooth in kT; the potential rises linearly by Height over
	// the first Peak sites and falls back over the rest.
	Height float64
	// Peak is the site of the sawtooth maximum, 1 ≤ Peak < L (an asymmetric sawtooth has
	// Peak ≠ L/2).
	Peak int
	// Hop is the bare hopping rate; Flip the switching rate.
	Hop, Flip float64
}

// validate returns ErrInvalidInput unless L ≥ 3, 1 ≤ Peak < L, Height is finite and Hop, Flip
// are positive and finite.
func (r FlashingRatchet) validate() error {
	if r.L < 3 || r.Peak < 1 || r.Peak >= r.L || math.IsNaN(r.Height) || math.IsInf(r.Height, 0) ||
		!positiveFinite(r.Hop, r.Flip) {
		return fmt.Errorf("%w: FlashingRatchet needs L ≥ 3, 1 ≤ Peak < L, a finite Height and positive finite rates, got %+v",
			ErrInvalidInput, r)
	}
	return nil
}

// check panics with validate's message (for the methods without an error result).
func (r FlashingRatchet) check() {
	if err := r.validate(); err != nil {
		panic(err.Error())
	}
}

// Potential returns V(site) of the sawtooth when on (0 when off), for site in [0, L). It panics
// with a "thermo: " message for an invalid ratchet or a site out of range.
func (r FlashingRatchet) Potential(site int) float64 {
	r.check()
	if site < 0 || site >= r.L {
		panic(fmt.Sprintf("thermo: FlashingRatchet site %d outside [0, %d)", site, r.L))
	}
	if site <= r.Peak {
		return r.Height * float64(site) / float64(r.Peak)
	}
	return r.Height * float64(r.L-site) / float64(r.L-r.Peak)
}

// Rates returns the 2L×2L rate matrix of the ratchet. It panics with a "thermo: " message for an
// invalid ratchet (see validate).
func (r FlashingRatchet) Rates() *mat.Dense {
	r.check()
	L := r.L
	w := mat.NewDense(2*L, 2*L, nil)
	for on := 0; on < 2; on++ {
		for i := 0; i < L; i++ {
			s := i + L*on
			for _, d := range []int{1, L - 1} {
				j := (i + d) % L
				dv := 0.0
				if on == 1 {
					dv = r.Potential(j) - r.Potential(i)
				}
				w.Set(s, j+L*on, r.Hop*expHalf(-dv))
			}
			w.Set(s, i+L*(1-on), r.Flip)
		}
	}
	return w
}

// Current returns the net number of clockwise hops (site i → i+1 minus i+1 → i) along a
// visited-state sequence of the ratchet. It panics with a "thermo: " message for an invalid
// ratchet or a state outside [0, 2L).
func (r FlashingRatchet) Current(states []int) int {
	r.check()
	for t, s := range states {
		if s < 0 || s >= 2*r.L {
			panic(fmt.Sprintf("thermo: FlashingRatchet state %d at position %d outside [0, %d)", s, t, 2*r.L))
		}
	}
	net := 0
	for t := 0; t+1 < len(states); t++ {
		a, b := states[t]%r.L, states[t+1]%r.L
		switch {
		case b == (a+1)%r.L:
			net++
		case a == (b+1)%r.L:
			net--
		}
	}
	return net
}

// StationaryCurrent returns the exact mean current (clockwise hops per unit time) in the steady
// state, Σ_states π_s (w_{s,s+1} − w_{s,s−1}). It returns ErrInvalidInput for an invalid ratchet.
func (r FlashingRatchet) StationaryCurrent() (float64, error) {
	if err := r.validate(); err != nil {
		return 0, err
	}
	w := r.Rates()
	pi, err := StationaryRates(w)
	if err != nil {
		return 0, err
	}
	L := r.L
	var j float64
	for on := 0; on < 2; on++ {
		for i := 0; i < L; i++ {
			s := i + L*on
			j += pi[s] * (w.At(s, (i+1)%L+L*on) - w.At(s, (i+L-1)%L+L*on))
		}
	}
	return j, nil
}

func expHalf(x float64) float64 {
	return math.Exp(x / 2)
}
