package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// sigtermChildEnv carries the arguments of run when the test binary is re-executed as the
// child of TestSIGTERMWritesCheckpoint.
const sigtermChildEnv = "THERMODIFF_TEST_SIGTERM_ARGS"

// SIGTERM (kill, timeout, docker stop, a scheduler) stops training like Ctrl-C: the child
// writes its checkpoint, says how to resume and exits with an error of its own within
// seconds, instead of dying of the signal (exit 143) with the training since the last
// periodic checkpoint lost (issue 22 item 6). Both training loops: the shared session (Swiss
// roll) and the heartbeat's.
func TestSIGTERMWritesCheckpoint(t *testing.T) {
	if args := os.Getenv(sigtermChildEnv); args != "" {
		if err := run(strings.Split(args, "\n"), os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	for _, c := range []struct {
		name string
		args []string
	}{
		{"swissroll", []string{"-T", "8", "-steps", "100000000", "-batch", "16", "-checkpoint-every", "20"}},
		{"heartbeat", []string{"-T", "20", "-budget", "0", "-steps", "100000000", "-batch", "8", "-checkpoint-every", "20"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			dir := filepath.Join(out, c.name)
			child := exec.Command(os.Args[0], "-test.run=^TestSIGTERMWritesCheckpoint$")
			child.Env = append(os.Environ(), sigtermChildEnv+"="+strings.Join(append([]string{"reproduce", c.name, "-out", out}, c.args...), "\n"))
			var stderr bytes.Buffer
			child.Stderr = &stderr
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(2 * time.Minute)
			for { // training has begun once the first periodic checkpoint is there
				if _, err := os.Stat(filepath.Join(dir, "checkpoint.gob")); err == nil {
					break
				}
				if time.Now().After(deadline) {
					child.Process.Kill()
					t.Fatalf("no checkpoint within 2 minutes:\n%s", stderr.String())
				}
				time.Sleep(5 * time.Millisecond)
			}
			sent := time.Now()
			if err := child.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- child.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				child.Process.Kill()
				t.Fatalf("still running 30 s after SIGTERM")
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 3 {
				t.Fatalf("child ended with %v, want its own error exit (3) after writing the checkpoint:\n%s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted at step") || !strings.Contains(stderr.String(), "-resume") {
				t.Errorf("child did not say where it stopped and how to resume:\n%s", stderr.String())
			}
			var rec struct {
				Step     int
				Finished bool
			}
			b, rerr := os.ReadFile(filepath.Join(dir, "checkpoint.json"))
			if rerr == nil {
				rerr = json.Unmarshal(b, &rec)
			}
			if rerr != nil || rec.Finished || rec.Step < 20 {
				t.Errorf("record of the interrupted run: %+v, %v", rec, rerr)
			}
			t.Logf("stopped %.2f s after SIGTERM at step %d", time.Since(sent).Seconds(), rec.Step)
		})
	}
}
