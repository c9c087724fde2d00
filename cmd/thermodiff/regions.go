package main

import (
	"fmt"
	"math"

	"github.com/thermodiff/thermodiff/analysis"
	"github.com/thermodiff/thermodiff/datasets"
)

// Flat-region statistics of dead-leaves samples beside holdout data (datasets.FlatRegions):
// the data are flat disks, so their pixels fall into regions of every size, and a sample that
// looks like them should too. Neighbouring pixels join when their grey levels differ by less
// than regionTolGrey (of 255): above the one-level quantisation of the data, below almost
// every step between two touching disks.
const (
	regionTolGrey = 4
	regionBins    = 7  // areas [4^k, 4^(k+1)) px, k = 0…6 (the last bin: ≥ 4096 px)
	regionMinArea = 16 // regions counted for compactness and "flat" share
)

// regionRow is one line of the comparison, for metrics.json and the report.
type regionRow struct {
	Images      string    `json:"images"`
	Count       int       `json:"count"`
	Size        int       `json:"size"`
	TolGrey     float64   `json:"tolerance_grey_levels"`
	Regions     int       `json:"regions"`
	AreaShare   []float64 `json:"area_share_by_scale"`      // pixels in regions of [4^k, 4^(k+1)) px
	Flat        float64   `json:"share_in_regions_ge_16px"` // Σ_{k ≥ 2} AreaShare[k]
	Compactness *float64  `json:"median_compactness,omitempty"`
	Compact     int       `json:"compact_regions"`
}

// regionRows compares the large samples with the holdout crops and the patch-size samples
// with holdout patches (images in [0, 1], one channel).
func regionRows(fig patchFigure) ([]regionRow, error) {
	var rows []regionRow
	for _, set := range []struct {
		name string
		imgs [][]float64
		side int
	}{
		{"samples", fig.Samples, fig.Size},
		{"holdout crops", fig.DataCrops, fig.Size},
		{"patch samples", fig.PatchSamples, fig.Patch},
		{"holdout patches", fig.PatchData, fig.Patch},
	} {
		if len(set.imgs) == 0 {
			continue
		}
		var x []float64
		for _, im := range set.imgs {
			x = append(x, im...)
		}
		s, err := datasets.SummarizeRegions(x, len(set.imgs), set.side, set.side, regionTolGrey/255.0, regionBins, regionMinArea)
		if err != nil {
			return nil, fmt.Errorf("flat regions of the %s: %w", set.name, err)
		}
		r := regionRow{Images: set.name, Count: len(set.imgs), Size: set.side, TolGrey: regionTolGrey,
			Regions: s.Regions, AreaShare: s.AreaShare, Compact: s.Compact}
		for k := 2; k < len(s.AreaShare); k++ {
			r.Flat += s.AreaShare[k]
		}
		if !math.IsNaN(s.Compactness) {
			q := s.Compactness
			r.Compactness = &q
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// regionResults turns sample/data pairs of rows into report lines: the share of pixels in
// regions of ≥ 16 px and the median compactness, the data's value in the note.
func regionResults(rows []regionRow) []analysis.Result {
	var out []analysis.Result
	for i := 0; i+1 < len(rows); i += 2 {
		s, d := rows[i], rows[i+1]
		qs, qd := math.NaN(), math.NaN()
		if s.Compactness != nil {
			qs = *s.Compactness
		}
		if d.Compactness != nil {
			qd = *d.Compactness
		}
		out = append(out,
			analysis.Result{Name: fmt.Sprintf("pixels in flat regions ≥ %d px, %s of %d×%d", regionMinArea, s.Images, s.Size, s.Size), Unit: "share", Paper: math.NaN(), Ours: s.Flat,
				Note: fmt.Sprintf("%s: %.3f; specks of 1–3 px: %.3f vs %.3f (neighbours within %g grey levels join)", d.Images, d.Flat, s.AreaShare[0], d.AreaShare[0], s.TolGrey)},
			analysis.Result{Name: fmt.Sprintf("median compactness 4πA/P², %s of %d×%d", s.Images, s.Size, s.Size), Unit: "", Paper: math.NaN(), Ours: qs,
				Note: fmt.Sprintf("%s: %.3f; regions of ≥ %d px inside the image (%d vs %d); a digital disk ≈ 0.62, a ragged outline much less", d.Images, qd, regionMinArea, s.Compact, d.Compact)},
		)
	}
	return out
}

// regionChart draws the area share per scale of each row.
func regionChart(rows []regionRow) *analysis.Chart {
	var series []analysis.Series
	for _, r := range rows {
		series = append(series, analysis.Series{Name: fmt.Sprintf("%s (%d×%d)", r.Images, r.Size, r.Size),
			X: analysis.Range(0, len(r.AreaShare)), Y: r.AreaShare, Dashed: r.Images == "holdout crops" || r.Images == "holdout patches"})
	}
	return analysis.LineChart("Flat-region sizes", "k: region area 4^k … 4^(k+1) px", "share of pixels", series...)
}

// regionSummary is the progress line: the first sample/data pair.
func regionSummary(rows []regionRow) string {
	if len(rows) < 2 {
		return "no flat-region statistics"
	}
	s, d := rows[0], rows[1]
	q := func(p *float64) string {
		if p == nil {
			return "—"
		}
		return fmt.Sprintf("%.3f", *p)
	}
	return fmt.Sprintf("flat regions (within %g grey levels): %.3f of the %s' pixels in regions ≥ %d px (%s: %.3f), %.3f in specks of 1–3 px (%.3f); median compactness %s (%s)",
		s.TolGrey, s.Flat, s.Images, regionMinArea, d.Images, d.Flat, s.AreaShare[0], d.AreaShare[0], q(s.Compactness), q(d.Compactness))
}
