package analysis

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/thermodiff/thermodiff/diffusion"
)

// Result is one row of a report's table: the paper's number beside this run's.
type Result struct {
	// Name is the quantity, e.g. "K" or "K − L_null".
	Name string
	// Unit is e.g. "bits" or "bits/seq.".
	Unit string
	// Paper and PaperStdErr are the paper's value and standard error; NaN Paper means the
	// paper gives none, zero PaperStdErr that it gives no error.
	Paper, PaperStdErr float64
	// Ours and OursStdErr are this run's value and standard error (zero: not estimated).
	Ours, OursStdErr float64
	// Note is a short remark shown beside the row (e.g. "held-out, 1000 samples").
	Note string
}

// Figure is one figure of a report: an interactive chart or a static image.
type Figure struct {
	// Caption says what the figure shows (and which figure of the paper it reproduces).
	Caption string
	// Chart is an interactive chart; Image a static PNG. Exactly one should be set.
	Chart *Chart
	Image []byte
}

// Report is one self-contained HTML page for one experiment run: a title, the paper's numbers
// beside ours, the run's provenance and every figure. It needs no network: the ECharts library
// is inlined once and static images are data URIs. Every string is escaped (html/template).
type Report struct {
	// Title heads the page, e.g. "Swiss roll (Sohl-Dickstein et al. 2015, §3.1)".
	Title string
	// Summary is a paragraph under the title (plain text).
	Summary string
	// Results is the paper-versus-measured table.
	Results []Result
	// Provenance records how the numbers were made.
	Provenance Provenance
	// Figures in page order.
	Figures []Figure
	// Notes are plain-text paragraphs at the end (caveats, differences from the paper).
	Notes []string
}

// AddChart appends an interactive chart with its caption.
func (r *Report) AddChart(caption string, c *Chart) {
	r.Figures = append(r.Figures, Figure{Caption: caption, Chart: c})
}

// AddPlot renders a gonum plot to a PNG (width × height) and appends it with its caption.
func (r *Report) AddPlot(caption string, p *plot.Plot, width, height vg.Length) error {
	png, err := PlotPNG(p, width, height)
	if err != nil {
		return err
	}
	r.Figures = append(r.Figures, Figure{Caption: caption, Image: png})
	return nil
}

// Charts returns the report's interactive charts in page order.
func (r *Report) Charts() []*Chart {
	var out []*Chart
	for _, f := range r.Figures {
		if f.Chart != nil {
			out = append(out, f.Chart)
		}
	}
	return out
}

// WriteHTML writes the page.
func (r *Report) WriteHTML(w io.Writer) error {
	type fig struct {
		N       int
		Caption string
		Chart   template.HTML
		Image   template.URL
	}
	type row struct {
		Name, Unit, Paper, Ours, Note string
	}
	data := struct {
		Title, Summary string
		Rows           []row
		Prov           []Setting
		Settings       []Setting
		Figures        []fig
		Notes          []string
		Library        template.JS
		HasCharts      bool
		EChartsVersion string
	}{Title: r.Title, Summary: r.Summary, Notes: r.Notes, EChartsVersion: EChartsVersion}
	for _, res := range r.Results {
		data.Rows = append(data.Rows, row{
			Name: res.Name, Unit: res.Unit, Note: res.Note,
			Paper: FormatEstimate(res.Paper, res.PaperStdErr),
			Ours:  FormatEstimate(res.Ours, res.OursStdErr),
		})
	}
	data.Prov = r.Provenance.summary()
	data.Settings = r.Provenance.Settings
	for i, f := range r.Figures {
		fg := fig{N: i + 1, Caption: f.Caption}
		switch {
		case f.Chart != nil:
			s, err := f.Chart.snippet(fmt.Sprintf("chart-%d", i+1))
			if err != nil {
				return err
			}
			fg.Chart = s
			data.HasCharts = true
		case f.Image != nil:
			fg.Image = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(f.Image))
		default:
			return fmt.Errorf("analysis: report %q: figure %d has neither a chart nor an image", r.Title, i+1)
		}
		data.Figures = append(data.Figures, fg)
	}
	if data.HasCharts {
		data.Library = echartsScript()
	}
	var b bytes.Buffer
	if err := reportTemplate.Execute(&b, data); err != nil {
		return fmt.Errorf("analysis: report %q: %w", r.Title, err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// WriteFile writes the page to path (through a temporary file and a rename, so a reader never
// sees half a page), creating the directory if needed.
func (r *Report) WriteFile(path string) error {
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		return err
	}
	return writeFileAtomic(path, b.Bytes())
}

// writeFileAtomic writes data to path through a temporary file in the same directory.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return diffusion.WriteFileAtomic(path, data)
}

// FormatEstimate formats a value and its standard error as "2.315 ± 0.041": the error with two
// significant digits and the value to the same decimal place. A zero (or NaN) error gives the
// value alone with four significant digits; a NaN value gives "—".
func FormatEstimate(v, stderr float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	if math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if stderr <= 0 || math.IsNaN(stderr) || math.IsInf(stderr, 0) {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	dec := 1 - int(math.Floor(math.Log10(stderr)))
	if dec < 0 {
		dec = 0
	}
	if dec > 12 {
		dec = 12
	}
	return strconv.FormatFloat(v, 'f', dec, 64) + " ± " + strconv.FormatFloat(stderr, 'f', dec, 64)
}

var reportTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 1.5em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.2em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #ddd; padding: .3em .7em; text-align: left; vertical-align: top; }
th { background: #f4f5f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.2em 0 2em 0; }
figcaption { color: #444; font-size: .95em; margin-top: .3em; }
figure img { max-width: 100%; }
.prov td:first-child { color: #555; white-space: nowrap; }
footer { color: #777; font-size: .85em; margin-top: 3em; }
</style>
{{if .HasCharts}}<script>
{{.Library}}
</script>{{end}}
</head>
<body>
<h1>{{.Title}}</h1>
{{if .Summary}}<p>{{.Summary}}</p>{{end}}
{{if .Rows}}<h2>Paper versus this run</h2>
<table class="results">
<tr><th>quantity</th><th>paper</th><th>this run (± s.e.)</th><th>unit</th><th>note</th></tr>
{{range .Rows}}<tr><td>{{.Name}}</td><td class="num">{{.Paper}}</td><td class="num">{{.Ours}}</td><td>{{.Unit}}</td><td>{{.Note}}</td></tr>
{{end}}</table>{{end}}
{{range .Figures}}<figure id="figure-{{.N}}">
{{if .Chart}}{{.Chart}}{{else}}<img alt="figure {{.N}}" src="{{.Image}}">{{end}}
<figcaption><b>Figure {{.N}}.</b> {{.Caption}}</figcaption>
</figure>
{{end}}
{{if .Notes}}<h2>Notes</h2>{{range .Notes}}<p>{{.}}</p>{{end}}{{end}}
<h2>Provenance</h2>
<table class="prov">
{{range .Prov}}<tr><td>{{.Name}}</td><td>{{.Value}}</td></tr>
{{end}}</table>
{{if .Settings}}<h2>Settings</h2>
<table class="prov">
{{range .Settings}}<tr><td>{{.Name}}</td><td>{{.Value}}</td></tr>
{{end}}</table>{{end}}
<footer>Generated by thermodiff; charts drawn with Apache ECharts {{.EChartsVersion}} (inlined, Apache-2.0), no network needed.</footer>
</body>
</html>
`))

// Setting is one named value of a run's configuration or provenance.
type Setting struct {
	Name, Value string
}

// timeFormat is how provenance prints times.
const timeFormat = time.RFC3339
