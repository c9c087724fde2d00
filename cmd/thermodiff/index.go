package main

import (
	"fmt"
	"io"

	"github.com/thermodiff/thermodiff/analysis"
)

// writeIndex writes DIR/index.html: links to every experiment's report and one table of the
// paper's numbers beside each run's, read from DIR/<experiment>/metrics.json (analysis builds
// the page; experiments not run are listed as such).
func writeIndex(dir string, stderr io.Writer) error {
	var known []analysis.IndexExperiment
	for _, e := range sortedExperiments() {
		known = append(known, analysis.IndexExperiment{Name: e.Name, Summary: e.Summary})
	}
	path, err := analysis.WriteIndex(dir, known)
	if err != nil {
		return fmt.Errorf("index page: %w", err)
	}
	fmt.Fprintln(stderr, "wrote", path)
	return nil
}
