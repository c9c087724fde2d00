package analysis

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Browser tests: headless Chromium loads a generated page and the test checks that every
// chart drew a <canvas>. They skip only when no Chromium is installed (scripts/setup.sh
// installs Debian's chromium, so CI never skips them).

// chromiumPath returns the Chromium binary, or "" when none is installed.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromiumArgs are the flags for a headless run with no network, no profile and no sandbox
// (CI runs as root).
func chromiumArgs(extra ...string) []string {
	args := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=15000",
	}
	return append(args, extra...)
}

// DumpDOM loads the HTML file at path in headless Chromium and returns the DOM after its
// scripts ran. It is exported for the other packages' browser tests through BrowserDOM.
func dumpDOM(chromium, path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	profile, err := os.MkdirTemp("", "thermodiff-chromium-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := chromiumArgs("--user-data-dir="+profile, "--dump-dom", "file://"+abs)
	cmd := exec.CommandContext(ctx, chromium, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("chromium --dump-dom %s: %v\n%s", path, err, tail(stderr.String(), 2000))
	}
	return string(out), nil
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

var chartDivRE = regexp.MustCompile(`<div class="thermodiff-chart" id="([^"]+)"`)

// undrawnCharts returns the ids of the chart elements in dom that hold no <canvas>.
func undrawnCharts(dom string) (ids []string, total int) {
	locs := chartDivRE.FindAllStringSubmatchIndex(dom, -1)
	for i, loc := range locs {
		end := len(dom)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		// The chart's own element ends before its script; ECharts puts the canvas inside it.
		seg := dom[loc[1]:end]
		if j := strings.Index(seg, "<script"); j >= 0 {
			seg = seg[:j]
		}
		if !strings.Contains(seg, "<canvas") {
			ids = append(ids, dom[loc[2]:loc[3]])
		}
	}
	return ids, len(locs)
}

func TestReportChartsDrawInChromium(t *testing.T) {
	chromium := chromiumPath()
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
	dom, err := dumpDOM(chromium, path)
	if err != nil {
		t.Fatal(err)
	}
	bad, total := undrawnCharts(dom)
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
	chromium := chromiumPath()
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
	dom, err := dumpDOM(chromium, path)
	if err != nil {
		t.Fatal(err)
	}
	bad, total := undrawnCharts(dom)
	if total != 1 || len(bad) != 0 {
		t.Errorf("under an AMD loader: %d charts, undrawn %v", total, bad)
	}
}
