package datasets

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A digital disk (pixel centres within r of the centre) on a flat background: two regions; the
// disk's area is its pixel count and its perimeter the bounding box's, 4·(2r+1), because a
// disk is orthogonally convex (Region.Compactness); the background's perimeter is the same
// edges counted from outside.
func TestFlatRegionsDisk(t *testing.T) {
	const n, r = 64, 20
	x := make([]float64, n*n)
	area := 0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if (i-32)*(i-32)+(j-32)*(j-32) <= r*r {
				x[i*n+j] = 1
				area++
			}
		}
	}
	regs, err := FlatRegions(x, n, n, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(regs) != 2 {
		t.Fatalf("%d regions, want 2", len(regs))
	}
	var disk, bg Region
	for _, g := range regs {
		if g.Border {
			bg = g
		} else {
			disk = g
		}
	}
	if disk.Area != area || bg.Area != n*n-area {
		t.Errorf("areas %d and %d, want %d and %d", disk.Area, bg.Area, area, n*n-area)
	}
	if disk.Perimeter != 4*(2*r+1) || bg.Perimeter != disk.Perimeter {
		t.Errorf("perimeters %d (disk) and %d (background), want both %d", disk.Perimeter, bg.Perimeter, 4*(2*r+1))
	}
	want := 4 * math.Pi * float64(area) / float64(4*(2*r+1)*4*(2*r+1))
	if q := disk.Compactness(); math.Abs(q-want) > 1e-12 || math.Abs(q-math.Pi*math.Pi/16) > 0.05 {
		t.Errorf("disk compactness %v, want %v (≈ π²/16 = %.3f)", q, want, math.Pi*math.Pi/16)
	}
}

// Neighbours differing by less than tol join, by exactly tol do not; a gentle ramp chains into
// one region; a checkerboard is all single pixels (AreaShare[0] = 1).
func TestFlatRegionsTolerance(t *testing.T) {
	ramp := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}
	if regs, _ := FlatRegions(ramp, 1, 6, 0.15); len(regs) != 1 || regs[0].Area != 6 {
		t.Errorf("ramp: %+v, want one region of 6", regs)
	}
	if regs, _ := FlatRegions([]float64{0, 0.25, 0.5}, 1, 3, 0.25); len(regs) != 3 {
		t.Errorf("steps equal to tol: %d regions, want 3", len(regs))
	}
	const n = 8
	cb := make([]float64, n*n)
	for i := range cb {
		cb[i] = float64((i/n + i%n) % 2)
	}
	s, err := SummarizeRegions(cb, 1, n, n, 0.5, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	if s.Regions != n*n || s.AreaShare[0] != 1 {
		t.Errorf("checkerboard: %d regions, shares %v; want %d and all in the first bin", s.Regions, s.AreaShare, n*n)
	}
	// Interior single pixels: area 1, perimeter 4, Q = π/4.
	if math.Abs(s.Compactness-math.Pi/4) > 1e-12 || s.Compact != (n-2)*(n-2) {
		t.Errorf("checkerboard compactness %v over %d regions, want π/4 over %d", s.Compactness, s.Compact, (n-2)*(n-2))
	}
}

func TestFlatRegionsRefusesBadInput(t *testing.T) {
	for name, f := range map[string]func() error{
		"short":    func() error { _, err := FlatRegions(make([]float64, 5), 2, 3, 1); return err },
		"zero tol": func() error { _, err := FlatRegions(make([]float64, 6), 2, 3, 0); return err },
		"NaN tol":  func() error { _, err := FlatRegions(make([]float64, 6), 2, 3, math.NaN()); return err },
		"NaN":      func() error { _, err := FlatRegions([]float64{0, math.NaN()}, 1, 2, 1); return err },
		"no bins":  func() error { _, err := SummarizeRegions(make([]float64, 4), 1, 2, 2, 1, 0, 1); return err },
		"count":    func() error { _, err := SummarizeRegions(make([]float64, 4), 2, 2, 2, 1, 3, 1); return err },
	} {
		if f() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Dead leaves with radius density ∝ r⁻³ cover the same share of the image per octave of radius
// (the area of the disks of radius r ∝ r²·r⁻³ dr = dr/r), so the flat regions of generated
// images (tolerance 4 grey levels, above the 1-level quantisation and below most steps
// between touching disks) spread their area over the scales: no bin of area [4^k, 4^(k+1))
// holds half the pixels, at least four hold 5 % each, and specks of 1–3 pixels stay a
// minority. Fixed seed; the bounds are loose on purpose (a property of the generator, not a
// number from the paper).
func TestDeadLeavesRegionsSpreadOverScales(t *testing.T) {
	g := DefaultDeadLeaves()
	g.Size = 128
	imgs, err := g.GenerateN(4, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	var x []float64
	for _, im := range imgs {
		for _, b := range im.Pix {
			x = append(x, float64(b))
		}
	}
	s, err := SummarizeRegions(x, 4, 128, 128, 4, 7, 16)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("area shares %.3f, median compactness %.3f over %d regions", s.AreaShare, s.Compactness, s.Compact)
	big := 0
	for _, v := range s.AreaShare {
		if v > 0.5 {
			t.Errorf("one scale holds %.2f of the pixels: %v", v, s.AreaShare)
		}
		if v >= 0.05 {
			big++
		}
	}
	if big < 4 || s.AreaShare[0] > 0.25 {
		t.Errorf("area shares %v: want ≥ 4 bins of ≥ 5%% and specks ≤ 25%%", s.AreaShare)
	}
	if !(s.Compactness > 0.2 && s.Compactness < 0.8) || s.Compact < 20 {
		t.Errorf("median compactness %v over %d regions", s.Compactness, s.Compact)
	}
}

// WithinSD measures drift inside a region that the neighbour-by-neighbour joining lets through.
// A ramp 0, d, …, (n−1)d with d < tol is one region of SumSq = d² n(n²−1)/12 (the variance of
// a discrete uniform law, times n), pooled over n − 1 degrees of freedom.
func TestRegionsWithinSDRamp(t *testing.T) {
	const n, d = 6, 0.1
	ramp := make([]float64, n)
	for i := range ramp {
		ramp[i] = d * float64(i)
	}
	regs, err := FlatRegions(ramp, 1, n, 0.15)
	if err != nil || len(regs) != 1 {
		t.Fatalf("ramp: %+v, %v; want one region", regs, err)
	}
	wantSS := d * d * n * (n*n - 1) / 12
	if math.Abs(regs[0].Mean-0.25) > 1e-12 || math.Abs(regs[0].SumSq-wantSS) > 1e-12 {
		t.Errorf("ramp mean %v, SumSq %v; want 0.25, %v", regs[0].Mean, regs[0].SumSq, wantSS)
	}
	s, err := SummarizeRegions(ramp, 1, 1, n, 0.15, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Sqrt(wantSS / (n - 1)); math.Abs(s.WithinSD-want) > 1e-12 {
		t.Errorf("ramp WithinSD %v, want %v", s.WithinSD, want)
	}
	// No region reaches the minimum area: no spread to report.
	if s, _ := SummarizeRegions(ramp, 1, 1, n, 0.05, 3, 2); !math.IsNaN(s.WithinSD) {
		t.Errorf("single pixels: WithinSD %v, want NaN", s.WithinSD)
	}
}

// Two flat halves (0 and 1) under white noise of standard deviation σ: the pooled within-region
// variance is the noise's sample variance on N − 2 degrees of freedom, whose relative standard
// deviation is √(2/(N−2)), so WithinSD/σ − 1 has standard deviation √(1/(2(N−2))); bound z < 4.
func TestRegionsWithinSDNoise(t *testing.T) {
	const n, sigma = 128, 0.02
	rng := rand.New(rand.NewPCG(7, 8))
	x := make([]float64, n*n)
	for i := range x {
		if i%n >= n/2 {
			x[i] = 1
		}
		x[i] += sigma * rng.NormFloat64()
	}
	s, err := SummarizeRegions(x, 1, n, n, 0.2, 8, 16)
	if err != nil {
		t.Fatal(err)
	}
	if s.Regions != 2 {
		t.Fatalf("%d regions, want the two halves", s.Regions)
	}
	se := math.Sqrt(1 / (2 * float64(n*n-2)))
	if z := (s.WithinSD/sigma - 1) / se; math.Abs(z) > 4 {
		t.Errorf("WithinSD %v for noise %v: z = %.1f", s.WithinSD, sigma, z)
	}
}
