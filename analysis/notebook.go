package analysis

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Display in GoNB notebooks. Every function here is a no-op outside a notebook (except the
// progress bar, which then prints a text line), so the same code runs in a notebook cell, a
// test and a command.

// InNotebook reports whether the program runs as a GoNB notebook cell.
func InNotebook() bool { return gonbui.IsNotebook }

// Show displays charts as the output of the current notebook cell. The output carries the
// ECharts library (once for all the charts given; skipped by the browser when the page already
// has it), so it draws in Jupyter, in JupyterLab and in nbconvert's HTML export, where
// RequireJS is present. It waits until the output has reached the kernel (gonbui.Sync): a large
// output sent just before the cell's program exits is otherwise lost.
func Show(charts ...*Chart) error {
	if !gonbui.IsNotebook {
		return nil
	}
	frag, err := HTMLFragment("thermodiff-"+gonbui.UniqueId(), charts...)
	if err != nil {
		return err
	}
	gonbui.DisplayHtml(frag)
	gonbui.Sync()
	return gonbui.Error()
}

// ShowPlot displays a gonum plot as a 6×4 inch PNG in the current notebook cell.
func ShowPlot(p *plot.Plot) error { return ShowPlotSize(p, 6, 4) }

// ShowPlotSize displays a gonum plot as a PNG of the given size in inches.
func ShowPlotSize(p *plot.Plot, widthInch, heightInch float64) error {
	if !gonbui.IsNotebook {
		return nil
	}
	png, err := PlotPNG(p, vg.Length(widthInch)*vg.Inch, vg.Length(heightInch)*vg.Inch)
	if err != nil {
		return err
	}
	gonbui.DisplayPng(png)
	gonbui.Sync()
	return gonbui.Error()
}

// ShowReport displays a report's page (table, figures, provenance) in the current notebook cell.
func ShowReport(r *Report) error {
	if !gonbui.IsNotebook {
		return nil
	}
	var b strings.Builder
	if err := r.WriteHTML(&b); err != nil {
		return err
	}
	return showPage(b.String())
}

// ShowHTMLFile displays a generated HTML report file (e.g. DIR/heartbeat/report.html) in the
// current notebook cell.
func ShowHTMLFile(path string) error {
	if !gonbui.IsNotebook {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return showPage(string(data))
}

// showPage shows a self-contained page inline (an iframe would hide it from nbconvert's
// export), with its chart element ids made unique for this output.
func showPage(page string) error {
	id := "r" + gonbui.UniqueId()
	page = strings.ReplaceAll(page, `id="chart-`, `id="`+id+`-chart-`)
	page = strings.ReplaceAll(page, `getElementById("chart-`, `getElementById("`+id+`-chart-`)
	gonbui.DisplayHtml(page)
	gonbui.Sync()
	return gonbui.Error()
}

// ShowTable displays results as a table in the current notebook cell; the reference column
// holds the paper's value or, for a check against a closed form, the exact one.
func ShowTable(results []Result) error {
	if !gonbui.IsNotebook {
		return nil
	}
	var b strings.Builder
	b.WriteString(`<table><tr><th>quantity</th><th>paper / exact</th><th>this run (± s.e.)</th><th>unit</th><th>note</th></tr>`)
	for _, r := range results {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			html.EscapeString(r.Name), html.EscapeString(FormatEstimate(r.Paper, r.PaperStdErr)),
			html.EscapeString(FormatEstimate(r.Ours, r.OursStdErr)), html.EscapeString(r.Unit),
			html.EscapeString(r.Note))
	}
	b.WriteString("</table>")
	gonbui.DisplayHtml(b.String())
	gonbui.Sync()
	return gonbui.Error()
}

// Progress shows the progress of a long loop: a bar that updates in place in a notebook cell,
// and a text line (rewritten with \r) on Writer elsewhere. Updates are throttled, so calling
// Update on every iteration is cheap.
type Progress struct {
	// Label names the work, e.g. "training".
	Label string
	// Total is the number of steps; 0 means unknown.
	Total int
	// Writer receives the text line outside a notebook; nil means os.Stderr.
	Writer io.Writer
	// Interval is the least time between two updates; 0 means 200 ms.
	Interval time.Duration

	id          string
	start, last time.Time
	done        int
	status      string
	drawn       bool
}

// NewProgress returns a progress bar for total steps.
func NewProgress(label string, total int) *Progress {
	return &Progress{Label: label, Total: total}
}

// Update records that done steps are finished, with a short status (e.g. "K = 1.93 bits"), and
// redraws the bar if Interval has passed since the last redraw.
func (p *Progress) Update(done int, status string) {
	now := time.Now()
	if p.start.IsZero() {
		p.start = now
	}
	p.done, p.status = done, status
	iv := p.Interval
	if iv == 0 {
		iv = 200 * time.Millisecond
	}
	if p.drawn && now.Sub(p.last) < iv && (p.Total == 0 || done < p.Total) {
		return
	}
	p.last = now
	p.draw(false)
}

// Finish draws the final state (and ends the text line).
func (p *Progress) Finish(status string) {
	if p.start.IsZero() {
		p.start = time.Now()
	}
	if status != "" {
		p.status = status
	}
	p.draw(true)
	if gonbui.IsNotebook {
		gonbui.Sync()
	}
}

func (p *Progress) fraction() float64 {
	if p.Total <= 0 {
		return 0
	}
	return min(1, max(0, float64(p.done)/float64(p.Total)))
}

// text is the line shown in both forms: "training  45% 450/1000  12s, ETA 15s  K = 1.9".
func (p *Progress) text(final bool) string {
	el := time.Since(p.start).Round(time.Second)
	var b strings.Builder
	if p.Total > 0 {
		fmt.Fprintf(&b, "%3.0f%% %d/%d  %v", 100*p.fraction(), p.done, p.Total, el)
		if f := p.fraction(); !final && f > 0 && f < 1 {
			eta := time.Duration(float64(time.Since(p.start)) * (1 - f) / f).Round(time.Second)
			fmt.Fprintf(&b, ", ETA %v", eta)
		}
	} else {
		fmt.Fprintf(&b, "%d  %v", p.done, el)
	}
	if p.status != "" {
		b.WriteString("  " + p.status)
	}
	return b.String()
}

func (p *Progress) draw(final bool) {
	p.drawn = true
	if gonbui.IsNotebook {
		if p.id == "" {
			p.id = "progress-" + gonbui.UniqueId()
		}
		color := "#5470c6"
		if final {
			color = "#3ba272"
		}
		gonbui.UpdateHtml(p.id, fmt.Sprintf(
			`<div style="font-family:monospace;font-size:13px"><b>%s</b> `+
				`<div style="display:inline-block;vertical-align:middle;width:300px;height:12px;background:#e8e8e8;border-radius:3px">`+
				`<div style="width:%.1f%%;height:100%%;background:%s;border-radius:3px"></div></div> %s</div>`,
			html.EscapeString(p.Label), 100*p.fraction(), color, html.EscapeString(p.text(final))))
		return
	}
	w := p.Writer
	if w == nil {
		w = os.Stderr
	}
	end := ""
	if final {
		end = "\n"
	}
	fmt.Fprintf(w, "\r%s %s\x1b[K%s", p.Label, p.text(final), end)
}
