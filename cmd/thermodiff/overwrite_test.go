package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tinyResumable are tiny command lines of every resumable experiment (without -out).
func tinyResumable(t *testing.T) map[string][]string {
	swiss := []string{"-T", "8", "-steps", "10", "-batch", "16", "-holdout", "20", "-is-points", "2", "-is-traj", "2", "-samples", "10", "-checkpoint-every", "0"}
	return map[string][]string{
		"swissroll":     swiss,
		"swissroll-mlp": swiss,
		"heartbeat": {"-T", "20", "-budget", "0", "-steps", "4", "-batch", "8", "-eval-chains", "2", "-is-points", "1", "-is-traj", "2",
			"-samples", "4", "-oracle-chains", "0"},
		"mnist": {"-data", t.TempDir(), "-T", "20", "-steps", "4", "-batch", "8", "-test", "40", "-samples", "6", "-perfect-centres", "30",
			"-parzen-valid", "20", "-parzen-test", "20", "-conditioned", "2"},
		"deadleaves": append([]string{"-image-size", "32", "-patch", "8", "-train-images", "3", "-test-images", "2"}, tinyPatchArgs...),
		"texture":    append([]string{"-patch", "8"}, tinyPatchArgs...),
		"cifar10": {"-T", "20", "-steps", "4", "-batch", "2", "-test", "2", "-bound-k", "1", "-samples", "1", "-conditioned", "1",
			"-layers", "1", "-channels", "4", "-scales", "2"},
	}
}

// A run without -resume does not overwrite a checkpoint it cannot tell finished (issue 22 item
// 4): every resumable experiment refuses, naming -resume and -fresh, and leaves it as it was.
func TestFreshRunKeepsUnknownCheckpoint(t *testing.T) {
	tiny := tinyResumable(t)
	for _, e := range sortedExperiments() {
		if !e.Resumable {
			continue
		}
		args, ok := tiny[e.Name]
		if !ok {
			t.Errorf("%s: no tiny settings in this test", e.Name)
			continue
		}
		t.Run(e.Name, func(t *testing.T) {
			out := t.TempDir()
			ckpt := filepath.Join(out, e.Name, "checkpoint.gob")
			if err := os.MkdirAll(filepath.Dir(ckpt), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(ckpt, []byte("an interrupted run's"), 0o644); err != nil {
				t.Fatal(err)
			}
			err := run(append([]string{"reproduce", e.Name, "-out", out}, args...), io.Discard)
			if exitCode(err) != 2 || !strings.Contains(fmtErr(err), "-resume") || !strings.Contains(fmtErr(err), "-fresh") {
				t.Errorf("got %v, want a usage error naming -resume and -fresh", err)
			}
			if b, err := os.ReadFile(ckpt); err != nil || string(b) != "an interrupted run's" {
				t.Errorf("checkpoint overwritten or removed (%v)", err)
			}
		})
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// An interrupted Swiss roll run's checkpoint is kept by a plain rerun, discarded by -fresh
// (which then gives the uninterrupted run's numbers), and a finished run's checkpoint is
// replaced by a plain rerun, so that repeated `reproduce all` runs work.
func TestFreshDiscardsInterruptedCheckpoint(t *testing.T) {
	args := func(out string) []string {
		return append([]string{"reproduce", "swissroll", "-out", out, "-seed", "7"}, tinyResumable(t)["swissroll"]...)
	}
	ref := t.TempDir()
	if err := run(args(ref), io.Discard); err != nil {
		t.Fatal(err)
	}
	want := swissK(t, ref)

	out := t.TempDir()
	stopAtStep = 5
	err := run(args(out), io.Discard)
	stopAtStep = 0
	if err == nil || !strings.Contains(err.Error(), "interrupted at step 5") {
		t.Fatalf("interrupted run: %v", err)
	}
	ckpt := filepath.Join(out, "swissroll", "checkpoint.gob")
	before, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	err = run(args(out), io.Discard)
	if exitCode(err) != 2 || !strings.Contains(fmtErr(err), "interrupted run (step 5 of 10)") || !strings.Contains(fmtErr(err), "-fresh") {
		t.Errorf("rerun over an interrupted checkpoint: %v", err)
	}
	if after, _ := os.ReadFile(ckpt); !bytes.Equal(before, after) {
		t.Error("the interrupted run's checkpoint was overwritten")
	}
	if err := run(append(args(out), "-fresh"), io.Discard); err != nil {
		t.Fatalf("-fresh: %v", err)
	}
	if got := swissK(t, out); got != want {
		t.Errorf("-fresh gave K = %s, an uninterrupted run %s", got, want)
	}
	// Finished now: a plain rerun replaces the final checkpoint.
	if err := run(args(out), io.Discard); err != nil {
		t.Errorf("rerun over a finished run: %v", err)
	}
}

func swissK(t *testing.T, out string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "swissroll", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	k, _ := json.Marshal([]any{m["K_bits"], m["IS_loglik_bits"], m["training_curve"]})
	return string(k)
}

// A run stopped during its evaluation (training done, no results) keeps its final checkpoint:
// a plain rerun is refused (-resume evaluates it again); once results are written a plain
// rerun may replace it. A checkpoint of an older build (no checkpoint.json) counts as
// finished when metrics.json was written after it.
func TestRerunAfterEvaluationStopped(t *testing.T) {
	out := t.TempDir()
	args := append([]string{"reproduce", "swissroll", "-out", out}, tinyResumable(t)["swissroll"]...)
	if err := run(args, io.Discard); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, "swissroll")
	rec, err := readRecord(dir)
	if err != nil || rec == nil || !rec.Finished || rec.Step != 10 || rec.Steps != 10 {
		t.Fatalf("record of a finished run: %+v, %v", rec, err)
	}
	spec := runSpec{Name: "swissroll", Out: out, Seed: rec.Seed, Settings: rec.Settings, Steps: rec.Steps}
	if err := spec.writeRecord(10, false); err != nil { // as if stopped while evaluating
		t.Fatal(err)
	}
	if err := run(args, io.Discard); exitCode(err) != 2 || !strings.Contains(fmtErr(err), "evaluation did not") {
		t.Errorf("plain rerun after a stopped evaluation: %v", err)
	}
	if err := run(append(args, "-resume"), io.Discard); err != nil {
		t.Fatalf("-resume evaluates again: %v", err)
	}
	if rec, _ := readRecord(dir); rec == nil || !rec.Finished {
		t.Errorf("-resume did not mark the run finished: %+v", rec)
	}
	// An older build's checkpoint: finished when metrics.json is not older than it.
	if err := os.Remove(filepath.Join(dir, recordFile)); err != nil {
		t.Fatal(err)
	}
	ckpt, metrics := filepath.Join(dir, "checkpoint.gob"), filepath.Join(dir, "metrics.json")
	now := time.Now()
	os.Chtimes(ckpt, now.Add(-time.Hour), now.Add(-time.Hour))
	os.Chtimes(metrics, now, now)
	if err := run(args, io.Discard); err != nil {
		t.Errorf("plain rerun over an older build's finished run: %v", err)
	}
	os.Remove(filepath.Join(dir, recordFile))
	os.Chtimes(metrics, now.Add(-time.Hour), now.Add(-time.Hour))
	os.Chtimes(ckpt, now, now)
	if err := run(args, io.Discard); exitCode(err) != 2 || !strings.Contains(fmtErr(err), "-fresh") {
		t.Errorf("plain rerun over an older build's checkpoint newer than its results: %v", err)
	}
}
