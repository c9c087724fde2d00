package thermo

import (
	"fmt"
	"math"
)

// TURBound returns the thermodynamic-uncertainty-relation lower bound on the steady-state
// entropy production rate (Barato & Seifert 2015; Gingrich et al. 2016) from a time-integrated
// current J observed over duration τ:
//
//	σ ≥ 2⟨J⟩² / (τ Var J),
//
// in k_B per unit time. For a biased random walk with rates k₊, k₋ it reads
// 2(k₊ − k₋)²/(k₊ + k₋) ≤ (k₊ − k₋) log(k₊/k₋). It panics with a "thermo: " message (it has no
// error result) unless the mean is finite and the variance and duration positive and finite.
func TURBound(mean, variance, duration float64) float64 {
	if !positiveFinite(variance, duration) || math.IsNaN(mean) || math.IsInf(mean, 0) {
		panic(fmt.Sprintf("thermo: TURBound needs a finite mean and positive finite variance and duration, got %v, %v, %v",
			mean, variance, duration))
	}
	return 2 * mean * mean / (duration * variance)
}
