package analysis

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Browser tests: headless Chromium loads a generated page and the test checks that every
// chart drew a <canvas>. They skip only when no Chromium is installed (scripts/setup.sh
// installs Debian's chromium, so CI never skips them).

func TestReportChartsDrawInChromium(t *testing.T) {
	chromium := ChromiumPath()
	if chromium == "" {
		t.Skip("SKIP: no chromium on PATH (scripts/setup.sh installs Debian's chromium); the browser test did not run")
	}
	r, err := demoReport()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.html")
	if err := r.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	dom, err := BrowserDOM(context.Background(), chromium, path)
	if err != nil {
		t.Fatal(err)
	}
	bad, total := UndrawnCharts(dom)
	if total != len(r.Charts()) {
		t.Errorf("found %d chart elements in the DOM, want %d", total, len(r.Charts()))
	}
	if len(bad) > 0 {
		t.Errorf("charts with no <canvas> (not drawn): %v", bad)
	}
	if strings.Contains(dom, "<script>alert") {
		t.Error("an untrusted title reached the DOM as a script")
	}
}

// TestChartDrawsUnderRequireJS loads a page that defines an AMD loader (as Jupyter and
// nbconvert's HTML export do) before the charts: the library must still set window.echarts.
func TestChartDrawsUnderRequireJS(t *testing.T) {
	chromium := ChromiumPath()
	if chromium == "" {
		t.Skip("SKIP: no chromium on PATH (scripts/setup.sh installs Debian's chromium); the browser test did not run")
	}
	frag, err := HTMLFragment("amd", LineChart("amd", "x", "y", Series{Name: "s", X: []float64{0, 1, 2}, Y: []float64{1, 0, 1}}))
	if err != nil {
		t.Fatal(err)
	}
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><script>
var defined = [];
function define(deps, f) { defined.push(deps); }
define.amd = {};
var module = undefined, exports = undefined;
</script></head><body><div style="width:800px">` + frag + `</div></body></html>`
	path := filepath.Join(t.TempDir(), "amd.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, err := BrowserDOM(context.Background(), chromium, path)
	if err != nil {
		t.Fatal(err)
	}
	bad, total := UndrawnCharts(dom)
	if total != 1 || len(bad) != 0 {
		t.Errorf("under an AMD loader: %d charts, undrawn %v", total, bad)
	}
}
