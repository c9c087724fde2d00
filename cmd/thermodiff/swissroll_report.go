package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// figure1PNG draws Figure 1 (3 rows × 3 time slices) with gonum/plot and returns the PNG.
func figure1PNG(fig swissRollFig) ([]byte, error) {
	const rows, cols = 3, 3
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
		for c := 0; c < cols; c++ {
			p := plot.New()
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -2.5, 2.5, -2.5, 2.5
			t := fig.Times[c]
			switch r {
			case 0:
				p.Title.Text = fmt.Sprintf("forward q(x^(%d))", t)
				addScatter(p, fig.Forward[c], color.RGBA{R: 31, G: 119, B: 180, A: 255})
			case 1:
				p.Title.Text = fmt.Sprintf("reverse p(x^(%d))", t)
				addScatter(p, fig.Reverse[c], color.RGBA{R: 214, G: 39, B: 40, A: 255})
			case 2:
				p.Title.Text = fmt.Sprintf("drift μ(x,%d) − x", max(t, 1))
				addDrift(p, fig.Grid, fig.Drift[c])
			}
			plots[r][c] = p
		}
	}
	img := vgimg.New(vg.Points(900), vg.Points(900))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(6), PadY: vg.Points(6), PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
	canvases := plot.Align(plots, tiles, dc)
	for r := range plots {
		for c := range plots[r] {
			plots[r][c].Draw(canvases[r][c])
		}
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func addScatter(p *plot.Plot, xy []float64, c color.Color) {
	pts := make(plotter.XYs, 0, len(xy)/2)
	for i := 0; i+1 < len(xy); i += 2 {
		pts = append(pts, plotter.XY{X: xy[i], Y: xy[i+1]})
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return
	}
	s.GlyphStyle.Radius = vg.Points(0.8)
	s.GlyphStyle.Color = c
	p.Add(s)
}

// addDrift draws each drift vector as a short line from the grid point, scaled to stay readable.
func addDrift(p *plot.Plot, grid, drift []float64) {
	var maxLen float64
	for i := 0; i+1 < len(drift); i += 2 {
		l := drift[i]*drift[i] + drift[i+1]*drift[i+1]
		maxLen = max(maxLen, l)
	}
	scale := 1.0
	if maxLen > 0 {
		scale = 0.28 / math.Sqrt(maxLen)
	}
	for i := 0; i+1 < len(grid); i += 2 {
		l, err := plotter.NewLine(plotter.XYs{{X: grid[i], Y: grid[i+1]}, {X: grid[i] + scale*drift[i], Y: grid[i+1] + scale*drift[i+1]}})
		if err != nil {
			continue
		}
		l.Color = color.RGBA{R: 44, G: 160, B: 44, A: 255}
		p.Add(l)
		dot, err := plotter.NewScatter(plotter.XYs{{X: grid[i], Y: grid[i+1]}})
		if err == nil {
			dot.GlyphStyle.Radius = vg.Points(0.7)
			p.Add(dot)
		}
	}
}

var swissRollTmpl = template.Must(template.New("r").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Swiss roll — thermodiff</title>
<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}</style></head>
<body><h1>Swiss roll (Table 1, Figure 1)</h1>
<table><tr><th></th><th>paper</th><th>measured</th></tr>
<tr><td>K (bits)</td><td>{{.M.PaperKBits}}</td><td>{{printf "%.3f" .M.KBits}} ± {{printf "%.3f" .M.KStdErrBits}}</td></tr>
<tr><td>K − L_null (bits)</td><td>{{.M.PaperKMinusNull}}</td><td>{{printf "%.3f" .M.KMinusNullBits}}</td></tr>
<tr><td>IS log-likelihood, eq. 9 (bits)</td><td>—</td><td>{{printf "%.3f" .M.ISLogLikBits}} ± {{printf "%.3f" .M.ISLogLikStdErrBits}}</td></tr>
<tr><td>ceiling of K − L_null, ½log2((1−ᾱ_T)/β_1) per dim (bits)</td><td>—</td><td>{{printf "%.3f" .M.CeilingBits}}</td></tr>
</table>
<p>Training: {{printf "%.1f" .M.TrainSeconds}} s ({{printf "%.0f" .M.StepsPerSecond}} steps/s), {{.M.Params}} parameters. Seed {{.M.Seed}}, commit {{.M.GitCommit}}, {{.M.Provenance.GoVersion}}, BLAS {{.M.Provenance.BLAS}}.</p>
<h2>Figure 1</h2><img alt="Figure 1" style="max-width:100%" src="data:image/png;base64,{{.PNG}}">
<h2>Settings</h2><pre>{{.Settings}}</pre>
</body></html>`))

func writeSwissRollReport(path string, m swissRollMetrics, fig swissRollFig) error {
	png, err := figure1PNG(fig)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = swissRollTmpl.Execute(&buf, map[string]any{
		"M": m, "PNG": base64.StdEncoding.EncodeToString(png), "Settings": fmt.Sprintf("%v", m.Provenance.Settings),
	})
	if err != nil {
		return err
	}
	return writeFileAtomic(path, buf.Bytes())
}
