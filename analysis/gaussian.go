package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/diffusion"
	"github.com/thermodiff/thermodiff/thermo"
)

// Helpers that turn a Gaussian diffusion model into the plain data the charts take.

// Pairs turns a row-major n×2 slice (the layout of diffusion and datasets) into points.
// It panics if len(xy) is odd.
func Pairs(xy []float64) [][2]float64 {
	if len(xy)%2 != 0 {
		panic(fmt.Sprintf("analysis: Pairs: odd length %d", len(xy)))
	}
	out := make([][2]float64, len(xy)/2)
	for i := range out {
		out[i] = [2]float64{xy[2*i], xy[2*i+1]}
	}
	return out
}

// EntropyBoundsBits returns, for the steps t = 2…T of a Gaussian schedule in D dimensions, the
// bounds of App. A on the entropy of the reverse step in bits (thermo.GaussianReverseEntropyBounds
// times D): lower(t) = (D/2) log2(2πe β̃_t) with the posterior variance
// β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t), and upper(t) = (D/2) log2(2πe β_t). Step 1 is left out:
// its lower bound is −∞ and the model fixes that step.
func EntropyBoundsBits(s *diffusion.Schedule, D int) (t []int, lower, upper []float64) {
	lo, hi := thermo.GaussianReverseEntropyBounds(s.Betas())
	for k := 2; k <= s.T; k++ {
		t = append(t, k)
		lower = append(lower, float64(D)*lo[k-1]/math.Ln2)
		upper = append(upper, float64(D)*hi[k-1]/math.Ln2)
	}
	return t, lower, upper
}

// ReverseEntropyBits returns the learned reverse step's entropy H_p(X^(t−1)|X^(t)) in bits for
// t = 2…T, averaged over x^(t) ~ q(x^(t)) drawn from the data x0 (n×D) by the forward process.
func ReverseEntropyBits(m *diffusion.Model, x0 []float64, rng *rand.Rand) (t []int, bits []float64, err error) {
	D := m.Net.Dim()
	if D <= 0 || len(x0) == 0 || len(x0)%D != 0 {
		return nil, nil, fmt.Errorf("analysis: ReverseEntropyBits: %d values are not whole points of dimension %d", len(x0), D)
	}
	n := len(x0) / D
	xt := make([]float64, len(x0))
	x32 := make([]float32, len(x0))
	out := make([]float32, n*2*D)
	ts := make([]int, n)
	for k := 2; k <= m.Sched.T; k++ {
		for i := 0; i < n; i++ {
			m.Sched.ForwardMarginal(x0[i*D:(i+1)*D], k, rng, xt[i*D:(i+1)*D], nil)
			ts[i] = k
		}
		for i, v := range xt {
			x32[i] = float32(v)
		}
		m.Net.Forward(x32, ts, out)
		var h float64
		for i := 0; i < n; i++ {
			for d := 0; d < D; d++ {
				_, v := m.Param.MeanVarAt(m.Sched, k, xt[i*D+d], float64(out[i*2*D+d]), float64(out[i*2*D+D+d]))
				h += 0.5 * math.Log2(2*math.Pi*math.E*v)
			}
		}
		h /= float64(n)
		if math.IsNaN(h) || math.IsInf(h, 0) {
			return nil, nil, fmt.Errorf("analysis: ReverseEntropyBits: entropy at t = %d is %v", k, h)
		}
		t = append(t, k)
		bits = append(bits, h)
	}
	return t, bits, nil
}

// ForwardFrames draws the forward process q(x^(t)) of the 2-D points x0 (n×2) at the given
// steps (t = 0 is the data) as time-slider frames.
func ForwardFrames(s *diffusion.Schedule, x0 []float64, steps []int, rng *rand.Rand) []Frame {
	frames := make([]Frame, 0, len(steps))
	for _, t := range steps {
		xt := make([]float64, len(x0))
		if t == 0 {
			copy(xt, x0)
		} else {
			for i := 0; i+1 < len(x0); i += 2 {
				s.ForwardMarginal(x0[i:i+2], t, rng, xt[i:i+2], nil)
			}
		}
		frames = append(frames, Frame{Label: fmt.Sprintf("t = %d", t), Sets: []PointSet{{Name: "q(x^(t))", Points: Pairs(xt)}}})
	}
	return frames
}

// SquareGrid returns g×g points spaced evenly on [lo, hi]², row-major n×2 (for drift fields).
func SquareGrid(g int, lo, hi float64) []float64 {
	out := make([]float64, 0, 2*g*g)
	for i := 0; i < g; i++ {
		for j := 0; j < g; j++ {
			out = append(out, lo+(hi-lo)*float64(j)/float64(g-1), lo+(hi-lo)*float64(i)/float64(g-1))
		}
	}
	return out
}
