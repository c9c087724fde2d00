package diffusion

import (
	"errors"
	"math/rand/v2"
	"testing"
)

// A checkpoint with a valid checksum but inconsistent contents is refused with ErrCheckpoint
// (issue 22: an Adam state of the wrong length panicked in nn.Adam.Step on the next step, a
// negative step was accepted), and the trainer is left as it was.
func TestCheckpointInconsistentContentsRefused(t *testing.T) {
	tr, src, rng := ckptTrainer(t, 20, 4, true)
	for range 5 {
		tr.TrainStep(swissLike, rng)
	}
	good, err := tr.MarshalCheckpoint(src)
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(c *checkpoint){
		"negative step":       func(c *checkpoint) { c.Step = -3 },
		"short Adam m":        func(c *checkpoint) { c.AdamM[0] = c.AdamM[0][:1] },
		"missing Adam v":      func(c *checkpoint) { c.AdamV = c.AdamV[:1] },
		"short theta":         func(c *checkpoint) { c.Theta = c.Theta[:1] },
		"short beta Adam":     func(c *checkpoint) { c.BetaAdamM[0] = nil },
		"negative Adam t":     func(c *checkpoint) { c.AdamT = -1 },
		"truncated weights":   func(c *checkpoint) { c.Weights[1] = c.Weights[1][:2] },
		"negative seconds":    func(c *checkpoint) { c.Seconds = -1 },
		"negative curve size": func(c *checkpoint) { c.LogCnt = -1 },
	} {
		var c checkpoint
		if err := decodeCheckpoint(good, &c); err != nil {
			t.Fatal(err)
		}
		edit(&c)
		bad, err := encodeCheckpoint(&c)
		if err != nil {
			t.Fatal(err)
		}
		fresh, src2, _ := ckptTrainer(t, 20, 4, true)
		before := append([]float32(nil), fresh.params[0].W...)
		if err := fresh.UnmarshalCheckpoint(bad, src2); !errors.Is(err, ErrCheckpoint) {
			t.Errorf("%s: UnmarshalCheckpoint = %v, want ErrCheckpoint", name, err)
		}
		for i, v := range fresh.params[0].W {
			if v != before[i] {
				t.Errorf("%s: weights changed by a refused checkpoint", name)
				break
			}
		}
	}
}

// Whatever bytes a checkpoint file holds, UnmarshalCheckpoint either refuses them with
// ErrCheckpoint or leaves a trainer that can take a step without panicking.
func FuzzUnmarshalCheckpoint(f *testing.F) {
	tr, src, rng := ckptTrainer(&testing.T{}, 20, 4, true)
	tr.TrainStep(swissLike, rng)
	good, err := tr.MarshalCheckpoint(src)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(checkpointMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		fresh, src2, _ := ckptTrainer(t, 20, 4, true)
		err := fresh.UnmarshalCheckpoint(data, src2)
		if err != nil {
			if !errors.Is(err, ErrCheckpoint) {
				t.Fatalf("error %v is not ErrCheckpoint", err)
			}
			return
		}
		fresh.TrainStep(swissLike, rand.New(src2))
	})
}
