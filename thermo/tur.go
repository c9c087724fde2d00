package thermo

// TURBound returns the thermodynamic-uncertainty-relation lower bound on the steady-state
// entropy production rate (Barato & Seifert 2015; Gingrich et al. 2016) from a time-integrated
// current J observed over duration τ:
//
//	σ ≥ 2⟨J⟩² / (τ Var J),
//
// in k_B per unit time. For a biased random walk with rates k₊, k₋ it reads
// 2(k₊ − k₋)²/(k₊ + k₋) ≤ (k₊ − k₋) log(k₊/k₋). It panics for non-positive variance or duration.
func TURBound(mean, variance, duration float64) float64 {
	if !(variance > 0 && duration > 0) {
		panic("thermo: TURBound needs positive variance and duration")
	}
	return 2 * mean * mean / (duration * variance)
}
