package analysis

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// hostile is markup that must never reach a page unescaped: a script, an attribute break-out
// and a closing script tag (which would end a chart's inline script early).
const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)></script>`

// Everything a report or the index shows from outside the code (paths, flag values, notes,
// captions, chart and series names, metrics) is escaped: the hostile string never appears
// verbatim, and no element it would add (a script or img tag) appears in its place.
func TestReportsEscapeUntrustedStrings(t *testing.T) {
	r := Report{
		Title:   "title " + hostile,
		Summary: "summary " + hostile,
		Results: []Result{{Name: "K " + hostile, Unit: "bits " + hostile, Paper: 1, Ours: 2}},
		Provenance: Provenance{
			Command:  "reproduce -out /tmp/" + hostile,
			Settings: []Setting{{Name: "out " + hostile, Value: "/tmp/" + hostile}},
			Extra:    []Setting{{Name: "BLAS", Value: hostile}},
		},
		Notes: []string{"note " + hostile},
	}
	r.AddChart("caption "+hostile, LineChart("chart "+hostile, "x "+hostile, "y", Series{Name: "series " + hostile, X: []float64{0, 1}, Y: []float64{1, 2}}))
	var page bytes.Buffer
	if err := r.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	var index bytes.Buffer
	entries := []IndexEntry{{Name: "exp " + hostile, Summary: hostile, Report: "x/" + hostile + "/report.html", Results: r.Results, Run: hostile, Problem: hostile}}
	if err := WriteIndexHTML(&index, entries, time.Unix(0, 0)); err != nil {
		t.Fatal(err)
	}
	for name, html := range map[string]string{"report": page.String(), "index": index.String()} {
		if strings.Contains(html, hostile) || strings.Contains(html, "<img src=x") || strings.Contains(html, "<script>alert") {
			i := max(strings.Index(html, "alert")-80, 0)
			t.Errorf("%s: untrusted markup reached the page: …%s…", name, html[i:min(i+200, len(html))])
		}
		if !strings.Contains(html, "alert(1)") {
			t.Errorf("%s: the hostile text is missing altogether (the test would pass vacuously)", name)
		}
	}
}
