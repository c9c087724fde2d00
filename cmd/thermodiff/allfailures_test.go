package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeExperiments replaces the registry for a test with experiments that run fn.
func fakeExperiments(t *testing.T, fns map[string]func() error, order ...string) map[string]int {
	t.Helper()
	saved := experiments
	t.Cleanup(func() { experiments = saved })
	experiments = map[string]experiment{}
	ran := map[string]int{}
	for i, name := range order {
		registerExperiment(experiment{Name: name, Order: i, Summary: name + " summary", Run: func([]string, io.Writer) error {
			ran[name]++
			return fns[name]()
		}})
	}
	return ran
}

// `reproduce all` runs every experiment although one fails, writes the index with the failed
// one marked and its error, and then exits non-zero naming it (issue 22 item 5).
func TestReproduceAllGoesOnAfterAFailure(t *testing.T) {
	ok := func() error { return nil }
	ran := fakeExperiments(t, map[string]func() error{
		"first": ok, "broken": func() error { return errors.New("the data are missing") }, "last": ok,
	}, "first", "broken", "last")
	out := t.TempDir()
	err := run([]string{"reproduce", "all", "-out", out}, io.Discard)
	if exitCode(err) != 1 || !strings.Contains(fmtErr(err), "broken") {
		t.Errorf("reproduce all returned %v (exit %d), want a failure naming broken", err, exitCode(err))
	}
	for _, name := range []string{"first", "broken", "last"} {
		if ran[name] != 1 {
			t.Errorf("%s ran %d times, want 1", name, ran[name])
		}
	}
	page, rerr := os.ReadFile(filepath.Join(out, "index.html"))
	if rerr != nil {
		t.Fatalf("no index: %v", rerr)
	}
	if s := string(page); !strings.Contains(s, "FAILED in this run: the data are missing") || strings.Count(s, "FAILED") != 1 {
		t.Errorf("index does not mark broken (and only broken) as failed:\n%s", s)
	}
}

// An interrupt stops `reproduce all` where it came (the interrupted experiment wrote its
// checkpoint); the index says what did not run.
func TestReproduceAllStopsOnInterrupt(t *testing.T) {
	ran := fakeExperiments(t, map[string]func() error{
		"first":  func() error { return fmt.Errorf("%w at step 3; checkpoint written", errInterrupted) },
		"second": func() error { return nil },
	}, "first", "second")
	out := t.TempDir()
	err := run([]string{"reproduce", "all", "-out", out}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "interrupted in first") {
		t.Errorf("got %v", err)
	}
	if ran["second"] != 0 {
		t.Error("went on after the interrupt")
	}
	page, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(page), "not run: reproduce all was interrupted in first") {
		t.Errorf("index does not say second did not run:\n%s", page)
	}
}
