package analysis

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
)

func TestReportSelfContainedAndEscaped(t *testing.T) {
	r, err := demoReport()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if n := strings.Count(page, "Licensed to the Apache Software Foundation"); n != 1 {
		t.Errorf("ECharts library inlined %d times, want once", n)
	}
	for _, bad := range []string{`<script>alert`, `<b>not bold</b>`, `/tmp/<evil>`, `<tags>`} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains unescaped %q", bad)
		}
	}
	for _, remote := range []string{`src="http`, `href="http`, `src="//`} {
		if strings.Contains(page, remote) {
			t.Errorf("page loads something remote: %q", remote)
		}
	}
	if got, want := strings.Count(page, `class="thermodiff-chart"`), len(r.Charts()); got != want {
		t.Errorf("%d chart elements, want %d", got, want)
	}
	for _, s := range []string{"2.310 ± 0.041", "abc123", "1.5s", "data:image/png;base64,"} {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q", s)
		}
	}
}

func TestFormatEstimate(t *testing.T) {
	for _, c := range []struct {
		v, se float64
		want  string
	}{
		{2.31234, 0.041, "2.312 ± 0.041"},
		{1.088, 0.0763, "1.088 ± 0.076"},
		{123.4, 12, "123 ± 12"},
		{2.35, 0, "2.35"},
		{math.NaN(), 0, "—"},
	} {
		if got := FormatEstimate(c.v, c.se); got != c.want {
			t.Errorf("FormatEstimate(%v, %v) = %q, want %q", c.v, c.se, got, c.want)
		}
	}
}

func TestChartOptionsAreJSON(t *testing.T) {
	r, err := demoReport()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Charts() {
		b, err := c.Option()
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", c.Title, err)
		}
		if _, ok := m["series"]; !ok {
			if _, ok := m["baseOption"]; !ok {
				t.Errorf("%s: option has neither series nor baseOption", c.Title)
			}
		}
	}
}

func TestLineChartNaNIsGap(t *testing.T) {
	c := LineChart("t", "x", "y", Series{Name: "s", X: []float64{1, 2, 3}, Y: []float64{1, math.NaN(), 3}})
	b, err := c.Option()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "[2,null]") {
		t.Errorf("NaN not written as null: %s", b)
	}
}

func TestLineChartLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic on length mismatch")
		}
	}()
	LineChart("t", "x", "y", Series{Name: "s", X: []float64{1, 2}, Y: []float64{1}})
}

// TestWriteDemoReport writes the demo report to $THERMODIFF_DEMO_REPORT, for looking at it in
// a browser (e.g. a headless Chromium screenshot).
func TestWriteDemoReport(t *testing.T) {
	path := os.Getenv("THERMODIFF_DEMO_REPORT")
	if path == "" {
		t.Skip("set THERMODIFF_DEMO_REPORT=/path/report.html to write the demo report")
	}
	r, err := demoReport()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WriteFile(path); err != nil {
		t.Fatal(err)
	}
}
