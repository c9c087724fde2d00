package analysis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Chart is one interactive figure: an ECharts option object and the height of its box. The
// chart functions of this package (LineChart, TrainingCurve, ScatterTimeline, …) build it from
// plain slices; a Report, a notebook cell (Show) or a standalone page (Chart.Page) draws it.
type Chart struct {
	// Title is the chart's heading, drawn inside the chart.
	Title string
	// Height is the height of the chart in CSS pixels; 0 means DefaultChartHeight.
	Height int

	// option is the ECharts option object (https://echarts.apache.org/en/option.html) as
	// plain JSON values, so it marshals exactly as ECharts reads it.
	option map[string]any
}

// DefaultChartHeight is the height of a Chart whose Height is zero, in CSS pixels.
const DefaultChartHeight = 420

// Option returns the chart's ECharts option object as JSON.
func (c *Chart) Option() ([]byte, error) {
	opt := c.option
	if opt == nil {
		return nil, fmt.Errorf("analysis: chart %q has no option (build charts with the analysis chart functions)", c.Title)
	}
	b, err := json.Marshal(opt)
	if err != nil {
		return nil, fmt.Errorf("analysis: chart %q: %w", c.Title, err)
	}
	return b, nil
}

func (c *Chart) height() int {
	if c.Height <= 0 {
		return DefaultChartHeight
	}
	return c.Height
}

// chartTemplate draws one chart into the element with the given id. It waits until the
// element has a width (a notebook output may be attached to the page after its scripts ran)
// and resizes with the window. json.Marshal escapes <, > and & in strings, so the option is
// safe inside a script element.
var chartTemplate = template.Must(template.New("chart").Parse(`<div class="thermodiff-chart" id="{{.ID}}" style="width:100%;min-width:320px;height:{{.Height}}px"></div>
<script>
(function () {
  var el = document.getElementById({{.ID}});
  var tries = 0;
  function draw() {
    if (typeof window.echarts === 'undefined' || (el.clientWidth === 0 && tries < 50)) {
      tries++;
      setTimeout(draw, 100);
      return;
    }
    var chart = window.echarts.init(el, null, {renderer: 'canvas', width: el.clientWidth || 900, height: {{.Height}}});
    chart.setOption({{.Option}});
    window.addEventListener('resize', function () { chart.resize({width: el.clientWidth || 900}); });
  }
  draw();
})();
</script>
`))

// snippet returns the chart's element and script, without the ECharts library.
func (c *Chart) snippet(id string) (template.HTML, error) {
	opt, err := c.Option()
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	err = chartTemplate.Execute(&b, struct {
		ID     string
		Height int
		Option template.JS
	}{id, c.height(), template.JS(opt)})
	if err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// HTML returns an HTML fragment that draws the charts with no network: the ECharts library
// (inlined once, RequireJS-safe) followed by one element and script per chart. idPrefix makes
// the element ids unique on the page that will hold the fragment.
func HTMLFragment(idPrefix string, charts ...*Chart) (string, error) {
	var b strings.Builder
	b.WriteString("<script>\n")
	b.WriteString(string(echartsScript()))
	b.WriteString("</script>\n")
	for i, c := range charts {
		s, err := c.snippet(fmt.Sprintf("%s-%d", idPrefix, i+1))
		if err != nil {
			return "", err
		}
		b.WriteString(string(s))
	}
	return b.String(), nil
}

// --- option building ---------------------------------------------------------------------------

// jsonChart is what every go-echarts chart type provides.
type jsonChart interface {
	Validate()
	JSON() map[string]any
}

// optionOf turns a go-echarts chart into a plain JSON option map, so that the chart functions
// can add what go-echarts v2.6.7 does not model (timelines, lines series on a cartesian grid,
// bands) with ordinary map edits.
func optionOf(c jsonChart) map[string]any {
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		panic("analysis: marshal go-echarts option: " + err.Error())
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic("analysis: unmarshal go-echarts option: " + err.Error())
	}
	return m
}

// commonOptions sets what every chart of this package shares: a toolbox with "save as image",
// a tooltip and a grid that leaves room for axis names.
func commonOptions(m map[string]any) {
	m["toolbox"] = map[string]any{
		"show": true,
		"feature": map[string]any{
			"saveAsImage": map[string]any{"title": "save PNG"},
			"restore":     map[string]any{"title": "restore"},
		},
	}
	if _, ok := m["tooltip"].(map[string]any); !ok {
		m["tooltip"] = map[string]any{}
	}
	tt := m["tooltip"].(map[string]any)
	tt["show"] = true
	if _, ok := tt["trigger"]; !ok {
		tt["trigger"] = "item"
	}
	m["grid"] = map[string]any{"left": 70, "right": 40, "top": 70, "bottom": 60, "containLabel": false}
	if leg, ok := m["legend"].(map[string]any); ok {
		leg["top"] = 28
	}
}

// valueAxis is a numeric axis with a name in the middle.
func valueAxis(name string, scale bool) map[string]any {
	return map[string]any{
		"type":         "value",
		"name":         name,
		"nameLocation": "middle",
		"nameGap":      32,
		"scale":        scale,
	}
}

// num turns a float into a JSON value; NaN and ±Inf (not JSON) become null, a gap in a curve.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

func checkLen(what string, n int, lens ...int) {
	for _, l := range lens {
		if l != n {
			panic(fmt.Sprintf("analysis: %s: length mismatch (%d and %d)", what, n, l))
		}
	}
}
