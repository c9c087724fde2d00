package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// childArgsEnv carries the arguments of run when the test binary is re-executed as the child.
const childArgsEnv = "THERMODIFF_TEST_CHILD_ARGS"

// TestKillAndResume trains a small dead-leaves model in a child process, stops it after its
// first periodic checkpoint — with SIGKILL (no chance to save: the run goes on from step 100)
// and with SIGINT (the checkpoint written on interrupt) — resumes it here with -resume, and
// requires the bound, the conditioned images' errors, the samples' statistics and the training
// curve of an uninterrupted run with the same seed, exactly.
func TestKillAndResume(t *testing.T) {
	if args := os.Getenv(childArgsEnv); args != "" {
		if err := run(strings.Split(args, "\n"), os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	args := func(out string) []string {
		return []string{"reproduce", "deadleaves", "-out", out, "-image-size", "32", "-patch", "8", "-train-images", "3",
			"-test-images", "2", "-T", "20", "-steps", "2000", "-batch", "4", "-test", "6", "-bound-k", "1", "-samples", "1",
			"-conditioned", "1", "-sample-size", "16", "-cond-size", "16", "-layers", "1", "-channels", "4", "-scales", "2",
			"-checkpoint-every", "100"}
	}
	ref := t.TempDir()
	if err := run(args(ref), io.Discard); err != nil {
		t.Fatal(err)
	}
	want := resumeMetrics(t, ref)
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		out := t.TempDir()
		dir := filepath.Join(out, "deadleaves")
		child := exec.Command(os.Args[0], "-test.run=^TestKillAndResume$")
		child.Env = append(os.Environ(), childArgsEnv+"="+strings.Join(args(out), "\n"))
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(2 * time.Minute)
		for {
			if _, err := os.Stat(filepath.Join(dir, "checkpoint.gob")); err == nil {
				break
			}
			if time.Now().After(deadline) {
				child.Process.Kill()
				t.Fatalf("%v: no checkpoint within 2 minutes", sig)
			}
			time.Sleep(2 * time.Millisecond)
		}
		if err := child.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		if err := child.Wait(); err == nil {
			t.Fatalf("%v: the child exited cleanly; it was not stopped mid-training", sig)
		}
		if _, err := os.Stat(filepath.Join(dir, "metrics.json")); err == nil {
			t.Fatalf("%v: the child finished before it was stopped", sig)
		}
		if err := run(append(args(out), "-resume"), io.Discard); err != nil {
			t.Fatalf("%v: resume: %v", sig, err)
		}
		got := resumeMetrics(t, out)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%v then -resume: %s = %s, uninterrupted %s", sig, k, got[k], v)
			}
		}
	}
}

// resumeMetrics reads the deterministic results of OUT/deadleaves/metrics.json as JSON text.
func resumeMetrics(t *testing.T, out string) map[string]string {
	t.Helper()
	m := readPatchMetrics(t, filepath.Join(out, "deadleaves", "metrics.json"))
	r := map[string]string{}
	for _, k := range []string{"steps", "K_minus_Lnull_bits_per_pixel", "K_stderr_bits_per_pixel", "inpaint_hole_rmse",
		"denoise_rmse", "sample_mean", "sample_sd", "training_curve"} {
		b, err := json.Marshal(m[k])
		if err != nil || m[k] == nil {
			t.Fatalf("metrics %s: %v %v", k, m[k], err)
		}
		r[k] = string(b)
	}
	return r
}
