package analysis

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
)

// tinySwissRoll trains a small model for a few steps (seconds) and returns a report run.
func tinySwissRoll(t *testing.T) SwissRollRun {
	t.Helper()
	const T = 10
	data, err := datasets.NewSwissRoll(0.02)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 1))
	sched, err := diffusion.GeometricSchedule(T, 1e-5, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	net, err := diffusion.NewRBFNet(2, T, 16, rng)
	if err != nil {
		t.Fatal(err)
	}
	m := &diffusion.Model{Sched: sched, Net: net, Param: diffusion.ReferenceParam}
	cfg := diffusion.DefaultTrainConfig()
	cfg.Steps, cfg.Batch, cfg.LogEvery = 200, 128, 20
	tr, err := diffusion.NewTrainer(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	curve, err := tr.Run(data.Fill, rng, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	hold := data.Sample(500, rng)
	b, err := m.EvalBound(hold, rng)
	if err != nil {
		t.Fatal(err)
	}
	run := NewSwissRollRun(m, curve, b, diffusion.LogLikResult{}, Provenance{Command: "go test", Seed: 7})
	if err := run.AddFigures(m, data.Sample(300, rng), rng); err != nil {
		t.Fatal(err)
	}
	return run
}

func TestEntropyBoundsOrdered(t *testing.T) {
	s, err := diffusion.GeometricSchedule(40, 1e-5, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	ts, lo, hi := EntropyBoundsBits(s, 2)
	if len(ts) != 39 || ts[0] != 2 || ts[38] != 40 {
		t.Fatalf("steps %v", ts)
	}
	for i := range lo {
		if !(lo[i] <= hi[i]) {
			t.Errorf("t = %d: lower %v > upper %v", ts[i], lo[i], hi[i])
		}
	}
	// Closed form at t = 2: upper = log2(2πe β_2) for D = 2 (two halves).
	if want := math.Log2(2 * math.Pi * math.E * s.Beta[2]); math.Abs(hi[0]-want) > 1e-12 {
		t.Errorf("upper(2) = %v, want %v", hi[0], want)
	}
}

func TestSwissRollReportDraws(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a small model")
	}
	run := tinySwissRoll(t)
	r, err := SwissRollReport(run)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(r.Charts()); n != 6 {
		t.Errorf("%d charts, want 6 (curve, KL per step, entropy, Figure 1, trajectory, drift)", n)
	}
	path := filepath.Join(t.TempDir(), "swissroll", "report.html")
	if p := os.Getenv("THERMODIFF_SWISSROLL_REPORT"); p != "" {
		path = p // to look at it in a browser
	}
	if err := r.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	chromium := ChromiumPath()
	if chromium == "" {
		t.Skip("SKIP: no chromium on PATH; the report was written but not loaded in a browser")
	}
	dom, err := BrowserDOM(context.Background(), chromium, path)
	if err != nil {
		t.Fatal(err)
	}
	bad, total := UndrawnCharts(dom)
	if total != len(r.Charts()) || len(bad) > 0 {
		t.Errorf("%d of %d charts in the DOM, undrawn: %v", total, len(r.Charts()), bad)
	}
	if !strings.Contains(dom, "data:image/png;base64,") {
		t.Error("static Figure 1 missing")
	}
}
