package main

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Samples that are pure speckle (a checkerboard of two grey levels 40 apart) against data that
// are one flat disk on a flat background: every sample pixel is a speck, every data pixel lies
// in a region of ≥ 16 px, and the report's lines and summary put the samples beside the
// perfect model and the data.
func TestRegionRowsCompareSamplesWithData(t *testing.T) {
	const n, p = 32, 16
	speck := func(side int) []float64 {
		x := make([]float64, side*side)
		for i := range x {
			x[i] = 0.3 + 40.0/255*float64((i/side+i%side)%2)
		}
		return x
	}
	disk := func(side int) []float64 {
		x := make([]float64, side*side)
		for i := range x {
			dy, dx := i/side-side/2, i%side-side/2
			if dy*dy+dx*dx <= side*side/9 {
				x[i] = 0.8
			} else {
				x[i] = 0.2
			}
		}
		return x
	}
	fig := patchFigure{Size: n, Patch: p,
		Samples: [][]float64{speck(n), speck(n)}, DataCrops: [][]float64{disk(n)}, PerfectCrops: [][]float64{disk(n)},
		PatchSamples: [][]float64{speck(p)}, PatchData: [][]float64{disk(p), disk(p)}, PerfectPatches: [][]float64{disk(p)}}
	rows, err := regionRows(fig)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6", len(rows))
	}
	for _, r := range rows {
		want := 1.0
		if strings.Contains(r.Images, "samples") {
			want = 0
		}
		if r.Flat != want {
			t.Errorf("%s: flat share %v, want %v", r.Images, r.Flat, want)
		}
	}
	res := regionResults(rows)
	if len(res) != 4 || res[0].Ours != 0 || !strings.Contains(res[0].Note, "perfect model 1.000, holdout crops 1.000") || res[1].Ours != 1 {
		t.Fatalf("report lines %+v", res)
	}
	// The data's regions are exactly flat; the specks have no region of 16 px to measure.
	if !math.IsNaN(res[3].Ours) || !strings.Contains(res[3].Note, "perfect model 0.0, holdout crops 0.0") {
		t.Errorf("spread line %+v", res[3])
	}
	if regionChart(rows) == nil || !strings.Contains(regionSummary(rows), "0.000 / 1.000 / 1.000") || !strings.Contains(regionSummary(rows), "inside them — / 0.0 / 0.0") {
		t.Errorf("chart or summary missing: %q", regionSummary(rows))
	}
	// Without the large samples (no crops) there is nothing to compare.
	if regionResults(rows[3:]) != nil || regionChart(rows[3:]) != nil {
		t.Error("report lines from the patch rows alone")
	}
}

// lastStepNoise: x ↦ (1−β_1) x + N(0, β_1(2−β_1)), the composition of q(x^(1)|x^(0)) and the
// fixed last step (closed form). 200,000 draws at x = 1.5, β_1 = 0.002; mean and variance
// within 4 standard errors (the variance's standard error is √2·σ²/√n for a Gaussian).
func TestLastStepNoise(t *testing.T) {
	const n, b, x0 = 200000, 0.002, 1.5
	x := make([]float64, n)
	for i := range x {
		x[i] = x0
	}
	y := lastStepNoise(x, b, rand.New(rand.NewPCG(3, 4)))
	var m, v float64
	for _, u := range y {
		m += u
	}
	m /= n
	for _, u := range y {
		v += (u - m) * (u - m)
	}
	v /= n - 1
	wantV := b * (2 - b)
	if z := (m - (1-b)*x0) / math.Sqrt(wantV/n); math.Abs(z) > 4 {
		t.Errorf("mean %v, want %v (z = %.1f)", m, (1-b)*x0, z)
	}
	if z := (v - wantV) / (math.Sqrt2 * wantV / math.Sqrt(n)); math.Abs(z) > 4 {
		t.Errorf("variance %v, want %v (z = %.1f)", v, wantV, z)
	}
}
