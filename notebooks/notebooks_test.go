// Package notebooks holds the GoNB notebooks and their tests: every notebook parses and uses the
// gonb kernel, and every notebook executes headlessly (nbconvert) with no cell error, with every
// chart and figure it shows present in its outputs and drawn when exported to HTML.
package notebooks

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thermodiff/thermodiff/analysis"
)

// notebook is the part of the .ipynb format (nbformat 4) the tests read.
type notebook struct {
	Cells []struct {
		CellType string          `json:"cell_type"`
		Source   json.RawMessage `json:"source"`
		Outputs  []struct {
			OutputType string                     `json:"output_type"`
			Name       string                     `json:"name"`
			Text       json.RawMessage            `json:"text"`
			Data       map[string]json.RawMessage `json:"data"`
			EName      string                     `json:"ename"`
			EValue     string                     `json:"evalue"`
		} `json:"outputs"`
	} `json:"cells"`
	Metadata struct {
		Kernelspec struct {
			Name string `json:"name"`
		} `json:"kernelspec"`
	} `json:"metadata"`
	NBFormat int `json:"nbformat"`
}

// text joins a notebook string field, which is either a string or a list of strings.
func text(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var l []string
	if json.Unmarshal(raw, &l) == nil {
		return strings.Join(l, "")
	}
	return string(raw)
}

func notebookPaths(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no notebooks in notebooks/")
	}
	return paths
}

func readNotebook(t *testing.T, path string) notebook {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb notebook
	if err := json.Unmarshal(data, &nb); err != nil {
		t.Fatalf("%s: not valid notebook JSON: %v", path, err)
	}
	return nb
}

// TestNotebooksParse checks every notebook is nbformat-4 JSON for the gonb kernel, starts by
// pointing GoNB at this repository, has a parameter cell, and is committed without outputs.
func TestNotebooksParse(t *testing.T) {
	for _, path := range notebookPaths(t) {
		t.Run(path, func(t *testing.T) {
			nb := readNotebook(t, path)
			if nb.NBFormat != 4 {
				t.Errorf("nbformat %d, want 4", nb.NBFormat)
			}
			if k := nb.Metadata.Kernelspec.Name; k != "gonb" {
				t.Errorf("kernel %q, want gonb", k)
			}
			var code []string
			for i, c := range nb.Cells {
				if c.CellType != "code" {
					continue
				}
				code = append(code, text(c.Source))
				if len(c.Outputs) > 0 {
					t.Errorf("cell %d has outputs: commit notebooks cleared", i)
				}
			}
			if len(code) < 2 {
				t.Fatalf("%d code cells, want a setup cell and more", len(code))
			}
			if !strings.Contains(code[0], "go work use . ${GONB_DIR}/..") {
				t.Errorf("first code cell does not point GoNB at the repository:\n%s", code[0])
			}
			all := strings.Join(code, "\n")
			if !strings.Contains(all, "// Parameters") {
				t.Error("no parameter cell (a cell with a // Parameters comment)")
			}
		})
	}
}

// TestNotebooksExecute runs every notebook with nbconvert and the gonb kernel, then checks the
// outputs and, when Chromium is installed, that every chart draws in the notebook's HTML export
// (nbconvert's default template, which loads RequireJS).
func TestNotebooksExecute(t *testing.T) {
	jupyter, err := exec.LookPath("jupyter")
	if err != nil {
		t.Skip("SKIP: jupyter is not installed (run scripts/setup.sh); the notebooks were not executed")
	}
	env := append(os.Environ(), "PATH="+goBin(t)+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := command(context.Background(), env, jupyter, "kernelspec", "list", "--json").Output()
	if err != nil || !strings.Contains(string(out), `"gonb"`) {
		t.Skip("SKIP: the gonb Jupyter kernel is not registered (run scripts/setup.sh); the notebooks were not executed")
	}
	chromium := analysis.ChromiumPath()
	for _, path := range notebookPaths(t) {
		t.Run(path, func(t *testing.T) {
			dir := t.TempDir()
			start := time.Now()
			ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
			defer cancel()
			cmd := command(ctx, env, jupyter, "nbconvert", "--to", "notebook", "--execute",
				"--ExecutePreprocessor.timeout=480", "--output-dir", dir, "--output", path, path)
			logs, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("nbconvert --execute %s: %v\n%s", path, err, tailLines(string(logs), 60))
			}
			t.Logf("%s executed in %v", path, time.Since(start).Round(100*time.Millisecond))
			executed := filepath.Join(dir, path)
			charts := checkOutputs(t, readNotebook(t, executed))

			if chromium == "" {
				t.Logf("no chromium on PATH: the HTML export of %s was not loaded in a browser", path)
				return
			}
			html := strings.TrimSuffix(path, ".ipynb") + ".html"
			cmd = command(ctx, env, jupyter, "nbconvert", "--to", "html", "--output-dir", dir, "--output", html, executed)
			if logs, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("nbconvert --to html: %v\n%s", err, tailLines(string(logs), 30))
			}
			dom, err := analysis.BrowserDOM(ctx, chromium, filepath.Join(dir, html))
			if err != nil {
				t.Fatal(err)
			}
			bad, total := analysis.UndrawnCharts(dom)
			if total != charts || len(bad) > 0 {
				t.Errorf("HTML export: %d chart elements (want %d), not drawn: %v", total, charts, bad)
			}
		})
	}
}

var (
	showRE      = regexp.MustCompile(`analysis\.(Show|ShowReport|ShowPlot|ShowPlotSize|ShowTable)\(`)
	chartShowRE = regexp.MustCompile(`analysis\.(Show|ShowReport)\(`)
	plotShowRE  = regexp.MustCompile(`analysis\.(ShowPlot|ShowPlotSize)\(`)
)

// checkOutputs fails on any error output, and on a cell that calls an analysis display
// function but shows nothing of the kind. It returns the number of charts shown.
func checkOutputs(t *testing.T, nb notebook) (charts int) {
	t.Helper()
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		src := text(c.Source)
		var html strings.Builder
		pngs := 0
		for _, o := range c.Outputs {
			switch {
			case o.OutputType == "error":
				t.Errorf("cell %d: %s: %s", i, o.EName, o.EValue)
			case o.OutputType == "stream" && o.Name == "stderr" && strings.Contains(text(o.Text), "panic:"):
				t.Errorf("cell %d panicked:\n%s", i, tailLines(text(o.Text), 20))
			}
			if h, ok := o.Data["text/html"]; ok {
				html.WriteString(text(h))
			}
			if _, ok := o.Data["image/png"]; ok {
				pngs++
			}
		}
		n := strings.Count(html.String(), `class="thermodiff-chart"`)
		charts += n
		switch {
		case chartShowRE.MatchString(src) && n == 0:
			t.Errorf("cell %d shows charts but has no chart in its outputs", i)
		case plotShowRE.MatchString(src) && pngs == 0:
			t.Errorf("cell %d shows a plot but has no PNG output", i)
		case showRE.MatchString(src) && html.Len() == 0 && pngs == 0:
			t.Errorf("cell %d displays something but has no display output", i)
		}
	}
	return charts
}

// goBin is where `go install` puts binaries (gonb, goimports): GoNB needs goimports on PATH.
func goBin(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOBIN", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) > 0 && strings.TrimSpace(lines[0]) != "" {
		return strings.TrimSpace(lines[0])
	}
	return filepath.Join(strings.TrimSpace(lines[len(lines)-1]), "bin")
}

func command(ctx context.Context, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	return cmd
}

func tailLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
