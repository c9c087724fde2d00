package diffusion

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

func ckptTrainer(t *testing.T, steps, units int, learn bool) (*Trainer, *rand.PCG, *rand.Rand) {
	t.Helper()
	s, _ := GeometricSchedule(10, 1e-3, 0.5)
	net, _ := NewRBFNet(2, 10, units, rand.New(rand.NewPCG(50, 1)))
	m := &Model{Sched: s, Net: net, Param: ReferenceParam}
	cfg := DefaultTrainConfig()
	cfg.Steps, cfg.Batch, cfg.LogEvery, cfg.LearnBeta = steps, 64, 10, learn
	tr, err := NewTrainer(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	src := rand.NewPCG(50, 2)
	return tr, src, rand.New(src)
}

// Training 80 steps straight and training 30, checkpointing through a file, restoring into a
// fresh trainer and training the remaining 50 must give bit-identical weights and schedule.
func TestCheckpointResumeIsExact(t *testing.T) {
	for _, learn := range []bool{false, true} {
		full, _, rngFull := ckptTrainer(t, 80, 16, learn)
		if _, err := full.Run(swissLike, rngFull, nil, nil); err != nil {
			t.Fatal(err)
		}

		first, src1, rng1 := ckptTrainer(t, 80, 16, learn)
		n := 0
		_, err := first.Run(swissLike, rng1, nil, func() bool { n++; return n > 30 })
		if !errors.Is(err, ErrStopped) {
			t.Fatalf("Run with stop: %v", err)
		}
		data, err := first.MarshalCheckpoint(src1)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "ckpt")
		if err := WriteFileAtomic(path, data); err != nil {
			t.Fatal(err)
		}
		read, _ := os.ReadFile(path)
		second, src2, rng2 := ckptTrainer(t, 80, 16, learn)
		if err := second.UnmarshalCheckpoint(read, src2); err != nil {
			t.Fatal(err)
		}
		if second.Step != 30 {
			t.Fatalf("restored step %d, want 30", second.Step)
		}
		if _, err := second.Run(swissLike, rng2, nil, nil); err != nil {
			t.Fatal(err)
		}
		pf, ps := full.params, second.params
		for i := range pf {
			for j := range pf[i].W {
				if pf[i].W[j] != ps[i].W[j] {
					t.Fatalf("learn=%v: %s[%d]: %v uninterrupted vs %v resumed", learn, pf[i].Name, j, pf[i].W[j], ps[i].W[j])
				}
			}
		}
		for tt := range full.Model.Sched.Beta {
			if full.Model.Sched.Beta[tt] != second.Model.Sched.Beta[tt] {
				t.Fatalf("learn=%v: β_%d differs after resume", learn, tt)
			}
		}
	}
}

func TestCheckpointRefusesBadFiles(t *testing.T) {
	tr, src, rng := ckptTrainer(t, 5, 16, false)
	if _, err := tr.Run(swissLike, rng, nil, nil); err != nil {
		t.Fatal(err)
	}
	good, err := tr.MarshalCheckpoint(src)
	if err != nil {
		t.Fatal(err)
	}
	corrupt := append([]byte(nil), good...)
	corrupt[len(corrupt)/2] ^= 0xff
	other, src4, _ := ckptTrainer(t, 5, 9, false) // a 9-unit network: another model
	cases := map[string][]byte{
		"empty":     nil,
		"not ours":  []byte("hello, world, this is not a checkpoint"),
		"truncated": good[:len(good)-10],
		"corrupt":   corrupt,
	}
	for name, data := range cases {
		fresh, s, _ := ckptTrainer(t, 5, 16, false)
		if err := fresh.UnmarshalCheckpoint(data, s); !errors.Is(err, ErrCheckpoint) {
			t.Errorf("%s: error %v, want ErrCheckpoint", name, err)
		}
		if fresh.Step != 0 {
			t.Errorf("%s: a refused checkpoint changed the trainer", name)
		}
	}
	if err := other.UnmarshalCheckpoint(good, src4); !errors.Is(err, ErrCheckpoint) {
		t.Errorf("mismatched model: error %v, want ErrCheckpoint", err)
	}
	// The same network trained with another batch or another draw of t (objective) would not
	// continue to the uninterrupted run's result: its weights load, a resume is refused.
	batch, srcB, _ := ckptTrainer(t, 5, 16, false)
	batch.Cfg.Batch = 32
	if err := batch.UnmarshalCheckpoint(good, srcB); err != nil {
		t.Errorf("other batch: the weights must still load for evaluation: %v", err)
	}
	if err := batch.ResumeCompatible(); !errors.Is(err, ErrCheckpoint) {
		t.Errorf("other batch: resume error %v, want ErrCheckpoint", err)
	}
	simple, srcS, _ := ckptTrainer(t, 5, 16, false)
	if simple.Cfg.TSampler, err = NewEpsilonT(simple.Model.Sched); err != nil {
		t.Fatal(err)
	}
	if err := simple.UnmarshalCheckpoint(good, srcS); err != nil {
		t.Errorf("other objective: the weights must still load for evaluation: %v", err)
	}
	if err := simple.ResumeCompatible(); !errors.Is(err, ErrCheckpoint) {
		t.Errorf("other objective: resume error %v, want ErrCheckpoint", err)
	}
	same, srcOK, _ := ckptTrainer(t, 5, 16, false)
	if err := same.UnmarshalCheckpoint(good, srcOK); err != nil || same.Step != 5 || same.ResumeCompatible() != nil {
		t.Errorf("matching trainer: step %d, error %v, resume %v", same.Step, err, same.ResumeCompatible())
	}
}
