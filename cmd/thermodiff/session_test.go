package main

import (
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/thermodiff/thermodiff/diffusion"
)

// A run interrupted at step 37 (Ctrl-C writes the checkpoint there) and resumed ends with the
// same training curve as an uninterrupted run with the same seed: the first process's entries
// (steps 5…35) are carried through curve.json, and every later entry is identical except the
// one at step 40, whose window straddles the interrupt and so averages only steps 38–40. A
// missing curve.json only costs the earlier entries (with a warning).
func TestTrainSessionCurveSurvivesResume(t *testing.T) {
	data := func(rng *rand.Rand, x []float64) {
		for i := range x {
			x[i] = rng.NormFloat64()*0.5 + 1
		}
	}
	newTrainer := func() (*diffusion.Trainer, *rand.PCG) {
		s, err := diffusion.GeometricSchedule(8, 1e-3, 0.5)
		if err != nil {
			t.Fatal(err)
		}
		net, err := diffusion.NewMLPNet(2, 8, []int{8}, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		cfg := diffusion.DefaultTrainConfig()
		cfg.Steps, cfg.Batch, cfg.LogEvery = 60, 16, 5
		tr, err := diffusion.NewTrainer(&diffusion.Model{Sched: s, Net: net, Param: diffusion.EpsParam}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return tr, rand.NewPCG(2, 2)
	}
	train := func(dir string, resume bool, stopAt int, stderr io.Writer) ([]diffusion.TrainPoint, error) {
		tr, src := newTrainer()
		spec := runSpec{Name: filepath.Base(dir), Out: filepath.Dir(dir), Steps: 60, Resume: resume}
		sess, err := startTrainSession(spec, tr, src, 20, stderr)
		if err != nil {
			t.Fatal(err)
		}
		defer sess.close()
		_, err = tr.Run(data, rand.New(src), sess.periodic, func() bool { return stopAt > 0 && tr.Step >= stopAt })
		if _, err := sess.finish(err); err != nil {
			return nil, err
		}
		return sess.curve, nil
	}
	want, err := train(t.TempDir(), false, 0, io.Discard)
	if err != nil || len(want) != 12 {
		t.Fatalf("uninterrupted run: %d entries, %v", len(want), err)
	}
	dir := t.TempDir()
	if _, err := train(dir, false, 37, io.Discard); err == nil || !strings.Contains(err.Error(), "interrupted at step 37") {
		t.Fatalf("interrupted run: %v", err)
	}
	got, err := train(dir, true, 0, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	same := func(got, want []diffusion.TrainPoint) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.Step == 40 { // the window of the interrupt
				g.KBits, w.KBits = 0, 0
			}
			if !reflect.DeepEqual(g, w) {
				return false
			}
		}
		return true
	}
	if !same(got, want) {
		t.Errorf("resumed curve\n%v\nwant\n%v", got, want)
	}
	// Without curve.json the resumed run warns and keeps only its own entries.
	dir2 := t.TempDir()
	if _, err := train(dir2, false, 37, io.Discard); err == nil {
		t.Fatal("no interrupt")
	}
	if err := os.Remove(filepath.Join(dir2, "curve.json")); err != nil {
		t.Fatal(err)
	}
	var warn strings.Builder
	got, err = train(dir2, true, 0, &warn)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(warn.String(), "curve before step 37 is lost") || !same(got, want[7:]) {
		t.Errorf("warning %q, curve %v, want %v", warn.String(), got, want[7:])
	}
}

// A run resumed at step 60 of 100 after 30 s, whose second process trains 40 steps in 10 s,
// reports 100 / 40 = 2.5 steps/s (all steps over all seconds; the old per-process mix gave
// 40 / 40 = 1); no training time gives 0, not a division by zero.
func TestTrainSessionStepsPerSecond(t *testing.T) {
	s := &trainSession{tr: &diffusion.Trainer{Step: 100}}
	if got := s.stepsPerSecond(40); got != 2.5 {
		t.Errorf("%v steps/s, want 2.5", got)
	}
	if got := s.stepsPerSecond(0); got != 0 {
		t.Errorf("no training time: %v steps/s, want 0", got)
	}
}
