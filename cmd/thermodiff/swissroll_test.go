package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunBadInput(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "afile")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		args  []string
		usage bool
		want  string
	}{
		{"no command", nil, true, "no command"},
		{"unknown command", []string{"frobnicate"}, true, "unknown command"},
		{"unknown experiment", []string{"reproduce", "cifar100"}, true, "unknown experiment"},
		{"unknown flag", []string{"reproduce", "swissroll", "-frob"}, true, "flag"},
		{"zero T", []string{"reproduce", "swissroll", "-T", "0", "-out", tmp}, true, "-T"},
		{"negative T", []string{"reproduce", "swissroll", "-T", "-4", "-out", tmp}, true, "-T"},
		{"beta above 1", []string{"reproduce", "swissroll", "-beta1", "1.5", "-out", tmp}, true, "-beta1 must be in (0, 1)"},
		{"beta zero", []string{"reproduce", "swissroll", "-schedule", "linear", "-beta1", "0", "-out", tmp}, true, "-beta1 must be in (0, 1)"},
		{"unknown schedule", []string{"reproduce", "swissroll", "-schedule", "erf", "-out", tmp}, true, "schedule"},
		{"negative noise", []string{"reproduce", "swissroll", "-noise", "-1", "-out", tmp}, true, "noise"},
		{"zero steps", []string{"reproduce", "swissroll", "-steps", "0", "-out", tmp}, true, "steps"},
		{"unwritable out", []string{"reproduce", "swissroll", "-steps", "1", "-out", filepath.Join(file, "sub")}, true, "-out"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := run(c.args, io.Discard)
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, errUsage) != c.usage {
				t.Errorf("usage error = %v, want %v (%v)", errors.Is(err, errUsage), c.usage, err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

func tinySwissRoll(t *testing.T, out string) map[string]any {
	t.Helper()
	args := []string{"reproduce", "swissroll", "-out", out, "-seed", "7", "-steps", "60", "-batch", "128",
		"-holdout", "300", "-is-points", "20", "-is-traj", "5", "-samples", "200"}
	if err := run(args, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "swissroll", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "swissroll", "report.html")); err != nil {
		t.Error(err)
	}
	return m
}

// The same seed gives the same metrics.json numbers (timings and provenance aside), and every
// key the issue names is present.
func TestSwissRollDeterministicMetrics(t *testing.T) {
	a := tinySwissRoll(t, t.TempDir())
	b := tinySwissRoll(t, t.TempDir())
	for _, k := range []string{"K_bits", "K_stderr_bits", "K_minus_Lnull_bits", "IS_loglik_bits", "paper_K_bits", "train_seconds", "seed", "git_commit"} {
		if _, ok := a[k]; !ok {
			t.Errorf("metrics.json lacks %q", k)
		}
	}
	if a["paper_K_bits"] != 2.35 {
		t.Errorf("paper_K_bits = %v", a["paper_K_bits"])
	}
	for k, v := range a {
		switch k {
		case "train_seconds", "train_steps_per_second", "provenance":
			continue
		}
		ja, _ := json.Marshal(v)
		jb, _ := json.Marshal(b[k])
		if string(ja) != string(jb) {
			t.Errorf("%s differs between runs with the same seed: %s vs %s", k, ja, jb)
		}
	}
}

// -resume without a checkpoint, or with a corrupt one, fails with a clear error.
func TestSwissRollResumeErrors(t *testing.T) {
	out := t.TempDir()
	small := []string{"-out", out, "-steps", "20", "-batch", "32", "-holdout", "50", "-is-points", "5", "-is-traj", "2", "-samples", "20"}
	err := run(append([]string{"reproduce", "swissroll", "-resume"}, small...), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-resume") {
		t.Fatalf("resume without checkpoint: %v", err)
	}
	if err := run(append([]string{"reproduce", "swissroll"}, small...), io.Discard); err != nil {
		t.Fatal(err)
	}
	ckpt := filepath.Join(out, "swissroll", "checkpoint.gob")
	data, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatalf("no checkpoint after training: %v", err)
	}
	// A finished run's checkpoint resumes (nothing left to train) and re-evaluates.
	if err := run(append([]string{"reproduce", "swissroll", "-resume"}, small...), io.Discard); err != nil {
		t.Fatalf("resume from a finished run: %v", err)
	}
	err = run(append([]string{"reproduce", "swissroll", "-resume", "-units", "9"}, small...), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-units 16 (now 9)") {
		t.Fatalf("mismatched checkpoint: %v", err)
	}
	data[len(data)-3] ^= 0x55
	if err := os.WriteFile(ckpt, data, 0o644); err != nil {
		t.Fatal(err)
	}
	err = run(append([]string{"reproduce", "swissroll", "-resume"}, small...), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "unusable checkpoint") {
		t.Fatalf("corrupt checkpoint: %v", err)
	}
}
