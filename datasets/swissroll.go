package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Swiss roll constants. The generator draws
//
//	φ ~ U(1.5π, 4.5π),   raw = (φ cos φ, φ sin φ) + Noise·N(0, I₂),
//	x = (raw − RawMean) / S(Noise),
//
// and standardizes with the exact population moments rather than sample statistics:
// E[φ cos φ] = 2, E[φ sin φ] = 2/(3π), E[φ²] = 9.75π² for φ uniform on [1.5π, 4.5π], so
//
//	RawMean = (2, 2/(3π)),   S(Noise)² = (9.75π² − 2² − (2/(3π))² + 2·Noise²)/2.
//
// Each coordinate then has mean exactly 0 and the total variance is exactly 2 (unit variance
// per dimension on average, as the paper's Table 1 caption requires; per coordinate 0.9517 and
// 1.0483), which makes the bound's cross-entropy to π constant (PAPER.md §2.4 B.1). This is the
// same distribution as the PyTorch peer in shared/peers (so the two can be compared).
// S(0) = 6.789094610971587; the noiseless standardized roll spans about [−1.69, 1.56] ×
// [−1.66, 2.05].
const (
	SwissRollPhiMin = 1.5 * math.Pi
	SwissRollPhiMax = 4.5 * math.Pi
)

// SwissRollMean is the exact population mean of the raw roll.
var SwissRollMean = [2]float64{2, 2 / (3 * math.Pi)}

// SwissRollScale is S(noise), the standardizing scale.
func SwissRollScale(noise float64) float64 {
	m2 := SwissRollMean[0]*SwissRollMean[0] + SwissRollMean[1]*SwissRollMean[1]
	return math.Sqrt((9.75*math.Pi*math.Pi - m2 + 2*noise*noise) / 2)
}

// SwissRoll is a seeded generator of the standardized 2-D Swiss roll described above. Noise is
// the raw (unstandardized) isotropic Gaussian thickness; Noise/S(Noise) is the thickness in
// standardized units.
type SwissRoll struct {
	Noise float64
}

// NewSwissRoll checks the noise level (finite, ≥ 0).
func NewSwissRoll(noise float64) (SwissRoll, error) {
	if !(noise >= 0) || math.IsInf(noise, 0) {
		return SwissRoll{}, fmt.Errorf("datasets: Swiss roll noise must be a finite number ≥ 0, got %v", noise)
	}
	return SwissRoll{Noise: noise}, nil
}

// Fill writes len(x)/2 fresh points into x (row-major n×2).
func (s SwissRoll) Fill(rng *rand.Rand, x []float64) {
	if len(x)%2 != 0 {
		panic("datasets: SwissRoll.Fill: odd slice length")
	}
	sc := 1 / SwissRollScale(s.Noise)
	for i := 0; i < len(x); i += 2 {
		phi := SwissRollPhiMin + (SwissRollPhiMax-SwissRollPhiMin)*rng.Float64()
		x[i] = (phi*math.Cos(phi) + s.Noise*rng.NormFloat64() - SwissRollMean[0]) * sc
		x[i+1] = (phi*math.Sin(phi) + s.Noise*rng.NormFloat64() - SwissRollMean[1]) * sc
	}
}

// Sample returns n fresh points (n×2, row-major).
func (s SwissRoll) Sample(n int, rng *rand.Rand) []float64 {
	x := make([]float64, 2*n)
	s.Fill(rng, x)
	return x
}
