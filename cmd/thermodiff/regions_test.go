package main

import (
	"strings"
	"testing"
)

// Samples that are pure speckle (a checkerboard of two grey levels 40 apart) against data that
// are one flat disk on a flat background: at both tolerances every sample pixel is a speck and
// every data pixel lies in a region of ≥ 16 px; the report pairs each tolerance's samples with
// the data of the same size and tolerance (4 lines for the large images).
func TestRegionRowsPairSamplesWithData(t *testing.T) {
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
		Samples: [][]float64{speck(n), speck(n)}, DataCrops: [][]float64{disk(n)},
		PatchSamples: [][]float64{speck(p)}, PatchData: [][]float64{disk(p), disk(p)}}
	rows, err := regionRows(fig)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4*len(regionTolsGrey) {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		want := 1.0
		if strings.Contains(r.Images, "samples") {
			want = 0
		}
		if r.Flat != want {
			t.Errorf("%s at %g levels: flat share %v, want %v", r.Images, r.TolGrey, r.Flat, want)
		}
	}
	pairs := regionPairs(rows, false)
	if len(pairs) != 2*len(regionTolsGrey) {
		t.Fatalf("%d pairs", len(pairs))
	}
	for _, pr := range pairs {
		if pr[0].TolGrey != pr[1].TolGrey || pr[0].Size != pr[1].Size || pr[1].Flat != 1 {
			t.Errorf("mismatched pair %s/%g/%d with %s/%g/%d", pr[0].Images, pr[0].TolGrey, pr[0].Size, pr[1].Images, pr[1].TolGrey, pr[1].Size)
		}
	}
	res := regionResults(rows)
	if len(res) != 2*len(regionTolsGrey) || !strings.Contains(res[0].Note, "holdout crops: 1.000") {
		t.Errorf("%d report lines, first note %q", len(res), res[0].Note)
	}
	if s := regionSummary(rows); !strings.Contains(s, "within 16 grey levels") {
		t.Errorf("summary %q", s)
	}
}
