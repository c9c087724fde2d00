package analysis

import (
	"fmt"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Series is one named curve y(x) of a line chart.
type Series struct {
	// Name is the legend entry.
	Name string
	// X and Y are the points, in order; NaN or ±Inf in Y leaves a gap.
	X, Y []float64
	// StdErr, when not nil, draws a shaded band Y ± StdErr around the curve.
	StdErr []float64
	// Dashed draws the curve with a dashed line.
	Dashed bool
}

// Ints converts integer steps (iterations, diffusion steps t) to the float64 that Series takes.
func Ints(v []int) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// Range returns the floats start, start+1, …, start+n-1 (e.g. the steps t = 1…T).
func Range(start, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(start + i)
	}
	return out
}

// LineChart draws curves against a numeric x axis. When a series has a StdErr band the x axis
// is drawn as categories (ECharts stacks bands only over a category axis), and then every
// series must share the same X. It panics when slices differ in length.
func LineChart(title, xName, yName string, series ...Series) *Chart {
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: title}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true)}),
	)
	banded := false
	for _, s := range series {
		checkLen("LineChart "+s.Name, len(s.X), len(s.Y))
		if s.StdErr != nil {
			checkLen("LineChart "+s.Name+" StdErr", len(s.X), len(s.StdErr))
			banded = true
		}
		line.AddSeries(s.Name, nil)
	}
	if banded {
		for _, s := range series[1:] {
			if !sameFloats(s.X, series[0].X) {
				panic("analysis: LineChart: series with a StdErr band need the same X in every series")
			}
		}
	}
	m := optionOf(line)
	commonOptions(m)
	m["tooltip"] = map[string]any{"show": true, "trigger": "axis"}
	if banded {
		m["xAxis"] = []any{categoryAxis(xName, series[0].X)}
	} else {
		m["xAxis"] = []any{valueAxis(xName, true)}
	}
	m["yAxis"] = []any{valueAxis(yName, true)}

	var out []any
	var legend []any
	for i, s := range series {
		color := palette[i%len(palette)]
		ls := map[string]any{"width": 2, "color": color}
		if s.Dashed {
			ls["type"] = "dashed"
		}
		out = append(out, map[string]any{
			"name": s.Name, "type": "line", "data": lineData(s.X, s.Y, banded), "showSymbol": len(s.X) <= 60,
			"symbolSize": 5, "lineStyle": ls, "itemStyle": map[string]any{"color": color},
		})
		legend = append(legend, s.Name)
		if s.StdErr != nil {
			lo, hi := make([]float64, len(s.Y)), make([]float64, len(s.Y))
			for j := range s.Y {
				lo[j], hi[j] = s.Y[j]-s.StdErr[j], s.Y[j]+s.StdErr[j]
			}
			out = append(out, bandSeries(s.Name+" ± s.e.", fmt.Sprint("band", i), lo, hi, color)...)
		}
	}
	m["series"] = out
	m["legend"] = map[string]any{"show": true, "top": 28, "data": legend}
	return &Chart{Title: title, option: m}
}

// lineData is the data of a line series: [x, y] pairs on a value axis, y alone on a category
// axis.
func lineData(x, y []float64, category bool) []any {
	data := make([]any, len(x))
	for j := range x {
		if category {
			data[j] = num(y[j])
		} else {
			data[j] = []any{x[j], num(y[j])}
		}
	}
	return data
}

// categoryAxis is an x axis whose categories are the given values, printed compactly.
func categoryAxis(name string, x []float64) map[string]any {
	labels := make([]any, len(x))
	for i, v := range x {
		labels[i] = strconv.FormatFloat(v, 'g', 6, 64)
	}
	return map[string]any{
		"type": "category", "name": name, "nameLocation": "middle", "nameGap": 32,
		"data": labels, "boundaryGap": false,
	}
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// palette is ECharts' default colour cycle, so bands match their curves.
var palette = []string{"#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"}

// bandSeries draws the area between lo and hi as two stacked line series: an invisible lower
// edge and the width hi-lo filled on top of it.
// The x axis must be a category axis (ECharts stacks over value axes along x), and the
// strategy "all" stacks a positive width on a negative edge.
func bandSeries(name, stack string, lo, hi []float64, color string) []any {
	lower := make([]any, len(lo))
	width := make([]any, len(lo))
	for j := range lo {
		lower[j] = num(lo[j])
		width[j] = num(hi[j] - lo[j])
	}
	return []any{
		map[string]any{
			"name": name, "type": "line", "data": lower, "stack": stack, "stackStrategy": "all", "showSymbol": false,
			"lineStyle": map[string]any{"opacity": 0}, "tooltip": map[string]any{"show": false},
			"silent": true, "itemStyle": map[string]any{"color": color},
		},
		map[string]any{
			"name": name, "type": "line", "data": width, "stack": stack, "stackStrategy": "all", "showSymbol": false,
			"lineStyle": map[string]any{"opacity": 0}, "tooltip": map[string]any{"show": false},
			"silent": true, "itemStyle": map[string]any{"color": color},
			"areaStyle": map[string]any{"color": color, "opacity": 0.25},
		},
	}
}

// TrainingCurve draws the training objective against the iteration: the lower bound K in bits
// (higher is better), with the paper's value as a horizontal dashed line when paperBits is not
// NaN.
func TrainingCurve(iterations []int, boundBits []float64, paperBits float64) *Chart {
	return TrainingCurveOf("K", "bits", iterations, boundBits, paperBits)
}

// TrainingCurveOf is TrainingCurve for another form of the bound, named by quantity and unit
// (e.g. "K − L_null", "bits/pixel"), so that the title, legend and axis say what is drawn.
func TrainingCurveOf(quantity, unit string, iterations []int, boundBits []float64, paperBits float64) *Chart {
	checkLen("TrainingCurve", len(iterations), len(boundBits))
	series := []Series{{Name: quantity + " (training batch)", X: Ints(iterations), Y: boundBits}}
	c := LineChart("Training: "+quantity+" (lower bound, higher is better)", "iteration", quantity+" ("+unit+")", series...)
	if !math.IsNaN(paperBits) {
		addHorizontalLine(c, "paper", paperBits)
		// ECharts does not widen an axis for a mark line: include the paper's value.
		lo, hi := paperBits, paperBits
		for _, v := range boundBits {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		pad := 0.05*(hi-lo) + 1e-9
		ya := c.option["yAxis"].([]any)[0].(map[string]any)
		ya["min"], ya["max"] = niceFloor(lo-pad), niceCeil(hi+pad)
	}
	return c
}

// addHorizontalLine adds a dashed labelled line y = v to the first series of a line chart.
func addHorizontalLine(c *Chart, label string, v float64) {
	series, _ := c.option["series"].([]any)
	if len(series) == 0 {
		return
	}
	s := series[0].(map[string]any)
	s["markLine"] = map[string]any{
		"symbol": "none",
		"label":  map[string]any{"formatter": fmt.Sprintf("%s %.3g", label, v), "position": "insideEndTop"},
		"lineStyle": map[string]any{
			"type": "dashed", "color": "#333",
		},
		"data": []any{map[string]any{"yAxis": v, "name": label}},
	}
}

const kPerStepTitle = "Per-step terms of the bound K, by diffusion step t"

// KPerStep draws a per-step term of the bound K as bars over t: values[i] is the term at step
// t[i] in bits, e.g. the mean KL_t (K = −Σ_t KL_t + entropy terms, eq. 14) or its negative, the
// step's contribution to K; say which in the caption.
func KPerStep(t []int, values []float64) *Chart {
	checkLen("KPerStep", len(t), len(values))
	bar := charts.NewBar()
	bar.SetGlobalOptions(charts.WithTitleOpts(opts.Title{Title: kPerStepTitle}))
	labels := make([]string, len(t))
	data := make([]opts.BarData, len(t))
	for i := range t {
		labels[i] = fmt.Sprint(t[i])
		data[i] = opts.BarData{Value: num(values[i])}
	}
	bar.SetXAxis(labels).AddSeries("per-step term (bits)", data)
	m := optionOf(bar)
	commonOptions(m)
	m["tooltip"] = map[string]any{"show": true, "trigger": "axis"}
	xa := m["xAxis"].([]any)[0].(map[string]any)
	xa["name"], xa["nameLocation"], xa["nameGap"] = "diffusion step t", "middle", 32
	m["yAxis"] = []any{valueAxis("bits", false)}
	return &Chart{Title: kPerStepTitle, option: m}
}

// EntropyBounds draws the bounds of App. A on the entropy of the reverse step,
// lower ≤ H_q(X^(t-1)|X^(t)) ≤ upper (bits), as a band over t, with the learned reverse
// entropy H_p(t) as a curve that should lie between them. learned may be nil.
func EntropyBounds(t []int, lower, upper, learned []float64) *Chart {
	checkLen("EntropyBounds", len(t), len(lower), len(upper))
	x := Ints(t)
	title := "Entropy of the reverse step: App. A bounds and the learned value"
	if learned == nil {
		title = "Entropy of the reverse step: App. A bounds"
	}
	c := LineChart(title, "diffusion step t", "entropy (bits)",
		Series{Name: "lower bound", X: x, Y: lower, Dashed: true},
		Series{Name: "upper bound", X: x, Y: upper, Dashed: true},
	)
	c.option["xAxis"] = []any{categoryAxis("diffusion step t", x)}
	series := c.option["series"].([]any)
	series[0].(map[string]any)["data"] = lineData(x, lower, true)
	series[1].(map[string]any)["data"] = lineData(x, upper, true)
	series = append(series, bandSeries("allowed range", "bounds", lower, upper, "#999")...)
	legend := c.option["legend"].(map[string]any)["data"].([]any)
	if learned != nil {
		checkLen("EntropyBounds learned", len(t), len(learned))
		series = append(series, map[string]any{
			"name": "learned reverse entropy", "type": "line", "data": lineData(x, learned, true),
			"showSymbol": len(t) <= 60,
			"lineStyle":  map[string]any{"width": 2.5, "color": "#ee6666"},
			"itemStyle":  map[string]any{"color": "#ee6666"},
		})
		legend = append(legend, "learned reverse entropy")
	}
	c.option["series"] = series
	c.option["legend"].(map[string]any)["data"] = legend
	return c
}

// ZScores draws z = (estimate − exact)/standard error for named checks as horizontal bars, with
// the pass bound ±bound as dashed lines (bars beyond it are red).
func ZScores(title string, names []string, z []float64, bound float64) *Chart {
	checkLen("ZScores", len(names), len(z))
	bar := charts.NewBar()
	bar.SetGlobalOptions(charts.WithTitleOpts(opts.Title{Title: title}))
	data := make([]opts.BarData, len(z))
	for i, v := range z {
		color := "#5470c6"
		if math.Abs(v) >= bound || math.IsNaN(v) {
			color = "#ee6666"
		}
		data[i] = opts.BarData{Value: num(v), ItemStyle: &opts.ItemStyle{Color: color}}
	}
	bar.SetXAxis(names).AddSeries("z", data)
	m := optionOf(bar)
	commonOptions(m)
	m["tooltip"] = map[string]any{"show": true, "trigger": "axis"}
	lim := bound * 1.25
	for _, v := range z {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lim = math.Max(lim, math.Abs(v)*1.1)
		}
	}
	m["yAxis"] = []any{map[string]any{"type": "category", "data": names, "inverse": true,
		"axisLabel": map[string]any{"fontSize": 11, "width": 330, "overflow": "truncate"}}}
	xa := valueAxis("z = (estimate − exact) / standard error", false)
	xa["min"], xa["max"] = -math.Ceil(lim), math.Ceil(lim)
	m["xAxis"] = []any{xa}
	m["grid"] = map[string]any{"left": 350, "right": 40, "top": 60, "bottom": 50}
	m["legend"] = map[string]any{"show": false}
	s := m["series"].([]any)[0].(map[string]any)
	s["markLine"] = map[string]any{
		"symbol": "none", "silent": true,
		"lineStyle": map[string]any{"type": "dashed", "color": "#333"},
		"label":     map[string]any{"formatter": "±" + strconv.FormatFloat(bound, 'g', -1, 64)},
		"data":      []any{map[string]any{"xAxis": -bound}, map[string]any{"xAxis": bound}},
	}
	return &Chart{Title: title, Height: 110 + 24*len(names), option: m}
}
