package thermo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// SimulateJumps simulates a continuous-time Markov jump process with rates w (i → j, i ≠ j)
// from state x0 for the given duration by the Gillespie algorithm. It returns the visited states
// (consecutive entries differ) and the jump times (times[k] is when states[k+1] was entered).
// It has no error result and panics with a "thermo: " message for a nil or non-square w, a
// negative, NaN or infinite rate, an absorbing state, x0 outside [0, n), a negative, NaN or
// infinite duration, or a nil generator.
func SimulateJumps(w mat.Matrix, x0 int, duration float64, rnd *rand.Rand) (states []int, times []float64) {
	n, err := squareDims(w, "rate matrix")
	if err != nil {
		panic(err.Error())
	}
	if x0 < 0 || x0 >= n {
		panic(fmt.Sprintf("thermo: SimulateJumps start state %d outside [0, %d)", x0, n))
	}
	if !(duration >= 0) || math.IsInf(duration, 1) {
		panic(fmt.Sprintf("thermo: SimulateJumps duration must be non-negative and finite, got %v", duration))
	}
	if rnd == nil {
		panic("thermo: SimulateJumps needs a random generator")
	}
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				if v := w.At(i, j); !(v >= 0) || math.IsInf(v, 1) {
					panic(fmt.Sprintf("thermo: SimulateJumps rate %d → %d is %v", i, j, v))
				}
				out[i] += w.At(i, j)
			}
		}
		if out[i] == 0 {
			panic(fmt.Sprintf("thermo: absorbing state %d in SimulateJumps", i))
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
