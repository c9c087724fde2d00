package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// The binary heartbeat data set of Sohl-Dickstein et al. 2015 (§3.1.2, App. D.1.2): binary
// sequences of length HeartbeatLength with a 1 in every HeartbeatPeriod-th bin and 0
// elsewhere; the first pulse is uniform over the first HeartbeatPeriod bins. There are
// therefore exactly HeartbeatPeriod equiprobable sequences, each with
// HeartbeatLength/HeartbeatPeriod ones (mean activity 0.2), and the true log-likelihood of
// every sequence is log2(1/5) = −2.3219 bits.
const (
	HeartbeatLength = 20
	HeartbeatPeriod = 5
)

// HeartbeatSequence returns the sequence whose pulses fall on the bins j with
// j mod HeartbeatPeriod = phase, as 0/1 values. It panics unless 0 ≤ phase < HeartbeatPeriod.
func HeartbeatSequence(phase int) []float64 {
	if phase < 0 || phase >= HeartbeatPeriod {
		panic(fmt.Sprintf("datasets: heartbeat phase %d outside [0,%d)", phase, HeartbeatPeriod))
	}
	x := make([]float64, HeartbeatLength)
	for j := phase; j < HeartbeatLength; j += HeartbeatPeriod {
		x[j] = 1
	}
	return x
}

// HeartbeatSequences returns all HeartbeatPeriod sequences, row i having phase i.
func HeartbeatSequences() [][]float64 {
	out := make([][]float64, HeartbeatPeriod)
	for p := range out {
		out[p] = HeartbeatSequence(p)
	}
	return out
}

// Heartbeat draws n sequences into a row-major n×HeartbeatLength slice of 0/1 values and
// returns it with the phase of each row. Randomness comes only from rng.
func Heartbeat(n int, rng *rand.Rand) (x []float64, phase []int) {
	if n < 0 {
		panic(fmt.Sprintf("datasets: Heartbeat: negative n %d", n))
	}
	x = make([]float64, n*HeartbeatLength)
	phase = make([]int, n)
	for i := range phase {
		p := rng.IntN(HeartbeatPeriod)
		phase[i] = p
		for j := p; j < HeartbeatLength; j += HeartbeatPeriod {
			x[i*HeartbeatLength+j] = 1
		}
	}
	return x, phase
}

// HeartbeatPhase returns the phase of x if x is exactly one of the heartbeat sequences (any
// value other than 0 or 1 disqualifies it), and ok = false otherwise.
func HeartbeatPhase(x []float64) (phase int, ok bool) {
	if len(x) != HeartbeatLength {
		return 0, false
	}
	for p := range HeartbeatPeriod {
		match := true
		for j, v := range x {
			want := 0.0
			if j%HeartbeatPeriod == p {
				want = 1
			}
			if v != want {
				match = false
				break
			}
		}
		if match {
			return p, true
		}
	}
	return 0, false
}

// HeartbeatLogProb is the log-probability (nats) of x under the heartbeat distribution:
// −log(number of sequences) = log(1/5) for each of the equiprobable sequences, −Inf for
// anything else. The number of sequences is counted by enumerating the phases.
func HeartbeatLogProb(x []float64) float64 {
	if _, ok := HeartbeatPhase(x); !ok {
		return math.Inf(-1)
	}
	return -math.Log(float64(len(HeartbeatSequences())))
}
