package analysis

import (
	_ "embed"
	"html/template"
	"strings"
)

// The ECharts library, npm echarts@5.6.0 dist/echarts.min.js (Apache-2.0; LICENSE, NOTICE and
// the d3 license it names sit beside it in assets/echarts/). go-echarts v2.6.7 targets ECharts 5.
//
//go:embed assets/echarts/echarts.min.js
var echartsMinJS string

// EChartsVersion is the version of the inlined ECharts library.
const EChartsVersion = "5.6.0"

// echartsScript is the library wrapped so that it always sets window.echarts. The bundle is UMD:
// where RequireJS is on the page (classic Jupyter Notebook, nbconvert's HTML export) it would
// register an AMD module instead and leave window.echarts undefined, so every chart would stay
// blank. Inside this wrapper define, module and exports are undefined parameters, and the
// guard skips the 1 MB evaluation when another output on the page has already loaded it.
func echartsScript() template.JS {
	var b strings.Builder
	b.Grow(len(echartsMinJS) + 200)
	b.WriteString("if (typeof window.echarts === 'undefined') {\n(function (define, module, exports) {\n")
	// The bundle is plain JavaScript; a "</script" inside it would end the element early.
	b.WriteString(strings.ReplaceAll(echartsMinJS, "</script", "<\\/script"))
	b.WriteString("\n}).call(window);\n}\n")
	return template.JS(b.String())
}
