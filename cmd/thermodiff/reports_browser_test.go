package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thermodiff/thermodiff/analysis"
)

// TestReportsDrawInChromium runs the registered experiments at a tiny size and the thermo check,
// writes the index, then loads each generated report.html in headless Chromium and checks that
// every chart drew (a <canvas> inside every chart element) and that the index links every
// report. It skips only when no Chromium is installed (scripts/setup.sh installs it).
func TestReportsDrawInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every experiment at a tiny size")
	}
	chromium := analysis.ChromiumPath()
	if chromium == "" {
		t.Skip("SKIP: no chromium on PATH (scripts/setup.sh installs Debian's chromium); reports were not loaded in a browser")
	}
	out := t.TempDir()
	// Tiny settings (seconds) per experiment, as in each experiment's own tests. Experiments
	// that need downloaded data or have no entry here are not run by this test (their own
	// tests write their reports); the test says which.
	tinySwiss := []string{"-steps", "60", "-batch", "128", "-holdout", "300", "-is-points", "20", "-is-traj", "5", "-samples", "200"}
	tiny := map[string][]string{
		"swissroll":      tinySwiss,
		"swissroll-mlp":  tinySwiss,
		"heartbeat":      {"-T", "20", "-budget", "0", "-steps", "40", "-batch", "64", "-eval-chains", "6", "-is-points", "1", "-is-traj", "4", "-samples", "30", "-oracle-chains", "3"},
		"thermodynamics": tinyThermo,
		"deadleaves":     append([]string{"-image-size", "32", "-patch", "8", "-train-images", "3", "-test-images", "2"}, tinyPatchArgs...),
	}
	ran := 0
	for _, e := range sortedExperiments() {
		extra, ok := tiny[e.Name]
		if !ok {
			t.Logf("%s: no tiny settings here (it needs data or has none); its report is not loaded by this test", e.Name)
			continue
		}
		args := append([]string{"reproduce", e.Name, "-out", out, "-seed", "3"}, extra...)
		if err := run(args, io.Discard); err != nil {
			t.Fatalf("%s: %v", e.Name, err)
		}
		ran++
	}
	if _, ok := commands["thermo"]; ok {
		if err := run([]string{"thermo", "check", "-out", out}, io.Discard); err != nil {
			t.Fatalf("thermo check: %v", err)
		}
	}
	if err := writeIndex(out, nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	reports, err := filepath.Glob(filepath.Join(out, "*", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) < ran {
		t.Fatalf("%d reports for %d experiments run", len(reports), ran)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range reports {
		rel := filepath.ToSlash(strings.TrimPrefix(path, out+string(filepath.Separator)))
		t.Run(rel, func(t *testing.T) {
			if !strings.Contains(string(index), `href="`+rel+`"`) {
				t.Errorf("index.html does not link %s", rel)
			}
			page, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Count(string(page), `class="thermodiff-chart"`)
			dom, err := analysis.BrowserDOM(context.Background(), chromium, path)
			if err != nil {
				t.Fatal(err)
			}
			bad, total := analysis.UndrawnCharts(dom)
			if total != want || len(bad) > 0 {
				t.Errorf("%d of %d chart elements in the DOM; not drawn: %v", total, want, bad)
			}
			t.Logf("%s: %d charts drawn", rel, total-len(bad))
		})
	}
}
