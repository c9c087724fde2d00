package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/thermodiff/thermodiff/analysis"
)

// writeIndex writes DIR/index.html: links to every experiment's report and one table of the
// paper's numbers beside each run's, read from DIR/<experiment>/metrics.json (analysis builds
// the entries; experiments not run are listed as such). The experiments in failed (name →
// error) are marked as failed in this run, with their error, in place of their numbers: what
// their folder holds is an earlier run's, or nothing.
func writeIndex(dir string, failed map[string]string, stderr io.Writer) error {
	var known []analysis.IndexExperiment
	for _, e := range sortedExperiments() {
		known = append(known, analysis.IndexExperiment{Name: e.Name, Summary: e.Summary})
	}
	entries, err := analysis.IndexEntries(dir, known)
	if err != nil {
		return fmt.Errorf("index page: %w", err)
	}
	for i, e := range entries {
		msg, ok := failed[e.Name]
		if !ok {
			continue
		}
		entries[i].Results, entries[i].Run = nil, ""
		if !strings.HasPrefix(msg, "not run") {
			msg = "FAILED in this run: " + msg
		}
		if e.Report != "" {
			msg += " (the report linked is an earlier run's)"
		}
		entries[i].Problem = msg

	}
	var b bytes.Buffer
	if err := analysis.WriteIndexHTML(&b, entries, time.Now()); err != nil {
		return fmt.Errorf("index page: %w", err)
	}
	path := filepath.Join(dir, "index.html")
	if err := writeFileAtomic(path, b.Bytes()); err != nil {
		return fmt.Errorf("index page: %w", err)
	}
	fmt.Fprintln(stderr, "wrote", path)
	return nil
}
