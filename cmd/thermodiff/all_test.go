package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// `reproduce all -resume` after an interrupt: a finished experiment (results of this commit
// and seed) is skipped, the interrupted one continues from its checkpoint, one without
// checkpoints and one not started run from the start, and so does one finished by another
// commit (its checkpoint is that run's last); without -resume every one runs afresh.
func TestReproduceAllResume(t *testing.T) {
	out := t.TempDir()
	commit := gitCommit()
	if commit == "unknown" {
		t.Skip("no git commit known here: -resume skips nothing")
	}
	writeFiles := func(name string, files map[string]string) {
		dir := filepath.Join(out, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for f, s := range files {
			if err := os.WriteFile(filepath.Join(dir, f), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	metrics := func(seed int, commit string) string {
		return fmt.Sprintf(`{"K": 1, "seed": %d, "git_commit": %q}`, seed, commit)
	}
	writeFiles("done", map[string]string{"metrics.json": metrics(7, commit), "report.html": "<html>"})
	writeFiles("interrupted", map[string]string{"checkpoint.gob": "x"})
	writeFiles("nockpt", map[string]string{"checkpoint.gob": "x"}) // not resumable: ignored
	writeFiles("oldcommit", map[string]string{"metrics.json": metrics(7, "0123abc"), "report.html": "<html>", "checkpoint.gob": "x"})
	writeFiles("otherseed", map[string]string{"metrics.json": metrics(8, commit), "report.html": "<html>"})
	writeFiles("noreport", map[string]string{"metrics.json": metrics(7, commit)})

	got := map[string][]string{}
	saved := experiments
	t.Cleanup(func() { experiments = saved })
	experiments = map[string]experiment{}
	for i, e := range []struct {
		name      string
		resumable bool
	}{{"done", true}, {"interrupted", true}, {"nockpt", false}, {"fresh", true}, {"oldcommit", true}, {"otherseed", true}, {"noreport", false}} {
		registerExperiment(experiment{Name: e.name, Order: i, Resumable: e.resumable, Run: func(args []string, _ io.Writer) error {
			got[e.name] = args
			return nil
		}})
	}
	var log strings.Builder
	if err := run([]string{"reproduce", "all", "-out", out, "-seed", "7", "-resume"}, &log); err != nil {
		t.Fatal(err)
	}
	base := []string{"-out", out, "-seed", "7"}
	resume := append(append([]string{}, base...), "-resume")
	want := map[string][]string{"interrupted": resume, "nockpt": base, "fresh": base, "oldcommit": base, "otherseed": base, "noreport": base}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("-resume ran\n%v\nwant\n%v\nlog:\n%s", got, want, log.String())
	}
	for _, s := range []string{"reproduce done: done", "reproduce oldcommit: the results in", "commit 0123abc, seed 7", "running it from the start", "reproduce noreport: its report.html is missing",
		"(1 of 7, ", "(7 of 7, "} { // where the main job stands
		if !strings.Contains(log.String(), s) {
			t.Errorf("log lacks %q:\n%s", s, log.String())
		}
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Errorf("index page: %v", err)
	}

	clear(got)
	if err := run([]string{"reproduce", "all", "-out", out, "-seed", "7"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	if len(got) != 7 {
		t.Errorf("without -resume %d of 7 experiments ran", len(got))
	}
	for name, args := range got {
		if !reflect.DeepEqual(args, base) {
			t.Errorf("without -resume %s got %v", name, args)
		}
	}
}

// A commit of "unknown" matches nothing: results of unknown origin are redone.
func TestResumePlanUnknownCommit(t *testing.T) {
	dir := t.TempDir()
	for f, s := range map[string]string{"metrics.json": `{"seed": 1, "git_commit": "unknown"}`, "report.html": ""} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if act, why := resumePlan(dir, true, 1, "unknown"); act != planRun {
		t.Errorf("unknown commit: plan %v (%s), want run", act, why)
	}
}
