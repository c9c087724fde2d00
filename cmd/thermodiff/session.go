package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/thermodiff/thermodiff/diffusion"
)

// trainSession ties a trainer to its checkpoint file DIR/checkpoint.gob and to Ctrl-C: it
// resumes from the file on request, writes it every few steps, on interrupt and at the end
// (atomically), and carries the training time and the training curve (DIR/curve.json,
// written beside every checkpoint) of earlier interrupted processes.
type trainSession struct {
	spec   runSpec
	name   string
	tr     *diffusion.Trainer
	src    *rand.PCG // the training RNG's source, saved with the checkpoint
	path   string
	every  int // steps between checkpoints; 0: only on interrupt and at the end
	stderr io.Writer
	start  time.Time
	prior  float64 // training seconds of earlier, interrupted processes
	sig    chan os.Signal
	// curve is the training curve of the whole run: the entries of earlier processes up to
	// the checkpoint's step, then those of this one (periodic records them).
	curve     []diffusion.TrainPoint
	curvePath string
}

// startTrainSession resumes tr from the run's checkpoint (spec.dir()/checkpoint.gob) with
// spec.Resume, or else discards an earlier run's checkpoint (spec.preflight allowed it), and
// starts listening for Ctrl-C and SIGTERM. Call close when training is over.
func startTrainSession(spec runSpec, tr *diffusion.Trainer, src *rand.PCG, every int, stderr io.Writer) (*trainSession, error) {
	dir := spec.dir()
	s := &trainSession{spec: spec, name: spec.Name, tr: tr, src: src, path: filepath.Join(dir, "checkpoint.gob"), every: every, stderr: stderr,
		curvePath: filepath.Join(dir, "curve.json")}
	if spec.Resume {
		data, err := os.ReadFile(s.path)
		if err != nil {
			return nil, fmt.Errorf("-resume: %w", err)
		}
		if err := tr.UnmarshalCheckpoint(data, src); err != nil {
			return nil, fmt.Errorf("-resume %s: %w", s.path, err)
		}
		if err := tr.ResumeCompatible(); err != nil {
			return nil, fmt.Errorf("-resume %s: %w", s.path, err)
		}
		if tr.Step > tr.Cfg.Steps {
			return nil, fmt.Errorf("%w: -resume: -steps %d is below the checkpoint's step %d: -steps must be ≥ %d", errUsage, tr.Cfg.Steps, tr.Step, tr.Step)
		}
		s.prior = tr.Seconds
		s.loadCurve()
		fmt.Fprintf(stderr, "%s: resumed from %s at step %d (%.0f s of training before)\n", spec.Name, s.path, tr.Step, s.prior)
	} else if err := spec.discard(); err != nil {
		return nil, fmt.Errorf("discarding the earlier checkpoint: %w", err)
	}
	s.sig = make(chan os.Signal, 1)
	signal.Notify(s.sig, stopSignals...)
	s.start = time.Now()
	return s, nil
}

// close stops listening for the stop signals (a second call does nothing). The experiments
// call it as soon as training is over: a signal during evaluation then ends the process at
// once (the final checkpoint is written; -resume evaluates again) instead of being ignored.
func (s *trainSession) close() { signal.Stop(s.sig) }

// stopAtStep, when positive, makes every session stop as a signal would once that step is
// done (tests: an interrupted run without a signal; the heartbeat has its own stopAt).
var stopAtStep int

// stop reports whether Ctrl-C or SIGTERM came; it is the stop function of Trainer.Run.
func (s *trainSession) stop() bool {
	if stopAtStep > 0 && s.tr.Step >= stopAtStep {
		return true
	}
	select {
	case <-s.sig:
		return true
	default:
		return false
	}
}

// elapsed is this process's training time in seconds.
func (s *trainSession) elapsed() float64 { return time.Since(s.start).Seconds() }

func (s *trainSession) save() error {
	s.tr.Seconds = s.prior + s.elapsed()
	data, err := s.tr.MarshalCheckpoint(s.src)
	if err != nil {
		return err
	}
	// The curve goes first: a crash between the two writes leaves a curve that runs past the
	// checkpoint, and loadCurve drops the entries after the checkpoint's step (they are trained
	// again), so nothing is lost. (The other order lost the curve up to the checkpoint.)
	cj, err := json.Marshal(s.curve)
	if err != nil {
		return err
	}
	if err := diffusion.WriteFileAtomic(s.curvePath, cj); err != nil {
		return err
	}
	// The record next, unfinished: a checkpoint is never without the record of its run, and
	// only the experiment marks it finished (runSpec.finished), once its results are written.
	if err := s.spec.writeRecord(s.tr.Step, false); err != nil {
		return err
	}
	return diffusion.WriteFileAtomic(s.path, data)
}

// loadCurve reads the earlier processes' training curve, keeping the entries up to the
// checkpoint's step (later ones are trained again). A missing or unreadable file is not fatal:
// the run resumes with a warning and its report's curve starts at the checkpoint.
func (s *trainSession) loadCurve() {
	data, err := os.ReadFile(s.curvePath)
	var pts []diffusion.TrainPoint
	if err == nil {
		err = json.Unmarshal(data, &pts)
	}
	if err != nil {
		fmt.Fprintf(s.stderr, "%s: warning: the training curve before step %d is lost (%v)\n", s.name, s.tr.Step, err)
		return
	}
	for _, p := range pts {
		if p.Step <= s.tr.Step {
			s.curve = append(s.curve, p)
		}
	}
}

// periodic records a curve entry and writes a checkpoint every `every` steps (not at the last
// step: finish does); call it from Run's progress function with every entry.
func (s *trainSession) periodic(p diffusion.TrainPoint) {
	s.curve = append(s.curve, p)
	if step := p.Step; s.every > 0 && step%s.every == 0 && step < s.tr.Cfg.Steps {
		if err := s.save(); err != nil {
			fmt.Fprintf(s.stderr, "%s: warning: checkpoint not written: %v\n", s.name, err)
		}
	}
}

// finish takes Run's error: on an interrupt it writes the checkpoint and returns an error
// saying how to resume; after a complete run it writes the final checkpoint and returns the
// training time of all processes of this run.
func (s *trainSession) finish(runErr error) (trainSeconds float64, err error) {
	if errors.Is(runErr, diffusion.ErrStopped) {
		if err := s.save(); err != nil {
			return 0, fmt.Errorf("%w at step %d and the checkpoint could not be written: %w", errInterrupted, s.tr.Step, err)
		}
		return 0, fmt.Errorf("%w at step %d; checkpoint written to %s (rerun with the same flags and -resume)", errInterrupted, s.tr.Step, s.path)
	}
	if runErr != nil {
		return 0, runErr
	}
	sec := s.prior + s.elapsed()
	if err := s.save(); err != nil {
		return 0, err
	}
	return sec, nil
}

// stepsPerSecond is the whole run's training speed: every step over the training time of all
// its processes (trainSec as finish returns it), so a resumed run neither mixes this process's
// steps with earlier processes' seconds nor reports 0 when it resumed at the last step.
func (s *trainSession) stepsPerSecond(trainSec float64) float64 {
	if trainSec <= 0 {
		return 0
	}
	return float64(s.tr.Step) / trainSec
}
