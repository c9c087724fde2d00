package thermo

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// SimulateJumps simulates a continuous-time Markov jump process with rates w (i → j, i ≠ j)
// from state x0 for the given duration by the Gillespie algorithm. It returns the visited states
// (consecutive entries differ) and the jump times (times[k] is when states[k+1] was entered). It
// panics on a negative rate or an absorbing state.
func SimulateJumps(w mat.Matrix, x0 int, duration float64, rnd *rand.Rand) (states []int, times []float64) {
	n, _ := w.Dims()
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				if w.At(i, j) < 0 {
					panic("thermo: negative rate")
				}
				out[i] += w.At(i, j)
			}
		}
		if out[i] == 0 {
			panic("thermo: absorbing state in SimulateJumps")
		}
	}
	states = []int{x0}
	t, x := 0.0, x0
	for {
		t += -math.Log(1-rnd.Float64()) / out[x]
		if t > duration {
			return states, times
		}
		u := rnd.Float64() * out[x]
		next := -1
		for j := 0; j < n; j++ {
			if j == x {
				continue
			}
			u -= w.At(x, j)
			next = j
			if u < 0 {
				break
			}
		}
		x = next
		states = append(states, x)
		times = append(times, t)
	}
}
