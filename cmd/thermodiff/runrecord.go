package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/thermodiff/thermodiff/diffusion"
)

// recordFile, beside checkpoint.gob, says which run wrote the checkpoint: its seed, the
// settings that define its training, its -steps, the step saved and whether the run finished
// (its results written). The checkpoint itself only knows what it can be restored into (network shape,
// batch, objective); the record is what lets -resume refuse another seed, noise, schedule,
// learning rate … and lets a fresh run tell an interrupted run's checkpoint (refused without
// -fresh) from a finished run's (replaced).
const recordFile = "checkpoint.json"

// runRecord is the content of recordFile.
type runRecord struct {
	Experiment string         `json:"experiment"`
	Seed       uint64         `json:"seed"`
	Settings   map[string]any `json:"settings"` // by flag name, e.g. "-noise": 0.01
	Steps      int            `json:"steps"`    // the run's -steps
	Step       int            `json:"step"`     // the step of the checkpoint written with it
	Finished   bool           `json:"finished"` // the run ended: training done, results written
}

// runSpec is a resumable experiment's run as its checkpoint sees it.
type runSpec struct {
	Name string // the experiment, and its folder under Out
	Out  string
	Seed uint64
	// Settings are the flags that define the training (by flag name), -seed and -steps
	// aside: a checkpoint written with other values is not continued.
	Settings map[string]any
	Steps    int
	// StepsFixed says that the learning rate at a step depends on -steps (exponential decay),
	// so a resumed run must keep them; otherwise -steps may change as long as it does not go
	// below the checkpoint's step. StepsWhy says why, for the error.
	StepsFixed bool
	StepsWhy   string
	Resume     bool
	Fresh      bool
}

func (s runSpec) dir() string        { return filepath.Join(s.Out, s.Name) }
func (s runSpec) checkpoint() string { return filepath.Join(s.dir(), "checkpoint.gob") }
func (s runSpec) recordPath() string { return filepath.Join(s.dir(), recordFile) }

// record is the record of this run at step, finished or not.
func (s runSpec) record(step int, finished bool) runRecord {
	return runRecord{Experiment: s.Name, Seed: s.Seed, Settings: s.Settings, Steps: s.Steps, Step: step, Finished: finished}
}

// writeRecord writes the run's record (atomically, synced like the checkpoint).
func (s runSpec) writeRecord(step int, finished bool) error {
	data, err := json.MarshalIndent(s.record(step, finished), "", "  ")
	if err != nil {
		return err
	}
	return diffusion.WriteFileAtomic(s.recordPath(), append(data, '\n'))
}

// finished marks the run as ended, once its results (metrics.json, report.html) are written:
// its checkpoint is then the final one of a complete run, which a fresh run may replace. A run
// stopped during its evaluation is not finished: its checkpoint, at the last step, is kept
// until -resume (which evaluates again) or -fresh.
func (s runSpec) finished(step int) error { return s.writeRecord(step, true) }

// readRecord reads dir's record; a missing file gives (nil, nil).
func readRecord(dir string) (*runRecord, error) {
	data, err := os.ReadFile(filepath.Join(dir, recordFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r runRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, recordFile), err)
	}
	return &r, nil
}

// preflight runs once the flags are valid and before any work: it checks -out, removes the
// temporary files killed runs left in the experiment's folder, and decides whether the run
// may go on given the checkpoint there.
//
//   - -resume needs a checkpoint, of the same seed and settings (its record says), and a
//     -steps it can reach: not below the checkpoint's step, and unchanged where the learning
//     rate follows -steps.
//   - Without -resume the checkpoint of a run that did not finish (stopped in training or in
//     its evaluation) is not overwritten: the user passes -resume or -fresh (discard it). A
//     finished run's checkpoint (its results written) is replaced.
//
// A checkpoint of an older build has no record: -resume then warns that the settings cannot be
// checked (the checkpoint's own signature still is), and a fresh run treats it as finished
// only when metrics.json was written after it (legacyFinished).
func (s runSpec) preflight(stderr io.Writer) error {
	if s.Resume && s.Fresh {
		return fmt.Errorf("%w: -resume and -fresh exclude each other (-resume continues the checkpoint, -fresh discards it)", errUsage)
	}
	if err := checkOutDir(s.Out, s.Name); err != nil {
		return err
	}
	removeStaleTemps(s.dir(), stderr)
	_, err := os.Stat(s.checkpoint())
	have := err == nil
	rec, recErr := readRecord(s.dir())
	if s.Resume {
		if !have {
			return fmt.Errorf("%w: -resume: there is no checkpoint %s to continue (run without -resume to start)", errUsage, s.checkpoint())
		}
		if recErr != nil {
			return fmt.Errorf("%w: -resume: %v (pass -fresh instead to discard the checkpoint)", errUsage, recErr)
		}
		if rec == nil {
			fmt.Fprintf(stderr, "%s: warning: %s has no %s (an older build wrote it): its seed and settings cannot be checked\n", s.Name, s.checkpoint(), recordFile)
			return nil
		}
		return s.resumable(*rec)
	}
	if !have || s.Fresh {
		return nil
	}
	switch {
	case recErr == nil && rec != nil && rec.Finished:
		return nil
	case recErr == nil && rec != nil && rec.Step >= rec.Steps:
		return fmt.Errorf("%w: %s holds a run whose training finished (step %d) but whose evaluation did not: pass -resume to evaluate it or -fresh to discard it", errUsage, s.checkpoint(), rec.Step)
	case recErr == nil && rec != nil:
		return fmt.Errorf("%w: %s holds an interrupted run (step %d of %d): pass -resume to continue it or -fresh to discard it", errUsage, s.checkpoint(), rec.Step, rec.Steps)
	case recErr == nil && legacyFinished(s.dir()):
		return nil
	}
	return fmt.Errorf("%w: %s is there and %s does not say that its run finished: pass -resume to continue it or -fresh to discard it", errUsage, s.checkpoint(), recordFile)
}

// legacyFinished tells, for a checkpoint of an older build (no record), whether its run
// finished: metrics.json is written after the final checkpoint, so a metrics.json no older
// than checkpoint.gob means that the checkpoint is that finished run's.
func legacyFinished(dir string) bool {
	ck, err1 := os.Stat(filepath.Join(dir, "checkpoint.gob"))
	m, err2 := os.Stat(filepath.Join(dir, "metrics.json"))
	return err1 == nil && err2 == nil && !m.ModTime().Before(ck.ModTime())
}

// resumable compares the checkpoint's record with this run.
func (s runSpec) resumable(rec runRecord) error {
	if d := s.differences(rec); len(d) > 0 {
		return fmt.Errorf("%w: -resume: the checkpoint in %s was written with other settings: %s; rerun with its settings, or pass -fresh instead of -resume to discard it", errUsage, s.dir(), strings.Join(d, ", "))
	}
	switch {
	case s.StepsFixed && s.Steps != rec.Steps:
		return fmt.Errorf("%w: -resume: -steps %d differs from the checkpoint's run (-steps %d), and %s; keep -steps %d, or pass -fresh", errUsage, s.Steps, rec.Steps, s.StepsWhy, rec.Steps)
	case s.Steps < rec.Step:
		return fmt.Errorf("%w: -resume: -steps %d is below the checkpoint's step %d: -steps must be ≥ %d", errUsage, s.Steps, rec.Step, rec.Step)
	}
	return nil
}

// differences lists, as "-flag saved (now new)", what this run changes from the record.
func (s runSpec) differences(rec runRecord) []string {
	var d []string
	if rec.Experiment != s.Name {
		d = append(d, fmt.Sprintf("experiment %s (now %s)", rec.Experiment, s.Name))
	}
	if rec.Seed != s.Seed {
		d = append(d, fmt.Sprintf("-seed %d (now %d)", rec.Seed, s.Seed))
	}
	saved, now := jsonValues(rec.Settings), jsonValues(s.Settings)
	keys := map[string]bool{}
	for k := range saved {
		keys[k] = true
	}
	for k := range now {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		a, okA := saved[k]
		b, okB := now[k]
		switch {
		case !okA:
			d = append(d, fmt.Sprintf("%s not recorded (now %s)", k, b))
		case !okB:
			d = append(d, fmt.Sprintf("%s %s (not a setting of this run)", k, a))
		case a != b:
			d = append(d, fmt.Sprintf("%s %s (now %s)", k, a, b))
		}
	}
	return d
}

// jsonValues renders every setting as JSON text, so that a value read back from the record
// (numbers as float64) and one from the flags (int, float64, bool, string) compare equal when
// they are the same setting.
func jsonValues(m map[string]any) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		b, err := json.Marshal(v)
		if err != nil {
			b = []byte(fmt.Sprint(v))
		}
		var back any
		if json.Unmarshal(b, &back) == nil {
			if b2, err := json.Marshal(back); err == nil {
				b = b2
			}
		}
		out[k] = string(b)
	}
	return out
}

// discard removes an earlier run's checkpoint, training curve and record: a fresh run calls it
// as its training starts (not earlier, so that a run failing before that loses nothing), so
// that a checkpoint in the folder is always of the run its record describes.
func (s runSpec) discard() error {
	for _, f := range []string{s.checkpoint(), filepath.Join(s.dir(), "curve.json"), s.recordPath()} {
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// lrStepsFixed reports whether a learning-rate decay ("" = exp) follows -steps.
func lrStepsFixed(decay string) (bool, string) {
	if decay == "" || decay == "exp" {
		return true, "its learning rate decays exponentially over -steps (-lr-decay exp; with reference or const a run can be extended)"
	}
	return false, ""
}
