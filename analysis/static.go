package analysis

import (
	"bytes"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Static figures for papers, drawn with gonum/plot (PNG, SVG or PDF; its fonts are embedded,
// so no system fonts are needed).

// Points adapts [][2]float64 to gonum/plot's plotter.XYer.
type Points [][2]float64

// Len implements plotter.XYer.
func (p Points) Len() int { return len(p) }

// XY implements plotter.XYer.
func (p Points) XY(i int) (x, y float64) { return p[i][0], p[i][1] }

// seriesXY adapts a Series to plotter.XYer.
type seriesXY Series

func (s seriesXY) Len() int                { return len(s.X) }
func (s seriesXY) XY(i int) (x, y float64) { return s.X[i], s.Y[i] }

var plotColors = []color.Color{
	color.RGBA{0x54, 0x70, 0xc6, 0xff}, color.RGBA{0x91, 0xcc, 0x75, 0xff},
	color.RGBA{0xfa, 0xc8, 0x58, 0xff}, color.RGBA{0xee, 0x66, 0x66, 0xff},
	color.RGBA{0x73, 0xc0, 0xde, 0xff}, color.RGBA{0x3b, 0xa2, 0x72, 0xff},
}

// LinePlot draws curves as a static figure.
func LinePlot(title, xName, yName string, series ...Series) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, xName, yName
	p.Add(plotter.NewGrid())
	for i, s := range series {
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("analysis: LinePlot %s: %d x values and %d y values", s.Name, len(s.X), len(s.Y))
		}
		l, err := plotter.NewLine(seriesXY(s))
		if err != nil {
			return nil, fmt.Errorf("analysis: LinePlot %s: %w", s.Name, err)
		}
		l.Color = plotColors[i%len(plotColors)]
		l.Width = vg.Points(1.5)
		if s.Dashed {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		p.Legend.Add(s.Name, l)
	}
	p.Legend.Top = true
	return p, nil
}

// ScatterPlot draws point clouds as a static figure with equal axis ranges.
func ScatterPlot(title string, sets ...PointSet) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text, p.X.Label.Text, p.Y.Label.Text = title, "x₁", "x₂"
	var all [][2]float64
	for i, s := range sets {
		sc, err := plotter.NewScatter(Points(s.Points))
		if err != nil {
			return nil, fmt.Errorf("analysis: ScatterPlot %s: %w", s.Name, err)
		}
		sc.GlyphStyle.Color = plotColors[i%len(plotColors)]
		sc.GlyphStyle.Radius = vg.Points(1.2)
		sc.GlyphStyle.Shape = draw.CircleGlyph{}
		p.Add(sc)
		p.Legend.Add(s.Name, sc)
		all = append(all, s.Points...)
	}
	ax := squareAxes(all)
	p.X.Min, p.X.Max = ax[0]["min"].(float64), ax[0]["max"].(float64)
	p.Y.Min, p.Y.Max = ax[1]["min"].(float64), ax[1]["max"].(float64)
	p.Legend.Top = true
	return p, nil
}

// PlotPNG renders a plot to PNG bytes (gonum/plot's default resolution).
func PlotPNG(p *plot.Plot, width, height vg.Length) ([]byte, error) {
	return plotBytes(p, width, height, "png")
}

// PlotSVG renders a plot to SVG text.
func PlotSVG(p *plot.Plot, width, height vg.Length) (string, error) {
	b, err := plotBytes(p, width, height, "svg")
	return string(b), err
}

func plotBytes(p *plot.Plot, width, height vg.Length, format string) ([]byte, error) {
	w, err := p.WriterTo(width, height, format)
	if err != nil {
		return nil, fmt.Errorf("analysis: render %s: %w", format, err)
	}
	var b bytes.Buffer
	if _, err := w.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("analysis: render %s: %w", format, err)
	}
	return b.Bytes(), nil
}

// SavePlot writes a plot to path; the extension (.png, .svg, .pdf) picks the format.
func SavePlot(p *plot.Plot, width, height vg.Length, path string) error {
	if err := p.Save(width, height, path); err != nil {
		return fmt.Errorf("analysis: save %s: %w", path, err)
	}
	return nil
}
