package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/thermodiff/thermodiff/analysis"
	"github.com/thermodiff/thermodiff/datasets"
)

// Flat-region statistics of dead-leaves samples beside holdout data (datasets.FlatRegions):
// the data are flat disks, so their pixels fall into regions of every size, and a sample that
// looks like them should too. Neighbouring pixels join when their grey levels differ by less
// than a tolerance (of 255), at two settings:
//   - 4 levels, above the one-level quantisation of the data and below almost every step
//     between two touching disks: are the sample's regions as flat as the data's?
//   - 16 levels, above the speckle of a few levels that the last reverse steps leave (their
//     noise has standard deviation √β_1 ≈ 0.045 units ≈ 3.3 levels): do the regions under
//     the speckle have the data's sizes and outlines? (About 12 % of the edges between two
//     touching disks of uniform random grey levels fall under it, so data regions merge a
//     little.)
var regionTolsGrey = []float64{4, 16}

const (
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
// with holdout patches (images in [0, 1], one channel), at each tolerance.
func regionRows(fig patchFigure) ([]regionRow, error) {
	var rows []regionRow
	for _, tol := range regionTolsGrey {
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
			s, err := datasets.SummarizeRegions(x, len(set.imgs), set.side, set.side, tol/255, regionBins, regionMinArea)
			if err != nil {
				return nil, fmt.Errorf("flat regions of the %s: %w", set.name, err)
			}
			r := regionRow{Images: set.name, Count: len(set.imgs), Size: set.side, TolGrey: tol,
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
	}
	return rows, nil
}

// regionPairs returns the (samples, data) pairs of rows of the same size and tolerance, the
// large samples first; bigOnly keeps only those.
func regionPairs(rows []regionRow, bigOnly bool) [][2]regionRow {
	data := map[string]string{"samples": "holdout crops", "patch samples": "holdout patches"}
	var out [][2]regionRow
	for _, want := range []string{"samples", "patch samples"} {
		if bigOnly && want != "samples" {
			break
		}
		for _, s := range rows {
			if s.Images != want {
				continue
			}
			for _, d := range rows {
				if d.Images == data[want] && d.TolGrey == s.TolGrey && d.Size == s.Size {
					out = append(out, [2]regionRow{s, d})
				}
			}
		}
	}
	return out
}

// regionResults turns the large samples' pairs of rows into report lines: the share of
// pixels in regions of ≥ 16 px and the median compactness, the data's value in the note (the
// patch-size rows are in metrics.json).
func regionResults(rows []regionRow) []analysis.Result {
	var out []analysis.Result
	for _, p := range regionPairs(rows, true) {
		s, d := p[0], p[1]
		qs, qd := math.NaN(), math.NaN()
		if s.Compactness != nil {
			qs = *s.Compactness
		}
		if d.Compactness != nil {
			qd = *d.Compactness
		}
		out = append(out,
			analysis.Result{Name: fmt.Sprintf("pixels in flat regions ≥ %d px (within %g grey levels), %s of %d×%d", regionMinArea, s.TolGrey, s.Images, s.Size, s.Size), Unit: "share", Paper: math.NaN(), Ours: s.Flat,
				Note: fmt.Sprintf("%s: %.3f; specks of 1–3 px: %.3f vs %.3f", d.Images, d.Flat, s.AreaShare[0], d.AreaShare[0])},
			analysis.Result{Name: fmt.Sprintf("median compactness 4πA/P² (within %g grey levels), %s of %d×%d", s.TolGrey, s.Images, s.Size, s.Size), Unit: "", Paper: math.NaN(), Ours: qs,
				Note: fmt.Sprintf("%s: %.3f; regions of ≥ %d px inside the image (%d vs %d); a digital disk ≈ 0.62, a ragged outline much less", d.Images, qd, regionMinArea, s.Compact, d.Compact)},
		)
	}
	return out
}

// regionChart draws the area share per scale of the large samples and the data, at each
// tolerance.
func regionChart(rows []regionRow) *analysis.Chart {
	var series []analysis.Series
	for _, p := range regionPairs(rows, true) {
		for i, r := range p {
			series = append(series, analysis.Series{Name: fmt.Sprintf("%s, ±%g levels", r.Images, r.TolGrey),
				X: analysis.Range(0, len(r.AreaShare)), Y: r.AreaShare, Dashed: i == 1})
		}
	}
	return analysis.LineChart("Flat-region sizes", "k: region area 4^k … 4^(k+1) px", "share of pixels", series...)
}

// regionSummary is the progress line: the large samples against the data at each tolerance.
func regionSummary(rows []regionRow) string {
	q := func(p *float64) string {
		if p == nil {
			return "—"
		}
		return fmt.Sprintf("%.3f", *p)
	}
	var parts []string
	for _, p := range regionPairs(rows, true) {
		s, d := p[0], p[1]
		parts = append(parts, fmt.Sprintf("within %g grey levels, %.3f of the %s' pixels in regions ≥ %d px (%s %.3f), %.3f in specks of 1–3 px (%.3f), median compactness %s (%s)",
			s.TolGrey, s.Flat, s.Images, regionMinArea, d.Images, d.Flat, s.AreaShare[0], d.AreaShare[0], q(s.Compactness), q(d.Compactness)))
	}
	if len(parts) == 0 {
		return "no flat-region statistics"
	}
	return "flat regions: " + strings.Join(parts, "; ")
}
