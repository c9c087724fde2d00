package analysis

import (
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/plot/vg"
)

// demoReport builds a report with every kind of figure from small synthetic data (seeded), so
// the tests can check the page in a browser without running an experiment.
func demoReport() (*Report, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	r := &Report{
		Title:   `Synthetic demo <script>alert("x")</script> & "quotes"`,
		Summary: "Every chart kind of package analysis, drawn from seeded synthetic data.",
		Results: []Result{
			{Name: "K", Unit: "bits", Paper: 2.35, Ours: 2.31, OursStdErr: 0.041, Note: "<b>not bold</b>"},
			{Name: "K − L_null", Unit: "bits", Paper: 6.45, Ours: 6.40, OursStdErr: 0.041},
			{Name: "no paper value", Unit: "nats", Paper: math.NaN(), Ours: 1.5},
		},
		Provenance: Provenance{
			Command: "go test ./analysis", Seed: 1, Commit: "abc123", GoVersion: "go1.26",
			Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), WallTime: 1500 * time.Millisecond,
			Settings: []Setting{{"T", "40"}, {"path", "/tmp/<evil>"}},
		},
		Notes: []string{"A note with <tags> that must be escaped."},
	}
	// Training curve.
	var it []int
	var k []float64
	for i := 0; i <= 200; i += 5 {
		it = append(it, i)
		k = append(k, 2.3*(1-math.Exp(-float64(i)/40))+0.05*rng.NormFloat64())
	}
	r.AddChart("Training curve.", TrainingCurve(it, k, 2.35))
	// K per step and entropy bounds.
	T := 40
	t := make([]int, T)
	kt, lo, hi, hp := make([]float64, T), make([]float64, T), make([]float64, T), make([]float64, T)
	for i := range t {
		t[i] = i + 1
		kt[i] = 0.1 * math.Exp(-float64(i)/10)
		lo[i] = -1 + 0.05*float64(i)
		hi[i] = lo[i] + 0.8*math.Exp(-float64(i)/15) + 0.05
		hp[i] = (lo[i] + hi[i]) / 2
	}
	r.AddChart("K per step.", KPerStep(t, kt))
	r.AddChart("Entropy bounds.", EntropyBounds(t, lo, hi, hp))
	// Scatter with a time slider: a spiral diffusing to noise.
	var frames []Frame
	for _, step := range []int{0, 10, 20, 40} {
		a := math.Exp(-float64(step) / 15)
		pts := make([][2]float64, 300)
		for j := range pts {
			u := 1.5 * math.Pi * (1 + 2*rng.Float64())
			x, y := u*math.Cos(u)/10, u*math.Sin(u)/10
			s := math.Sqrt(1 - a*a)
			pts[j] = [2]float64{a*x + s*rng.NormFloat64(), a*y + s*rng.NormFloat64()}
		}
		frames = append(frames, Frame{Label: "t = " + itoa(step), Sets: []PointSet{{Name: "samples", Points: pts}}})
	}
	r.AddChart("Samples per t.", ScatterTimeline("Forward trajectory", frames))
	// Drift field.
	var from, drift [][2]float64
	for x := -1.0; x <= 1.0; x += 0.25 {
		for y := -1.0; y <= 1.0; y += 0.25 {
			from = append(from, [2]float64{x, y})
			drift = append(drift, [2]float64{-y, x})
		}
	}
	r.AddChart("Drift field.", DriftField("Drift", []DriftFrame{{Label: "t = 1", From: from, Drift: drift, Scale: 0.1}, {Label: "t = 2", From: from, Drift: drift, Scale: 0.2}}))
	// Heatmap of binary sequences and an image grid.
	rows := make([][]float64, 10)
	for i := range rows {
		rows[i] = make([]float64, 20)
		for j := range rows[i] {
			if (j+i)%5 == 0 {
				rows[i][j] = 1
			}
		}
	}
	r.AddChart("Binary sequences.", Heatmap("Heartbeat samples", "position", "sample", rows))
	imgs := make([][]float64, 6)
	for i := range imgs {
		imgs[i] = make([]float64, 8*8)
		for j := range imgs[i] {
			imgs[i][j] = rng.Float64()
		}
	}
	r.AddChart("Image grid.", ImageGrid("Images", imgs, 8, 8, 3))
	r.AddChart("Z-scores.", ZScores("Checks", []string{"harmonic EXP", "harmonic BAR", "a long system name that gets truncated in the axis label"}, []float64{0.5, -1.2, 4.5}, 4))
	// A static figure.
	p, err := LinePlot("Static", "t", "bits", Series{Name: "K_t", X: Ints(t), Y: kt})
	if err != nil {
		return nil, err
	}
	if err := r.AddPlot("Static PNG figure.", p, 5*vg.Inch, 3*vg.Inch); err != nil {
		return nil, err
	}
	return r, nil
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
