package thermo

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Stationary returns the stationary distribution π of a discrete-time Markov chain with
// row-stochastic transition matrix p (p[i][j] = P(i → j)), the solution of πP = π, Σπ = 1.
// It returns ErrInvalidInput for a nil, empty or non-square p or one that is not
// row-stochastic (an entry outside [0, 1] or a row not summing to 1 within 1e-9), ErrNotFinite
// for NaN entries, and ErrUnstable when the stationary distribution is not unique (a reducible
// chain).
func Stationary(p mat.Matrix) ([]float64, error) {
	n, err := squareDims(p, "transition matrix")
	if err != nil {
		return nil, err
	}
	if err := checkFiniteMatrix(p); err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		sum := 0.0
		for j := 0; j < n; j++ {
			v := p.At(i, j)
			if v < 0 || v > 1 {
				return nil, fmt.Errorf("%w: transition probability P(%d → %d) = %v", ErrInvalidInput, i, j, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 {
			return nil, fmt.Errorf("%w: row %d of the transition matrix sums to %v", ErrInvalidInput, i, sum)
		}
	}
	// (Pᵀ − I) π = 0 with the last equation replaced by Σ π = 1.
	g := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := p.At(j, i)
			if i == j {
				v -= 1
			}
			g.Set(i, j, v)
		}
	}
	return solveStationary(g)
}

// StationaryRates returns the stationary distribution of a continuous-time Markov jump process
// with transition rates w[i][j] (i → j, i ≠ j; the diagonal is ignored): the solution of
// Σ_i π_i w_ij = π_j Σ_k w_jk, Σπ = 1. It returns ErrInvalidInput for a nil, empty or
// non-square w or a negative rate, ErrNotFinite for NaN or infinite rates, and ErrUnstable when
// π is not unique.
func StationaryRates(w mat.Matrix) ([]float64, error) {
	n, err := squareDims(w, "rate matrix")
	if err != nil {
		return nil, err
	}
	if err := checkFiniteMatrix(w); err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && w.At(i, j) < 0 {
				return nil, fmt.Errorf("%w: rate %d → %d is negative (%v)", ErrInvalidInput, i, j, w.At(i, j))
			}
		}
	}
	g := mat.NewDense(n, n, nil) // generator transposed: g_ji = w_ij, g_ii = −Σ_k w_ik
	for i := 0; i < n; i++ {
		out := 0.0
		for j := 0; j < n; j++ {
			if i != j {
				g.Set(j, i, w.At(i, j))
				out += w.At(i, j)
			}
		}
		g.Set(i, i, -out)
	}
	return solveStationary(g)
}

func solveStationary(g *mat.Dense) ([]float64, error) {
	n, _ := g.Dims()
	for j := 0; j < n; j++ {
		g.Set(n-1, j, 1)
	}
	b := mat.NewVecDense(n, nil)
	b.SetVec(n-1, 1)
	var x mat.VecDense
	if err := x.SolveVec(g, b); err != nil {
		return nil, ErrUnstable
	}
	pi := make([]float64, n)
	for i := range pi {
		pi[i] = x.AtVec(i)
		if math.IsNaN(pi[i]) || pi[i] < -1e-12 {
			return nil, ErrUnstable
		}
		pi[i] = math.Max(pi[i], 0)
	}
	return pi, nil
}

// SchnakenbergStep returns the steady-state entropy production per step, in k_B, of a
// discrete-time Markov chain with transition matrix p (Schnakenberg 1976):
//
//	σ = ½ Σ_{i≠j} (π_i P_ij − π_j P_ji) log(π_i P_ij / (π_j P_ji)),
//
// the sum over edges of flux × affinity. It is +Inf when some transition has no reverse
// (P_ij > 0 = P_ji), and 0 exactly under detailed balance. Errors as for Stationary.
func SchnakenbergStep(p mat.Matrix) (float64, error) {
	pi, err := Stationary(p)
	if err != nil {
		return 0, err
	}
	return schnakenberg(pi, p), nil
}

// SchnakenbergRate returns the steady-state entropy production rate, in k_B per unit time, of a
// continuous-time Markov jump process with rates w (i → j, i ≠ j):
//
//	σ = ½ Σ_{i≠j} (π_i w_ij − π_j w_ji) log(π_i w_ij / (π_j w_ji)).
func SchnakenbergRate(w mat.Matrix) (float64, error) {
	pi, err := StationaryRates(w)
	if err != nil {
		return 0, err
	}
	return schnakenberg(pi, w), nil
}

func schnakenberg(pi []float64, w mat.Matrix) float64 {
	var s float64
	for i := range pi {
		for j := i + 1; j < len(pi); j++ {
			a, b := pi[i]*w.At(i, j), pi[j]*w.At(j, i)
			switch {
			case a == b:
			case a == 0 || b == 0:
				return math.Inf(1)
			default:
				s += (a - b) * math.Log(a/b)
			}
		}
	}
	return s
}

// trajectoryBlocks is the number of contiguous blocks the trajectory estimators split their
// data into for the standard error.
//
// The estimate Ŝ = ½ Σ_ij (n_ij − n_ji) log(n_ij/n_ji) uses the same counts for the log-ratios,
// so its error is not that of a mean of fixed log-ratios: by the delta method each observed
// i → j transition contributes the influence ∂Ŝ/∂n_ij = log(n_ij/n_ji) + 1 − n_ji/n_ij (about
// twice the spread of the log-ratios alone on a driven ring). The standard error is that of the
// sum of these influences over 50 contiguous blocks, which also captures time correlations.
const trajectoryBlocks = 50

// influence returns log(n_ij/n_ji) and ∂Ŝ/∂n_ij = log(n_ij/n_ji) + 1 − n_ji/n_ij.
func influence(nij, nji int) (logRatio, infl float64) {
	a, b := float64(nij), float64(nji)
	logRatio = math.Log(a / b)
	return logRatio, logRatio + 1 - b/a
}

// SchnakenbergFromTrajectory estimates the entropy production per step of a stationary
// discrete-time Markov chain from one observed trajectory of states in [0, nStates), with the
// transition counts n_ij in place of π_i P_ij:
//
//	σ̂ = (1/T) Σ_t log(n_{x_t x_{t+1}} / n_{x_{t+1} x_t}),
//
// (self-transitions contribute 0). The standard error is the delta-method one from block sums
// (see trajectoryBlocks). It returns ErrOneWay when a transition was seen but never its
// reverse, ErrTooFewSamples for fewer than 100 transitions, and ErrInvalidInput for a state
// outside [0, nStates).
func SchnakenbergFromTrajectory(states []int, nStates int) (Estimate, error) {
	if len(states) < 2*trajectoryBlocks+1 {
		return Estimate{N: len(states)}, fmt.Errorf("%w: %d states, need at least %d", ErrTooFewSamples, len(states), 2*trajectoryBlocks+1)
	}
	counts, err := transitionCounts(states, nStates)
	if err != nil {
		return Estimate{N: len(states)}, err
	}
	steps := len(states) - 1
	sums := make([]float64, trajectoryBlocks)
	total := 0.0
	for t := 0; t < steps; t++ {
		i, j := states[t], states[t+1]
		if i == j {
			continue
		}
		if counts[[2]int{j, i}] == 0 {
			return Estimate{N: steps}, fmt.Errorf("%w: %d → %d", ErrOneWay, i, j)
		}
		lr, infl := influence(counts[[2]int{i, j}], counts[[2]int{j, i}])
		total += lr
		sums[t*trajectoryBlocks/steps] += infl
	}
	_, v := meanVar(sums)
	n := float64(steps)
	return Estimate{Value: total / n, StdErr: math.Sqrt(v*trajectoryBlocks) / n, N: steps}, nil
}

// SchnakenbergFromJumps estimates the entropy production rate of a stationary continuous-time
// jump process from the states it visited (consecutive entries differ) and the jump times
// (times[k] is when states[k+1] was entered, as returned by SimulateJumps) over a total
// observation time duration:
//
//	σ̂ = (1/τ) Σ_jumps log(n_ij / n_ji).
//
// The standard error is the delta-method one from sums over 50 equal time windows (see
// trajectoryBlocks), so it includes the fluctuations of the number of jumps. Errors as for
// SchnakenbergFromTrajectory, and ErrInvalidInput when there is not one time per jump, the
// duration is not positive and finite, a time is NaN or outside [0, duration], or two
// consecutive states are equal.
func SchnakenbergFromJumps(states []int, times []float64, nStates int, duration float64) (Estimate, error) {
	if len(times) != len(states)-1 {
		return Estimate{N: len(times)}, fmt.Errorf("%w: SchnakenbergFromJumps needs one time per jump, got %d states and %d times",
			ErrInvalidInput, len(states), len(times))
	}
	if !positiveFinite(duration) {
		return Estimate{N: len(times)}, fmt.Errorf("%w: SchnakenbergFromJumps needs a positive finite duration, got %v", ErrInvalidInput, duration)
	}
	for k, t := range times {
		if !(t >= 0 && t <= duration) {
			return Estimate{N: len(times)}, fmt.Errorf("%w: jump time %d is %v, outside [0, %v]", ErrInvalidInput, k, t, duration)
		}
	}
	if len(states) < 2*trajectoryBlocks+1 {
		return Estimate{N: len(states)}, fmt.Errorf("%w: %d states, need at least %d", ErrTooFewSamples, len(states), 2*trajectoryBlocks+1)
	}
	counts, err := transitionCounts(states, nStates)
	if err != nil {
		return Estimate{N: len(times)}, err
	}
	sums := make([]float64, trajectoryBlocks)
	total := 0.0
	for t := 0; t+1 < len(states); t++ {
		i, j := states[t], states[t+1]
		if i == j {
			return Estimate{N: len(times)}, fmt.Errorf("%w: SchnakenbergFromJumps needs consecutive states to differ (state %d at %d and %d)",
				ErrInvalidInput, i, t, t+1)
		}
		if counts[[2]int{j, i}] == 0 {
			return Estimate{N: len(times)}, fmt.Errorf("%w: %d → %d", ErrOneWay, i, j)
		}
		lr, infl := influence(counts[[2]int{i, j}], counts[[2]int{j, i}])
		b := int(times[t] / duration * trajectoryBlocks)
		b = min(max(b, 0), trajectoryBlocks-1)
		sums[b] += infl
		total += lr
	}
	_, v := meanVar(sums)
	return Estimate{
		Value:  total / duration,
		StdErr: math.Sqrt(v*trajectoryBlocks) / duration,
		N:      len(times),
	}, nil
}

// transitionCounts returns n_ij for the observed transitions (a map, so that the memory does not
// grow as nStates²), or ErrInvalidInput for a state outside [0, nStates).
func transitionCounts(states []int, nStates int) (map[[2]int]int, error) {
	for t, s := range states {
		if s < 0 || s >= nStates {
			return nil, fmt.Errorf("%w: state %d at position %d outside [0, %d)", ErrInvalidInput, s, t, nStates)
		}
	}
	counts := make(map[[2]int]int)
	for t := 0; t+1 < len(states); t++ {
		counts[[2]int{states[t], states[t+1]}]++
	}
	return counts, nil
}
