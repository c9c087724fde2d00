package datasets

import (
	"fmt"
	"math"
	"slices"
)

// Region is one flat region of an image: a 4-connected set of pixels in which every pair of
// neighbours differs by less than a tolerance (FlatRegions).
type Region struct {
	// Area in pixels.
	Area int
	// Perimeter is the number of pixel edges between the region and other regions (edges on
	// the image border are not counted).
	Perimeter int
	// Border is true when the region touches the image border (its shape is cut off).
	Border bool
	// Mean of the region's values, and SumSq = Σ (x − Mean)² over its pixels: a flat disk
	// under white noise of variance σ² has SumSq ≈ (Area − 1)σ²; a region whose neighbours
	// all differ by less than the tolerance but which drifts across it (a ramp, a blotch) has
	// much more.
	Mean, SumSq float64
}

// Compactness is the isoperimetric quotient Q = 4πA/P² of a region with the pixel-edge
// perimeter P. Every orthogonally convex region (no row or column crosses it twice) has P equal
// to its bounding box's perimeter, so a digital disk of radius r has Q → 4π·πr²/(8r)² = π²/16
// ≈ 0.617 as r grows, a square π/4 ≈ 0.785, and a region with a ragged outline much less: Q
// measures how smooth an outline is, not whether it is round.
func (r Region) Compactness() float64 {
	if r.Perimeter == 0 {
		return math.NaN()
	}
	return 4 * math.Pi * float64(r.Area) / float64(r.Perimeter*r.Perimeter)
}

// FlatRegions segments an h×w image (row-major) into flat regions: two 4-neighbours are in
// the same region when their values differ by less than tol, and regions are the connected
// components of that relation (union-find). A dead-leaves image with its grey levels
// dequantized splits into its visible disk pieces when tol lies between the dequantization
// noise and the smallest grey-level step between touching disks.
func FlatRegions(x []float64, h, w int, tol float64) ([]Region, error) {
	if h < 1 || w < 1 || len(x) != h*w {
		return nil, fmt.Errorf("datasets: FlatRegions: %d values for a %d×%d image", len(x), h, w)
	}
	if !(tol > 0) || math.IsInf(tol, 1) {
		return nil, fmt.Errorf("datasets: FlatRegions: tolerance %v, want a positive finite value", tol)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("datasets: FlatRegions: value %d is %v", i, v)
		}
	}
	parent := make([]int32, h*w)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(int32(a)), find(int32(b))
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			i := r*w + c
			if c+1 < w && math.Abs(x[i]-x[i+1]) < tol {
				union(i, i+1)
			}
			if r+1 < h && math.Abs(x[i]-x[i+w]) < tol {
				union(i, i+w)
			}
		}
	}
	index := make(map[int32]int)
	var regions []Region
	label := make([]int, h*w)
	for i := range label {
		root := find(int32(i))
		k, ok := index[root]
		if !ok {
			k = len(regions)
			index[root] = k
			regions = append(regions, Region{})
		}
		label[i] = k
		regions[k].Area++
		regions[k].Mean += x[i]
	}
	for k := range regions {
		regions[k].Mean /= float64(regions[k].Area)
	}
	for i, k := range label {
		d := x[i] - regions[k].Mean
		regions[k].SumSq += d * d
	}
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			k := label[r*w+c]
			if r == 0 || c == 0 || r == h-1 || c == w-1 {
				regions[k].Border = true
			}
			if c+1 < w && label[r*w+c+1] != k {
				regions[k].Perimeter++
				regions[label[r*w+c+1]].Perimeter++
			}
			if r+1 < h && label[(r+1)*w+c] != k {
				regions[k].Perimeter++
				regions[label[(r+1)*w+c]].Perimeter++
			}
		}
	}
	return regions, nil
}

// RegionStats summarises the flat regions of a set of images (SummarizeRegions).
type RegionStats struct {
	// Images and Regions counted.
	Images, Regions int
	// AreaShare[k] is the fraction of all pixels that lie in regions of area in [4^k, 4^(k+1))
	// (k = 0: single pixels to 3-pixel specks; the last bin holds every larger region): the
	// size distribution over scales. A scale-invariant dead-leaves image spreads its area
	// evenly over the scales between its smallest and largest disks.
	AreaShare []float64
	// Compactness is the median Q = 4πA/P² (Region.Compactness) of the regions of at least
	// MinArea pixels that do not touch the image border, and Compact their number.
	Compactness float64
	Compact     int
	MinArea     int
	// WithinSD is the pooled standard deviation of the values inside the regions of at least
	// MinArea pixels, √(Σ_r SumSq_r / Σ_r (Area_r − 1)): how flat the flat regions are. Regions
	// join neighbour by neighbour, so a slow drift of grey level stays one region; this
	// measures it. Flat regions under white noise of standard deviation σ give about σ;
	// touching regions whose levels differ by less than the tolerance join and add their
	// difference. NaN when there is no such region.
	WithinSD float64
}

// SummarizeRegions segments n images of h×w (stacked row-major in x) with FlatRegions(tol)
// and summarises them: the area share per scale (bins of area [4^k, 4^(k+1)), bins of the
// larger areas merged into the last of nBins), the median compactness of interior regions
// of at least minArea pixels (NaN when there are none) and the pooled spread of the values
// inside all regions of at least minArea pixels (WithinSD).
func SummarizeRegions(x []float64, n, h, w int, tol float64, nBins, minArea int) (RegionStats, error) {
	if n < 1 || len(x) != n*h*w {
		return RegionStats{}, fmt.Errorf("datasets: SummarizeRegions: %d values for %d images of %d×%d", len(x), n, h, w)
	}
	if nBins < 1 || minArea < 1 {
		return RegionStats{}, fmt.Errorf("datasets: SummarizeRegions: %d bins, minimum area %d", nBins, minArea)
	}
	s := RegionStats{Images: n, AreaShare: make([]float64, nBins), MinArea: minArea}
	var q []float64
	var ss, dof float64
	P := h * w
	for i := 0; i < n; i++ {
		regions, err := FlatRegions(x[i*P:(i+1)*P], h, w, tol)
		if err != nil {
			return RegionStats{}, err
		}
		s.Regions += len(regions)
		for _, r := range regions {
			k := 0
			for a := r.Area; a >= 4 && k < nBins-1; a /= 4 {
				k++
			}
			s.AreaShare[k] += float64(r.Area) / float64(n*P)
			if r.Area >= minArea {
				ss += r.SumSq
				dof += float64(r.Area - 1)
				if !r.Border {
					q = append(q, r.Compactness())
				}
			}
		}
	}
	s.WithinSD = math.NaN()
	if dof > 0 {
		s.WithinSD = math.Sqrt(ss / dof)
	}
	s.Compact = len(q)
	s.Compactness = math.NaN()
	if len(q) > 0 {
		slices.Sort(q)
		s.Compactness = q[len(q)/2]
		if len(q)%2 == 0 {
			s.Compactness = (q[len(q)/2-1] + q[len(q)/2]) / 2
		}
	}
	return s, nil
}
