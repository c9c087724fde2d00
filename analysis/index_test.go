package analysis

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResultsFromMetrics(t *testing.T) {
	m := map[string]any{
		"K_bits": 2.31, "K_stderr_bits": 0.04, "K_minus_Lnull_bits": 6.4, "paper_K_bits": 2.35,
		"paper_K_minus_Lnull_bits": 6.45, "paper_dF_kT": 1.0, "dF_kT": 1.1, "dF_stderr_kT": 0.1,
		"seed": 1.0,
	}
	rs := ResultsFromMetrics(m)
	if len(rs) != 3 {
		t.Fatalf("%d rows, want 3: %+v", len(rs), rs)
	}
	if rs[0].Name != "K" || rs[0].Ours != 2.31 || rs[0].OursStdErr != 0.04 || rs[0].Paper != 2.35 || rs[0].Unit != "bits" {
		t.Errorf("row K: %+v", rs[0])
	}
	if rs[1].Name != "K − L_null" || rs[1].OursStdErr != 0.04 {
		t.Errorf("row K − L_null (shares K's standard error): %+v", rs[1])
	}
	if rs[2].Name != "dF" || rs[2].Unit != "kT" || rs[2].OursStdErr != 0.1 {
		t.Errorf("row dF: %+v", rs[2])
	}
	if r := ResultsFromMetrics(map[string]any{"paper_K_bits": 2.35}); !math.IsNaN(r[0].Ours) {
		t.Errorf("missing measured value should be NaN, got %v", r[0].Ours)
	}
}

func TestWriteIndex(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, s string) {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("swissroll/metrics.json", `{"K_bits": 2.31, "K_stderr_bits": 0.041, "paper_K_bits": 2.35, "seed": 1, "git_commit": "abc<script>", "provenance": {"wall_seconds": 63}}`)
	write("swissroll/report.html", "<html></html>")
	write("broken/metrics.json", `{not json`)
	write("thermo/report.html", "<html></html>")
	path, err := WriteIndex(dir, []IndexExperiment{{Name: "swissroll", Summary: "2-D"}, {Name: "heartbeat", Summary: "binary"}})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	for _, want := range []string{`href="swissroll/report.html"`, "2.310 ± 0.041", "2.35", "not run", "unreadable metrics.json", `href="thermo/report.html"`, "1m3s", "abc&lt;script&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	if strings.Index(page, "swissroll") > strings.Index(page, "heartbeat") {
		t.Error("known experiments out of order")
	}
}
