package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/thermodiff/thermodiff/diffusion"
)

// heartbeatProgress is the heartbeat command's own training state, carried in the trainer's
// checkpoint: the curve so far, the running loss average of its next entry, the skipped
// steps, the training seconds of all processes, and whether training has ended (by -steps,
// -budget or -max-train: a resumed run then only evaluates).
type heartbeatProgress struct {
	Curve        []curvePt
	Acc          float64
	Nacc         int
	Skipped      int
	Seconds      float64
	Done         bool
	StoppedEarly bool
}

// heartbeatCheckpointer writes and reads OUT/heartbeat/checkpoint.gob (atomically).
type heartbeatCheckpointer struct {
	spec runSpec // its record is written before every checkpoint
	tr   *diffusion.HeartbeatTrainer
	src  *rand.PCG
	path string
	p    heartbeatProgress
}

func (ck *heartbeatCheckpointer) save() error {
	extra, err := json.Marshal(ck.p)
	if err != nil {
		return err
	}
	data, err := ck.tr.MarshalCheckpoint(ck.src, extra)
	if err != nil {
		return err
	}
	if err := ck.spec.writeRecord(ck.tr.StepsDone(), false); err != nil {
		return err
	}
	return diffusion.WriteFileAtomic(ck.path, data)
}

func (ck *heartbeatCheckpointer) load() error {
	data, err := os.ReadFile(ck.path)
	if err != nil {
		return fmt.Errorf("-resume: %w", err)
	}
	extra, err := ck.tr.UnmarshalCheckpoint(data, ck.src)
	if err != nil {
		return fmt.Errorf("-resume %s: %w", ck.path, err)
	}
	if err := json.Unmarshal(extra, &ck.p); err != nil {
		return fmt.Errorf("-resume %s: %w: training state: %v", ck.path, diffusion.ErrCheckpoint, err)
	}
	return nil
}
