package analysis

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestRunThermoCheck(t *testing.T) {
	r, err := RunThermoCheck(1)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Passed {
		for _, row := range r.Rows {
			if !row.Pass {
				t.Errorf("%s / %s: estimate %v ± %v vs exact %v (z = %.2f)", row.System, row.Estimator, row.Estimate, row.StdErr, row.Exact, row.Z)
			}
		}
	}
	for _, row := range r.Rows {
		if math.IsNaN(row.Estimate) || math.IsInf(row.Z, 0) || row.StdErr < 0 {
			t.Errorf("%s: invalid row %+v", row.System, row)
		}
	}
	// Every BAR row reports its overlap ω ∈ (0, 1] (thermo.BARWithOverlap); the harmonic
	// and Gaussian-work problems here overlap well (ω well above 0.1).
	bars := 0
	for _, row := range r.Rows {
		if strings.HasPrefix(row.Estimator, "BAR") {
			bars++
			if !(row.Overlap > 0.1 && row.Overlap <= 1) || !strings.Contains(row.Estimator, "ω") {
				t.Errorf("%s: BAR row overlap %v (%s)", row.System, row.Overlap, row.Estimator)
			}
		}
	}
	if bars != 3 {
		t.Errorf("%d BAR rows, want 3", bars)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Errorf("metrics do not marshal: %v", err)
	}
	// A fixed seed reproduces every number.
	r2, err := RunThermoCheck(1)
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Rows {
		if r.Rows[i].Estimate != r2.Rows[i].Estimate {
			t.Errorf("row %d not reproducible: %v vs %v", i, r.Rows[i].Estimate, r2.Rows[i].Estimate)
		}
	}
}

func TestThermoCheckHTMLEscapes(t *testing.T) {
	r, err := RunThermoCheck(2)
	if err != nil {
		t.Fatal(err)
	}
	r.Rows[0].System = `<script>alert("x")</script>`
	page, err := ThermoCheckHTML(r, map[string]string{"note": "<b>&"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if strings.Contains(s, "<script>") || strings.Contains(s, "<b>&") {
		t.Error("strings reached the page unescaped")
	}
	if n := strings.Count(s, "<svg"); n != 8 {
		t.Errorf("%d inline SVG figures, want 8", n)
	}
}
