package main

import (
	"time"

	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// reproduceAll runs every registered experiment with its quick defaults, passing -out and -seed
// through, then writes the index page. With -resume it continues an interrupted run: see
// resumePlan; with -fresh the resumable experiments discard their checkpoints. An experiment
// that fails does not stop the others: the index marks it as failed, with its error, and
// reproduceAll returns an error naming the failures once every experiment has run. An
// interrupt (Ctrl-C, SIGTERM) stops it at the experiment it interrupted.
func reproduceAll(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("reproduce all", flag.ContinueOnError)
	out := fs.String("out", "reports", "output directory")
	seed := fs.Uint64("seed", 1, "random seed passed to every experiment")
	resume := fs.Bool("resume", false, "continue an interrupted run: skip the experiments whose metrics.json and report.html in OUT are from this build (git commit) and seed, continue those interrupted (a checkpoint.gob and no results of another commit or seed) with -resume, run the rest from the start")
	fresh := fs.Bool("fresh", false, "pass -fresh to the resumable experiments: discard their checkpoints, interrupted or not, and run every experiment from the start")
	if err := parseFlags(fs, args, stderr, false); err != nil {
		return err
	}
	if *resume && *fresh {
		return fmt.Errorf("%w: -resume and -fresh exclude each other", errUsage)
	}
	if err := checkOutDir(*out, ""); err != nil {
		return err
	}
	if err := ensureWritableDir(*out); err != nil {
		return err
	}
	removeStaleTemps(*out, stderr) // .index.html.tmp-*; each experiment cleans its own folder
	commit := gitCommit()
	failed := map[string]string{} // experiment → its error
	var names []string
	var stopped error
	all := sortedExperiments()
	started := time.Now()
	for i, e := range all {
		// "== reproduce NAME (3 of 9, 4m10s so far)": where the main job stands; the count
		// includes experiments that are skipped.
		pos := fmt.Sprintf("(%d of %d, %v so far)", i+1, len(all), time.Since(started).Round(time.Second))
		if stopped != nil {
			failed[e.Name] = "not run: " + stopped.Error()
			continue
		}
		eargs := []string{"-out", *out, "-seed", fmt.Sprint(*seed)}
		if *resume {
			act, why := resumePlan(filepath.Join(*out, e.Name), e.Resumable, *seed, commit)
			fmt.Fprintf(stderr, "== reproduce %s: %s %s\n", e.Name, why, pos)
			if act == planSkip {
				continue
			}
			if act == planResume {
				eargs = append(eargs, "-resume")
			}
		} else {
			fmt.Fprintf(stderr, "== reproduce %s %s\n", e.Name, pos)
		}
		if *fresh && e.Resumable {
			eargs = append(eargs, "-fresh")
		}
		if err := e.Run(eargs, stderr); err != nil {
			fmt.Fprintf(stderr, "== reproduce %s FAILED: %v\n", e.Name, err)
			failed[e.Name] = err.Error()
			names = append(names, e.Name)
			if errors.Is(err, errInterrupted) {
				stopped = fmt.Errorf("reproduce all was interrupted in %s", e.Name)
			}
		}
	}
	if err := writeIndex(*out, failed, stderr); err != nil {
		return err
	}
	switch {
	case stopped != nil:
		return fmt.Errorf("%w; index written (rerun with -resume to continue)", stopped)
	case len(names) > 0:
		return fmt.Errorf("reproduce all: %d of %d experiments failed: %s (see the index and the errors above)", len(names), len(experiments), strings.Join(names, ", "))
	}
	return nil
}

// plan is what `reproduce all -resume` does with one experiment.
type plan int

const (
	planRun    plan = iota // run it from the start
	planResume             // run it with -resume (continue from its checkpoint)
	planSkip               // its results are there already
)

// resumePlan decides, for the experiment writing to dir, whether its results are complete
// (metrics.json, of this seed and commit, and report.html: skip), whether it was interrupted
// and can continue (resumable, dir/checkpoint.gob present and no results of another commit or
// seed, whose checkpoint would be that finished run's: resume) or must run from the start; why
// says so in words. A commit of "unknown" never matches, so results of unknown origin are redone.
func resumePlan(dir string, resumable bool, seed uint64, commit string) (act plan, why string) {
	var m struct {
		Seed      *uint64 `json:"seed"`
		GitCommit string  `json:"git_commit"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		why = fmt.Sprintf("%v; ", err)
	case json.Unmarshal(data, &m) != nil || m.Seed == nil:
		why = fmt.Sprintf("%s holds no seed; ", filepath.Join(dir, "metrics.json"))
	case *m.Seed != seed || m.GitCommit != commit || commit == "unknown":
		// A finished run of other code or seed: its checkpoint is that run's final one.
		return planRun, fmt.Sprintf("the results in %s are of commit %s, seed %d (this run: %s, seed %d): running it from the start", dir, orNone(m.GitCommit), *m.Seed, commit, seed)
	default:
		if _, err := os.Stat(filepath.Join(dir, "report.html")); err == nil {
			return planSkip, fmt.Sprintf("done (the results in %s are of this commit and seed; delete them to run again)", dir)
		}
		why = "its report.html is missing; "
	}
	_, err = os.Stat(filepath.Join(dir, "checkpoint.gob"))
	switch {
	case resumable && err == nil:
		return planResume, why + "continuing from its checkpoint"
	case resumable:
		return planRun, why + "no checkpoint: running it"
	default:
		return planRun, why + "running it (it writes no checkpoint)"
	}
}

func orNone(s string) string {
	if s == "" {
		return "none recorded"
	}
	return s
}
