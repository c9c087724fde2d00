package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/thermodiff/thermodiff/analysis"
	"github.com/thermodiff/thermodiff/datasets"
)

// Flat-region statistics of dead-leaves samples beside holdout data (datasets.FlatRegions):
// the data are flat disks, so their pixels fall into regions of every size, and samples that
// look like them should too. Neighbouring pixels join when their grey levels differ by less
// than regionTolGrey (of 255).
//
// The samples cannot be as flat as the data: the sampler's last step is the fixed kernel
// N(√(1−β_1) x^(1), β_1) (eq. 44), so even a perfect model, whose x^(1) is distributed as
// q(x^(1)), returns x^(0) = (1−β_1) x + noise of variance β_1(2−β_1): with β_1 = 0.002,
// 0.063 units or 4.7 grey levels per pixel (lastStepNoise). The reference for the samples is
// therefore the holdout data passed through that noise ("perfect model"), and the tolerance
// sits above it: 16 levels is 2.4 standard deviations of a difference of two neighbours, so
// the noise alone breaks about 1.6 % of the joins inside a region. About 12 % of the edges
// between two touching disks of uniform random grey levels also fall under it, so some data
// regions merge.
const (
	regionTolGrey = 16
	regionBins    = 7  // areas [4^k, 4^(k+1)) px, k = 0…6 (the last bin: ≥ 4096 px)
	regionMinArea = 16 // regions counted for compactness and the "flat" share
)

// lastStepNoise returns x (scaled units) as a perfect model would return it through the fixed
// last step: x^(1) ~ q(x^(1)|x) = N(√(1−β_1) x, β_1), then x^(0) ~ N(√(1−β_1) x^(1), β_1),
// i.e. (1−β_1) x + √(β_1(2−β_1)) ε.
func lastStepNoise(x []float64, beta1 float64, rng *rand.Rand) []float64 {
	out := make([]float64, len(x))
	sd := math.Sqrt(beta1 * (2 - beta1))
	for i, v := range x {
		out[i] = (1-beta1)*v + sd*rng.NormFloat64()
	}
	return out
}

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
	WithinSD    *float64  `json:"within_region_sd_grey_levels,omitempty"` // datasets.RegionStats.WithinSD × 255
}

// regionRows summarises, at each size (the large samples, the patch-size samples), the
// samples, the holdout data as a perfect model would draw them, and the holdout data
// themselves (images in [0, 1], one channel).
func regionRows(fig patchFigure) ([]regionRow, error) {
	var rows []regionRow
	for _, set := range []struct {
		name string
		imgs [][]float64
		side int
	}{
		{"samples", fig.Samples, fig.Size},
		{"perfect model", fig.PerfectCrops, fig.Size},
		{"holdout crops", fig.DataCrops, fig.Size},
		{"patch samples", fig.PatchSamples, fig.Patch},
		{"perfect model patches", fig.PerfectPatches, fig.Patch},
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
		if !math.IsNaN(s.WithinSD) {
			sd := 255 * s.WithinSD
			r.WithinSD = &sd
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// regionTrio returns the rows of the large samples, the perfect model and the holdout crops,
// and whether all three are there.
func regionTrio(rows []regionRow) (s, p, d regionRow, ok bool) {
	n := 0
	for _, r := range rows {
		switch r.Images {
		case "samples":
			s, n = r, n+1
		case "perfect model":
			p, n = r, n+1
		case "holdout crops":
			d, n = r, n+1
		}
	}
	return s, p, d, n == 3
}

// fmtOpt formats an optional value, "—" when it is absent.
func fmtOpt(format string, p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf(format, *p)
}

func fmtQ(p *float64) string  { return fmtOpt("%.3f", p) }
func fmtSD(p *float64) string { return fmtOpt("%.1f", p) }

func valueOr(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// regionResults gives the report's lines for the large samples: the share of pixels in
// regions of ≥ 16 px, the share in specks, the median compactness and the grey-level spread
// inside the regions, each beside the perfect model and the data (the patch-size rows are in
// metrics.json).
func regionResults(rows []regionRow) []analysis.Result {
	s, p, d, ok := regionTrio(rows)
	if !ok {
		return nil
	}
	size := fmt.Sprintf("%d×%d samples, neighbours within %g grey levels", s.Size, s.Size, s.TolGrey)
	return []analysis.Result{
		{Name: fmt.Sprintf("pixels in flat regions ≥ %d px (%s)", regionMinArea, size), Unit: "share", Paper: math.NaN(), Ours: s.Flat,
			Note: fmt.Sprintf("perfect model %.3f, holdout crops %.3f", p.Flat, d.Flat)},
		{Name: fmt.Sprintf("pixels in specks of 1–3 px (%s)", size), Unit: "share", Paper: math.NaN(), Ours: s.AreaShare[0],
			Note: fmt.Sprintf("perfect model %.3f, holdout crops %.3f", p.AreaShare[0], d.AreaShare[0])},
		{Name: fmt.Sprintf("median compactness 4πA/P² (%s)", size), Unit: "", Paper: math.NaN(), Ours: valueOr(s.Compactness),
			Note: fmt.Sprintf("perfect model %s, holdout crops %s; regions of ≥ %d px inside the image (%d, %d, %d); a digital disk ≈ 0.62, a ragged outline much less", fmtQ(p.Compactness), fmtQ(d.Compactness), regionMinArea, s.Compact, p.Compact, d.Compact)},
		{Name: fmt.Sprintf("spread of grey levels inside the regions of ≥ %d px (%s)", regionMinArea, size), Unit: "grey levels", Paper: math.NaN(), Ours: valueOr(s.WithinSD),
			Note: fmt.Sprintf("perfect model %s, holdout crops %s; the pooled standard deviation about each region's mean; in the references it comes from the last step's noise (4.7) and from touching disks of nearby grey levels that join, in samples also from regions that drift from one grey level to another, neighbour by neighbour", fmtSD(p.WithinSD), fmtSD(d.WithinSD))},
	}
}

// regionChart draws the area share per scale of the large samples, the perfect model and the
// data.
func regionChart(rows []regionRow) *analysis.Chart {
	s, p, d, ok := regionTrio(rows)
	if !ok {
		return nil
	}
	var series []analysis.Series
	for i, r := range []regionRow{s, p, d} {
		series = append(series, analysis.Series{Name: r.Images, X: analysis.Range(0, len(r.AreaShare)), Y: r.AreaShare, Dashed: i > 0})
	}
	return analysis.LineChart("Flat-region sizes", "k: region area 4^k … 4^(k+1) px", "share of pixels", series...)
}

// regionSummary is the progress line.
func regionSummary(rows []regionRow) string {
	s, p, d, ok := regionTrio(rows)
	if !ok {
		return "no flat-region statistics"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "flat regions (neighbours within %g grey levels), samples / perfect model / holdout crops: ", s.TolGrey)
	fmt.Fprintf(&b, "pixels in regions ≥ %d px %.3f / %.3f / %.3f, in specks of 1–3 px %.3f / %.3f / %.3f, median compactness %s / %s / %s, grey-level spread inside them %s / %s / %s",
		regionMinArea, s.Flat, p.Flat, d.Flat, s.AreaShare[0], p.AreaShare[0], d.AreaShare[0], fmtQ(s.Compactness), fmtQ(p.Compactness), fmtQ(d.Compactness), fmtSD(s.WithinSD), fmtSD(p.WithinSD), fmtSD(d.WithinSD))
	return b.String()
}
