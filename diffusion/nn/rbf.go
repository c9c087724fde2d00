package nn

import (
	"fmt"
	"math"
)

// NormalizedRBF is a normalized radial-basis-function layer with K units on D-dimensional
// input (the Swiss roll network of the paper, App. D.1.1):
//
//	a_k(x) = −‖x − c_k‖² / (2 s_k²),   s_k = exp(ℓ_k),   h_k(x) = exp(a_k) / Σ_j exp(a_j).
//
// Centres c (K×D) and log-widths ℓ (K) are trainable. The outputs sum to one, so a readout on
// h needs no bias.
type NormalizedRBF struct {
	D, K     int
	Centres  *Param
	LogWidth *Param
}

// NewNormalizedRBF places the centres on a regular grid over [lo, hi]^D (K must then be a
// perfect D-th power, e.g. 16 = 4×4 in 2-D) with every width equal to the grid spacing.
func NewNormalizedRBF(name string, d, k int, lo, hi float64) *NormalizedRBF {
	side := int(math.Round(math.Pow(float64(k), 1/float64(d))))
	n := 1
	for range d {
		n *= side
	}
	if n != k || side < 2 {
		panic(fmt.Sprintf("nn: NewNormalizedRBF: %d units is not a grid in %d dimensions", k, d))
	}
	r := &NormalizedRBF{D: d, K: k, Centres: NewParam(name+".centres", k*d), LogWidth: NewParam(name+".logwidth", k)}
	step := (hi - lo) / float64(side-1)
	for u := 0; u < k; u++ {
		idx := u
		for j := d - 1; j >= 0; j-- {
			r.Centres.W[u*d+j] = float32(lo + step*float64(idx%side))
			idx /= side
		}
		r.LogWidth.W[u] = float32(math.Log(step))
	}
	return r
}

// Params returns the centres and log-widths.
func (r *NormalizedRBF) Params() []*Param { return []*Param{r.Centres, r.LogWidth} }

// Forward computes h (n×K) for the n rows of x (n×D).
func (r *NormalizedRBF) Forward(x []float32, n int, h []float32) {
	if len(x) != n*r.D || len(h) != n*r.K {
		panic("nn: NormalizedRBF.Forward: wrong slice lengths")
	}
	c, lw := r.Centres.W, r.LogWidth.W
	for i := 0; i < n; i++ {
		xi := x[i*r.D : (i+1)*r.D]
		hi := h[i*r.K : (i+1)*r.K]
		maxA := float32(math.Inf(-1))
		for k := 0; k < r.K; k++ {
			var d2 float32
			for j, v := range xi {
				dv := v - c[k*r.D+j]
				d2 += dv * dv
			}
			inv := float32(math.Exp(-2 * float64(lw[k])))
			a := -0.5 * d2 * inv
			hi[k] = a
			if a > maxA {
				maxA = a
			}
		}
		var sum float32
		for k := range hi {
			e := float32(math.Exp(float64(hi[k] - maxA)))
			hi[k] = e
			sum += e
		}
		for k := range hi {
			hi[k] /= sum
		}
	}
}

// Backward accumulates the centre and width gradients from dh and writes dx if non-nil.
// With da_k = h_k (dh_k − Σ_j h_j dh_j):  ∂a_k/∂c_k = (x − c_k)/s_k²,  ∂a_k/∂ℓ_k = ‖x − c_k‖²/s_k²,
// ∂a_k/∂x = −(x − c_k)/s_k².
func (r *NormalizedRBF) Backward(x []float32, n int, h, dh, dx []float32) {
	c, lw := r.Centres.W, r.LogWidth.W
	gc, glw := r.Centres.G, r.LogWidth.G
	for i := 0; i < n; i++ {
		xi := x[i*r.D : (i+1)*r.D]
		hi := h[i*r.K : (i+1)*r.K]
		dhi := dh[i*r.K : (i+1)*r.K]
		var dot float32
		for k, v := range hi {
			dot += v * dhi[k]
		}
		var dxi []float32
		if dx != nil {
			dxi = dx[i*r.D : (i+1)*r.D]
			clear(dxi)
		}
		for k := 0; k < r.K; k++ {
			da := hi[k] * (dhi[k] - dot)
			inv := float32(math.Exp(-2 * float64(lw[k])))
			var d2 float32
			for j, v := range xi {
				dv := v - c[k*r.D+j]
				d2 += dv * dv
				gc[k*r.D+j] += da * dv * inv
				if dxi != nil {
					dxi[j] -= da * dv * inv
				}
			}
			glw[k] += da * d2 * inv
		}
	}
}
