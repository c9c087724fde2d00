package analysis

import (
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// PointSet is one named cloud of 2-D points (samples, data).
type PointSet struct {
	Name   string
	Points [][2]float64
	// Size is the marker size in pixels; 0 means 3.
	Size int
}

// Frame is one state of a chart with a time slider, e.g. the samples at one diffusion step t.
type Frame struct {
	// Label is the slider's label for this frame, e.g. "t = 20".
	Label string
	// Sets are the point clouds drawn in this frame.
	Sets []PointSet
}

// Scatter draws point clouds on equal-scaled axes.
func Scatter(title string, sets ...PointSet) *Chart {
	return ScatterTimeline(title, []Frame{{Sets: sets}})
}

// ScatterTimeline draws point clouds with a time slider (an ECharts timeline): one frame per
// slider position, all on the same axes so that motion is visible. With one frame there is no
// slider. Every frame should have the same sets in the same order (the legend is frame 0's).
func ScatterTimeline(title string, frames []Frame) *Chart {
	if len(frames) == 0 {
		panic("analysis: ScatterTimeline: no frames")
	}
	var all [][2]float64
	for _, f := range frames {
		for _, s := range f.Sets {
			all = append(all, s.Points...)
		}
	}
	opt := make([]map[string]any, len(frames))
	for i, f := range frames {
		sc := charts.NewScatter()
		sc.SetGlobalOptions(charts.WithTitleOpts(opts.Title{Title: frameTitle(title, f.Label)}))
		for _, s := range f.Sets {
			data := make([]opts.ScatterData, len(s.Points))
			for j, p := range s.Points {
				data[j] = opts.ScatterData{Value: []any{num(p[0]), num(p[1])}}
			}
			size := s.Size
			if size == 0 {
				size = 3
			}
			sc.AddSeries(s.Name, data, charts.WithScatterChartOpts(opts.ScatterChart{SymbolSize: size}))
		}
		opt[i] = optionOf(sc)
		compactData(opt[i])
	}
	return timelineChart(title, frames, opt, squareAxes(all))
}

func frameTitle(title, label string) string {
	if label == "" {
		return title
	}
	return title + " — " + label
}

// timelineChart combines per-frame options into one chart: frame 0 gives the axes and legend,
// each frame gives its title and series; more than one frame adds the slider.
func timelineChart(title string, frames []Frame, opt []map[string]any, axes [2]map[string]any) *Chart {
	base := opt[0]
	commonOptions(base)
	base["xAxis"] = []any{axes[0]}
	base["yAxis"] = []any{axes[1]}
	var legend []any
	for _, s := range frames[0].Sets {
		legend = append(legend, s.Name)
	}
	base["legend"] = map[string]any{"show": true, "top": 28, "data": legend}
	base["animationDurationUpdate"] = 300
	// A square plotting area, so that equal axis spans give equal scales.
	if len(frames) == 1 {
		base["grid"] = map[string]any{"left": "center", "top": 70, "width": 430, "height": 430}
		return &Chart{Title: title, Height: 560, option: base}
	}
	labels := make([]any, len(frames))
	options := make([]any, len(frames))
	for i, f := range frames {
		labels[i] = f.Label
		options[i] = map[string]any{"title": opt[i]["title"], "series": opt[i]["series"]}
	}
	base["timeline"] = map[string]any{
		"axisType": "category", "data": labels, "autoPlay": false, "playInterval": 700,
		"bottom": 8, "left": 60, "right": 60, "label": map[string]any{"fontSize": 10},
	}
	base["grid"] = map[string]any{"left": "center", "top": 70, "width": 440, "height": 440}
	return &Chart{Title: title, Height: 620, option: map[string]any{"baseOption": base, "options": options}}
}

// squareAxes returns x and y axes over the points' range with the same span, so shapes are
// not distorted by the aspect of the box.
func squareAxes(pts [][2]float64) [2]map[string]any {
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
			continue
		}
		minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
		minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
	}
	if minX > maxX {
		minX, maxX, minY, maxY = -1, 1, -1, 1
	}
	span := math.Max(maxX-minX, maxY-minY) * 1.05
	if span == 0 {
		span = 1
	}
	cx, cy := (minX+maxX)/2, (minY+maxY)/2
	ax := func(name string, c float64) map[string]any {
		a := valueAxis(name, false)
		a["min"], a["max"] = niceFloor(c-span/2), niceCeil(c+span/2)
		a["splitLine"] = map[string]any{"show": true, "lineStyle": map[string]any{"opacity": 0.3}}
		return a
	}
	return [2]map[string]any{ax("x₁", cx), ax("x₂", cy)}
}

func niceFloor(v float64) float64 { return math.Floor(v*10) / 10 }
func niceCeil(v float64) float64  { return math.Ceil(v*10) / 10 }

// DriftFrame is one drift field: at each point From, the arrow From → From + Scale·Drift.
type DriftFrame struct {
	// Label is the slider's label, e.g. "t = 20".
	Label string
	// From are the arrows' tails; Drift the vectors (e.g. the learned mean minus x).
	From, Drift [][2]float64
	// Scale multiplies every vector before drawing; 0 means 1.
	Scale float64
	// Background, when not nil, is drawn as grey points under the arrows (e.g. the samples).
	Background [][2]float64
}

// DriftField draws vector fields as arrows, one frame per slider position (no slider for one
// frame): e.g. the learned drift μ(x, t) − x of the reverse process at several t.
func DriftField(title string, frames []DriftFrame) *Chart {
	if len(frames) == 0 {
		panic("analysis: DriftField: no frames")
	}
	var all [][2]float64
	opt := make([]map[string]any, len(frames))
	sets := make([]Frame, len(frames))
	for i, f := range frames {
		checkLen("DriftField "+f.Label, len(f.From), len(f.Drift))
		scale := f.Scale
		if scale == 0 {
			scale = 1
		}
		sc := charts.NewScatter()
		sc.SetGlobalOptions(charts.WithTitleOpts(opts.Title{Title: frameTitle(title, f.Label)}))
		m := optionOf(sc)
		var series []any
		if f.Background != nil {
			bg := make([]any, len(f.Background))
			for j, p := range f.Background {
				bg[j] = []any{num(p[0]), num(p[1])}
			}
			all = append(all, f.Background...)
			series = append(series, map[string]any{
				"name": "samples", "type": "scatter", "data": bg, "symbolSize": 2, "silent": true,
				"itemStyle": map[string]any{"color": "#bbb"},
			})
		}
		lines := make([]any, len(f.From))
		for j, p := range f.From {
			q := [2]float64{p[0] + scale*f.Drift[j][0], p[1] + scale*f.Drift[j][1]}
			all = append(all, p, q)
			lines[j] = map[string]any{"coords": []any{[]any{num(p[0]), num(p[1])}, []any{num(q[0]), num(q[1])}}}
		}
		series = append(series, map[string]any{
			"name": "drift", "type": "lines", "coordinateSystem": "cartesian2d", "data": lines,
			"symbol": []any{"none", "arrow"}, "symbolSize": 6, "silent": true,
			"lineStyle": map[string]any{"color": "#5470c6", "width": 1.2, "opacity": 0.9},
		})
		m["series"] = series
		opt[i] = m
		sets[i] = Frame{Label: f.Label}
		if f.Background != nil {
			sets[i].Sets = append(sets[i].Sets, PointSet{Name: "samples"})
		}
		sets[i].Sets = append(sets[i].Sets, PointSet{Name: "drift"})
	}
	return timelineChart(title, sets, opt, squareAxes(all))
}

// compactData replaces data items of the form {"value": v} by v in every series: the same
// chart in ECharts, and about half the bytes for large point clouds.
func compactData(m map[string]any) {
	series, _ := m["series"].([]any)
	for _, s := range series {
		sm, ok := s.(map[string]any)
		if !ok {
			continue
		}
		data, _ := sm["data"].([]any)
		for i, d := range data {
			if dm, ok := d.(map[string]any); ok && len(dm) == 1 {
				if v, ok := dm["value"]; ok {
					data[i] = v
				}
			}
		}
	}
}
