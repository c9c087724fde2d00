package datasets

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestHeartbeatSequences(t *testing.T) {
	seqs := HeartbeatSequences()
	if len(seqs) != 5 {
		t.Fatalf("%d sequences, want 5", len(seqs))
	}
	for p, s := range seqs {
		ones := 0
		for j, v := range s {
			if v == 1 {
				ones++
				if j%5 != p {
					t.Errorf("phase %d: pulse at bin %d", p, j)
				}
			}
		}
		// Paper §3.1.2: a 1 every 5th bin of 20 ⇒ four ones.
		if ones != 4 {
			t.Errorf("phase %d: %d ones, want 4", p, ones)
		}
		if got, ok := HeartbeatPhase(s); !ok || got != p {
			t.Errorf("HeartbeatPhase(seq %d) = %d, %v", p, got, ok)
		}
	}
	bad := slices.Clone(seqs[0])
	bad[1] = 1
	if _, ok := HeartbeatPhase(bad); ok {
		t.Error("a sequence with an extra 1 was recognised as a heartbeat")
	}
	if _, ok := HeartbeatPhase(make([]float64, 20)); ok {
		t.Error("the all-zero sequence was recognised as a heartbeat")
	}
}

// The phase is uniform on {0..4}: with n = 50,000 draws each count is Binomial(n, 0.2),
// sd = sqrt(n·0.2·0.8) ≈ 89.4; seed (1,2) fixed, z bound 4.
func TestHeartbeatUniformPhase(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 50000
	x, phase := Heartbeat(n, rng)
	var count [5]int
	for i, p := range phase {
		count[p]++
		if !slices.Equal(x[i*20:(i+1)*20], HeartbeatSequence(p)) {
			t.Fatalf("row %d does not match its phase %d", i, p)
		}
	}
	sd := math.Sqrt(n * 0.2 * 0.8)
	for p, c := range count {
		if z := (float64(c) - n*0.2) / sd; math.Abs(z) > 4 {
			t.Errorf("phase %d: count %d, z = %.2f", p, c, z)
		}
	}
}

func TestHeartbeatDeterministic(t *testing.T) {
	a, _ := Heartbeat(100, rand.New(rand.NewPCG(7, 7)))
	b, _ := Heartbeat(100, rand.New(rand.NewPCG(7, 7)))
	if !slices.Equal(a, b) {
		t.Error("same seed gave different data")
	}
}

// True log-likelihood of the heartbeat data: log2(1/5) = −2.32193 bits/sequence (paper §3.1.2,
// PAPER.md §5.3).
func TestHeartbeatLogProb(t *testing.T) {
	for _, s := range HeartbeatSequences() {
		if got := HeartbeatLogProb(s) / math.Ln2; math.Abs(got-(-2.32193)) > 5e-6 {
			t.Errorf("log2 p = %.6f, want −2.32193", got)
		}
	}
	if !math.IsInf(HeartbeatLogProb(make([]float64, 20)), -1) {
		t.Error("a non-heartbeat has finite log-probability")
	}
}
