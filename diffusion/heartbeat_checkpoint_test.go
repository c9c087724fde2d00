package diffusion

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// A heartbeat trainer checkpointed after 6 of 15 steps and restored into a fresh trainer (new
// model, optimizers and RNG from other seeds) finishes with exactly the weights and averages
// of an uninterrupted run: weights, both optimizers (the readouts' per-row step counts
// included), the EMA and the RNG are all carried. The extra bytes come back as written.
func TestHeartbeatCheckpointResumeExact(t *testing.T) {
	build := func(seed uint64) (*HeartbeatTrainer, *rand.PCG) {
		s, _ := NewBinomialSchedule(30, 0.2)
		m, err := NewHeartbeatMLP(20, 24, 2, s.T, 4, rand.New(rand.NewPCG(seed, 1)))
		if err != nil {
			t.Fatal(err)
		}
		cfg := DefaultHeartbeatTrainConfig()
		cfg.Steps, cfg.Batch, cfg.Block, cfg.DrawMinStep, cfg.EMA = 15, 16, 4, 5, 0.9
		src := rand.NewPCG(seed, 2)
		tr, err := NewHeartbeatTrainer(s, m, heartbeatSeqs(), cfg, rand.New(src))
		if err != nil {
			t.Fatal(err)
		}
		return tr, src
	}
	steps := func(tr *HeartbeatTrainer, n int) {
		for range n {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	want, _ := build(1)
	steps(want, 15)
	want.UseAverage()

	first, src := build(1)
	steps(first, 6)
	data, err := first.MarshalCheckpoint(src, []byte("curve"))
	if err != nil {
		t.Fatal(err)
	}
	got, src2 := build(9) // other initial weights and RNG: everything must come from the file
	extra, err := got.UnmarshalCheckpoint(data, src2)
	if err != nil {
		t.Fatal(err)
	}
	if string(extra) != "curve" || got.StepsDone() != 6 {
		t.Fatalf("extra %q, step %d; want \"curve\", 6", extra, got.StepsDone())
	}
	steps(got, 9)
	got.UseAverage()
	wp, gp := want.M.Params(), got.M.Params()
	for i := range wp {
		for j := range wp[i].W {
			if wp[i].W[j] != gp[i].W[j] {
				t.Fatalf("%s[%d]: resumed %v, uninterrupted %v", wp[i].Name, j, gp[i].W[j], wp[i].W[j])
			}
		}
	}
}

// Truncated, corrupted and mismatched checkpoints are refused with ErrCheckpoint, and the
// trainer is left as it was.
func TestHeartbeatCheckpointRefused(t *testing.T) {
	tr := tinyHeartbeat(t, true, 2, 0)
	src := rand.NewPCG(3, 4)
	for range 3 {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	data, err := tr.MarshalCheckpoint(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	other := tinyHeartbeat(t, true, 3, 0) // another block size: another signature
	corrupt := append([]byte{}, data...)
	corrupt[len(corrupt)/2] ^= 1
	before := append([]float32{}, other.M.Readout.W.W...)
	for name, d := range map[string][]byte{"truncated": data[:len(data)-10], "corrupt": corrupt, "empty": nil, "other settings": data} {
		if _, err := other.UnmarshalCheckpoint(d, rand.NewPCG(5, 6)); !errors.Is(err, ErrCheckpoint) {
			t.Errorf("%s: err = %v, want ErrCheckpoint", name, err)
		}
	}
	for i, w := range other.M.Readout.W.W {
		if w != before[i] {
			t.Fatal("a refused checkpoint changed the weights")
		}
	}
	if other.StepsDone() != 0 {
		t.Fatal("a refused checkpoint changed the step")
	}
}
