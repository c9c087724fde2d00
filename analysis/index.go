package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// The index page: one table of the paper's numbers beside every experiment's, read from each
// DIR/<experiment>/metrics.json, with links to the experiments' reports.

// IndexExperiment names a registered experiment, in the order the index lists it.
type IndexExperiment struct {
	Name    string
	Summary string
}

// IndexEntry is one experiment's block on the index page.
type IndexEntry struct {
	Name, Summary string
	// Report is the report's path relative to the index ("" when there is none).
	Report string
	// Results are the paper-versus-measured rows read from metrics.json.
	Results []Result
	// Run summarizes the run's provenance (seed, commit, wall time).
	Run string
	// Problem says why the experiment has no numbers (not run, unreadable metrics).
	Problem string
}

// ReadMetrics reads a metrics.json file as a JSON object.
func ReadMetrics(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// quantityNames names the metrics keys the experiments share; other keys are shown with their
// underscores as spaces.
var quantityNames = map[string]string{
	"K":             "K",
	"K_minus_Lnull": "K − L_null",
	"Lnull":         "L_null",
	"IS_loglik":     "log p(x), importance sampled",
}

var units = []string{"bits_per_seq", "bits_per_pixel", "bits", "nats", "kT"}

// splitUnit splits "K_minus_Lnull_bits" into ("K_minus_Lnull", "bits").
func splitUnit(key string) (base, unit string) {
	for _, u := range units {
		if strings.HasSuffix(key, "_"+u) {
			return strings.TrimSuffix(key, "_"+u), u
		}
	}
	return key, ""
}

// ResultsFromMetrics turns a metrics.json object into table rows: one per key "paper_X" with
// the measured X beside it, its standard error from "<base>_stderr_<unit>" (K − L_null falls
// back to K's, which it shares) and the unit from the key's suffix (_bits, _nats, _kT, …).
// Rows come in a fixed order: K, K − L_null, then the rest by key.
func ResultsFromMetrics(m map[string]any) []Result {
	var keys []string
	for k := range m {
		if strings.HasPrefix(k, "paper_") {
			keys = append(keys, strings.TrimPrefix(k, "paper_"))
		}
	}
	rank := func(k string) string {
		switch base, _ := splitUnit(k); base {
		case "K":
			return "0"
		case "K_minus_Lnull":
			return "1"
		}
		return "2" + k
	}
	sort.Slice(keys, func(i, j int) bool { return rank(keys[i]) < rank(keys[j]) })
	var out []Result
	for _, key := range keys {
		base, unit := splitUnit(key)
		name, ok := quantityNames[base]
		if !ok {
			name = strings.ReplaceAll(base, "_", " ")
		}
		r := Result{Name: name, Unit: strings.ReplaceAll(unit, "_per_", "/"),
			Paper: number(m["paper_"+key]), Ours: number(m[key])}
		seKey := base + "_stderr"
		if unit != "" {
			seKey += "_" + unit
		}
		r.PaperStdErr = zeroNaN(number(m["paper_"+seKey]))
		r.OursStdErr = zeroNaN(number(m[seKey]))
		if _, ok := m[seKey]; !ok && base == "K_minus_Lnull" {
			r.OursStdErr = zeroNaN(number(m["K_stderr_"+unit]))
		}
		out = append(out, r)
	}
	return out
}

func number(v any) float64 {
	if f, ok := v.(float64); ok {
		return f
	}
	return math.NaN()
}

func zeroNaN(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

// runSummary describes a run from the provenance fields of its metrics.
func runSummary(m map[string]any) string {
	prov, _ := m["provenance"].(map[string]any)
	get := func(k string) any {
		if v, ok := m[k]; ok {
			return v
		}
		if prov != nil {
			return prov[k]
		}
		return nil
	}
	var parts []string
	if v := get("seed"); v != nil {
		parts = append(parts, fmt.Sprintf("seed %v", v))
	}
	if v, ok := get("git_commit").(string); ok && v != "" {
		parts = append(parts, "commit "+v)
	}
	if v, ok := get("wall_seconds").(float64); ok {
		parts = append(parts, (time.Duration(v * float64(time.Second))).Round(time.Second).String())
	}
	return strings.Join(parts, ", ")
}

// IndexEntries collects the index's entries from dir: the known experiments in order (those not
// run are listed with a note), then any other sub-directory holding a report.html or a
// metrics.json (e.g. the thermodynamics check), by name. Unreadable metrics become a Problem on
// the entry, not an error: one bad file does not hide the others.
func IndexEntries(dir string, known []IndexExperiment) ([]IndexEntry, error) {
	seen := map[string]bool{}
	var entries []IndexEntry
	add := func(name, summary string, mustList bool) {
		seen[name] = true
		e := IndexEntry{Name: name, Summary: summary}
		sub := filepath.Join(dir, name)
		if _, err := os.Stat(filepath.Join(sub, "report.html")); err == nil {
			e.Report = filepath.ToSlash(filepath.Join(name, "report.html"))
		}
		m, err := ReadMetrics(filepath.Join(sub, "metrics.json"))
		switch {
		case err == nil:
			e.Results = ResultsFromMetrics(m)
			e.Run = runSummary(m)
		case os.IsNotExist(err):
			if e.Report == "" {
				if !mustList {
					return
				}
				e.Problem = "not run: no " + filepath.ToSlash(filepath.Join(name, "metrics.json"))
			}
		default:
			e.Problem = "unreadable metrics.json: " + err.Error()
		}
		entries = append(entries, e)
	}
	for _, k := range known {
		add(k.Name, k.Summary, true)
	}
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, de := range des {
		if de.IsDir() && !seen[de.Name()] && !strings.HasPrefix(de.Name(), ".") {
			add(de.Name(), "", false)
		}
	}
	return entries, nil
}

// WriteIndex writes dir/index.html for the entries IndexEntries finds and returns its path.
func WriteIndex(dir string, known []IndexExperiment) (string, error) {
	entries, err := IndexEntries(dir, known)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := WriteIndexHTML(&b, entries, time.Now()); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "index.html")
	return path, writeFileAtomic(path, b.Bytes())
}

// WriteIndexHTML writes the index page for the entries.
func WriteIndexHTML(w io.Writer, entries []IndexEntry, generated time.Time) error {
	type row struct {
		First                                bool
		Span                                 int
		Name, Summary, Report, Run, Problem  string
		Quantity, Paper, Ours, Unit, Comment string
	}
	var rows []row
	for _, e := range entries {
		base := row{First: true, Name: e.Name, Summary: e.Summary, Report: e.Report, Run: e.Run, Problem: e.Problem}
		if len(e.Results) == 0 {
			base.Span = 1
			rows = append(rows, base)
			continue
		}
		for i, r := range e.Results {
			x := base
			x.First, x.Span = i == 0, len(e.Results)
			x.Quantity, x.Unit, x.Comment = r.Name, r.Unit, r.Note
			x.Paper, x.Ours = FormatEstimate(r.Paper, r.PaperStdErr), FormatEstimate(r.Ours, r.OursStdErr)
			rows = append(rows, x)
		}
	}
	return indexTemplate.Execute(w, struct {
		Rows      []row
		Generated string
	}{rows, generated.UTC().Format(timeFormat)})
}

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>thermodiff: reproduction of Sohl-Dickstein et al. 2015</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 1.5em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; }
table { border-collapse: collapse; margin: .8em 0; }
th, td { border: 1px solid #ddd; padding: .35em .7em; text-align: left; vertical-align: top; }
th { background: #f4f5f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.summary, .run { color: #555; font-size: .9em; }
td.q { white-space: nowrap; }
.problem { color: #a33; }
footer { color: #777; font-size: .85em; margin-top: 3em; }
</style>
</head>
<body>
<h1>thermodiff: reproduction of Sohl-Dickstein et al. 2015</h1>
<p>Deep Unsupervised Learning using Nonequilibrium Thermodynamics (ICML 2015): the paper's numbers
beside this reproduction's, with standard errors, read from each experiment's
<code>metrics.json</code>. Each experiment's report has its figures and provenance.</p>
<table>
<tr><th>experiment</th><th>quantity</th><th>paper</th><th style="white-space:nowrap">this run (± s.e.)</th><th>unit</th><th>note</th></tr>
{{range .Rows}}<tr>{{if .First}}<td rowspan="{{.Span}}"><b>{{if .Report}}<a href="{{.Report}}">{{.Name}}</a>{{else}}{{.Name}}{{end}}</b>
{{if .Summary}}<div class="summary">{{.Summary}}</div>{{end}}{{if .Run}}<div class="run">{{.Run}}</div>{{end}}</td>{{end}}
{{if .Problem}}<td colspan="5" class="problem">{{.Problem}}</td>{{else if .Quantity}}<td class="q">{{.Quantity}}</td><td class="num">{{.Paper}}</td><td class="num">{{.Ours}}</td><td>{{.Unit}}</td><td>{{.Comment}}</td>{{else}}<td colspan="5">{{if .Report}}<a href="{{.Report}}">report</a>{{end}}</td>{{end}}</tr>
{{end}}</table>
<footer>Generated {{.Generated}} by thermodiff from the runs' metrics.json files; reports are never edited by hand.</footer>
</body>
</html>
`))
