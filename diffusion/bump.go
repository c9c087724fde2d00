package diffusion

import "math"

// TemporalBasis is the paper's temporal "bump" readout (eqs. 62–63, PAPER.md §3.4): J
// normalized Gaussian bumps over the time axis, so a network's J coefficients per output
// become one value per step, z(t) = Σ_j y_j g_j(t). Basis[j][k] holds g_j at code index k
// (paper step t = k + 1), k = 0…T−1.
type TemporalBasis struct {
	J, T  int
	Basis [][]float64
}

// NewTemporalBasis builds the reference code's basis: centres τ_j = linspace(−1, 1, J) on the
// grid xx = linspace(−1, 1, T), width w = (τ_1 − τ_0)/2 (half the spacing; the paper says the
// spacing), g_j(k) = exp(−(xx_k − τ_j)²/(2w²)) normalized over j at each k.
// For J = 10, T = 1000: g(0) ≈ (0.8805, 0.1192, 0.0003, 0, …).
func NewTemporalBasis(J, T int) *TemporalBasis {
	if J < 2 || T < 2 {
		panic("diffusion: NewTemporalBasis needs J ≥ 2 and T ≥ 2")
	}
	b := &TemporalBasis{J: J, T: T, Basis: make([][]float64, J)}
	w := (2.0 / float64(J-1)) / 2
	for j := range b.Basis {
		b.Basis[j] = make([]float64, T)
	}
	for k := 0; k < T; k++ {
		xx := -1 + 2*float64(k)/float64(T-1)
		var sum float64
		for j := 0; j < J; j++ {
			c := -1 + 2*float64(j)/float64(J-1)
			g := math.Exp(-(xx - c) * (xx - c) / (2 * w * w))
			b.Basis[j][k] = g
			sum += g
		}
		for j := 0; j < J; j++ {
			b.Basis[j][k] /= sum
		}
	}
	return b
}

// Weights returns g(t) for paper step t (code index t − 1).
func (b *TemporalBasis) Weights(t int) []float64 {
	g := make([]float64, b.J)
	for j := range g {
		g[j] = b.Basis[j][t-1]
	}
	return g
}

// Readout is z(t) = Σ_j y_j g_j(t).
func (b *TemporalBasis) Readout(y []float64, t int) float64 {
	var z float64
	for j, v := range y {
		z += v * b.Basis[j][t-1]
	}
	return z
}
