package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// resumeRefusals runs base (a finished tiny run) once, then base with -resume and each
// change, and requires a usage error naming want, with the checkpoint left as it was.
func resumeRefusals(t *testing.T, base []string, ckpt string, changes []badCase) {
	t.Helper()
	if err := run(base, io.Discard); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		err := run(append(append(append([]string{}, base...), "-resume"), c.args...), io.Discard)
		switch {
		case err == nil:
			t.Errorf("-resume %v: accepted", c.args)
		case exitCode(err) != 2 || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n"):
			t.Errorf("-resume %v: %v (exit %d), want a usage error naming %s", c.args, err, exitCode(err), c.want)
		}
	}
	if after, err := os.ReadFile(ckpt); err != nil || !bytes.Equal(before, after) {
		t.Errorf("a refused -resume changed the checkpoint (%v)", err)
	}
}

// -resume refuses a checkpoint written with another seed or another setting that defines the
// training, and a -steps below the checkpoint's step; where the learning rate decays
// exponentially over -steps (the Swiss roll's, the heartbeat's) -steps cannot change at all.
// Settings of the evaluation may change (issue 22 item 3).
func TestResumeRefusesOtherSettings(t *testing.T) {
	out := t.TempDir()
	swiss := []string{"reproduce", "swissroll", "-out", out, "-seed", "7", "-T", "8", "-steps", "8", "-batch", "16", "-holdout", "20",
		"-is-points", "2", "-is-traj", "2", "-samples", "10", "-checkpoint-every", "4"}
	resumeRefusals(t, swiss, filepath.Join(out, "swissroll", "checkpoint.gob"), []badCase{
		{"-seed 7 (now 8)", []string{"-seed", "8"}}, {"-noise 0.01 (now 0.02)", []string{"-noise", "0.02"}},
		{"-schedule", []string{"-schedule", "linear"}}, {"-betaT", []string{"-betaT", "0.4"}}, {"-T 8 (now 10)", []string{"-T", "10"}},
		{"-units", []string{"-units", "9"}}, {"-model", []string{"-model", "mlp"}}, {"-lr 0.03 (now 0.02)", []string{"-lr", "0.02"}},
		{"-learn-beta", []string{"-learn-beta=false"}}, {"-batch", []string{"-batch", "32"}},
		{"-steps 4 differs", []string{"-steps", "4"}}, {"-steps 12 differs", []string{"-steps", "12"}},
	})
	// The evaluation's settings are free.
	if err := run(append(append([]string{}, swiss...), "-resume", "-holdout", "30", "-samples", "12"), io.Discard); err != nil {
		t.Errorf("-resume with other evaluation settings: %v", err)
	}

	hb := []string{"reproduce", "heartbeat", "-out", out, "-seed", "3", "-T", "20", "-budget", "0", "-steps", "8", "-batch", "8",
		"-eval-chains", "2", "-is-points", "1", "-is-traj", "2", "-samples", "4", "-oracle-chains", "0"}
	resumeRefusals(t, hb, filepath.Join(out, "heartbeat", "checkpoint.gob"), []badCase{
		{"-seed 3 (now 4)", []string{"-seed", "4"}}, {"-gain", []string{"-gain", "3"}}, {"-hidden", []string{"-hidden", "60"}},
		{"-steps 4 differs", []string{"-steps", "4"}}, {"-steps 12 differs", []string{"-steps", "12"}},
	})

	// With a constant learning rate -steps may grow, never shrink below the checkpoint.
	dl := append([]string{"reproduce", "deadleaves", "-out", out, "-seed", "5", "-image-size", "32", "-patch", "8", "-train-images", "3",
		"-test-images", "2", "-lr-decay", "const"}, tinyPatchArgs...)
	resumeRefusals(t, dl, filepath.Join(out, "deadleaves", "checkpoint.gob"), []badCase{
		{"-seed 5 (now 6)", []string{"-seed", "6"}}, {"-rmax", []string{"-rmax", "32"}}, {"-channels 4 (now 6)", []string{"-channels", "6"}},
		{"-steps 4 is below the checkpoint's step 6", []string{"-steps", "4"}}, {"-lr-decay", []string{"-lr-decay", "exp"}},
	})
	if err := run(append(append([]string{}, dl...), "-resume", "-steps", "8"), io.Discard); err != nil {
		t.Fatalf("extending a constant-rate run: %v", err)
	}
	if got := readPatchMetrics(t, filepath.Join(out, "deadleaves", "metrics.json"))["steps"]; got != 8.0 {
		t.Errorf("extended run reports %v steps, want 8", got)
	}
}
