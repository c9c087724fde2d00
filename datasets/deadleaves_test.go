package datasets

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// The radius sampler against the r⁻³ law: counts in 8 log-spaced bins of [RMin, RMax] against
// the exact bin probabilities F(b_{k+1}) − F(b_k) (F from integrating c·r⁻³, closed form), each
// within |z| < 4.5 of its binomial expectation (seed 1, n = 200,000), and the mean against
// E[r] = c·(1/RMin − 1/RMax), c = 2/(RMin⁻² − RMax⁻²) (closed form), |z| < 4.5.
func TestDeadLeavesRadiusLaw(t *testing.T) {
	d := DefaultDeadLeaves()
	rng := rand.New(rand.NewPCG(1, 0))
	const n = 200000
	const bins = 8
	edges := make([]float64, bins+1)
	for k := range edges {
		edges[k] = d.RMin * math.Pow(d.RMax/d.RMin, float64(k)/bins)
	}
	counts := make([]float64, bins)
	var sum, sum2 float64
	for i := 0; i < n; i++ {
		r := d.Radius(rng)
		if r < d.RMin || r > d.RMax {
			t.Fatalf("radius %v outside [%v, %v]", r, d.RMin, d.RMax)
		}
		sum += r
		sum2 += r * r
		k := min(bins-1, int(float64(bins)*math.Log(r/d.RMin)/math.Log(d.RMax/d.RMin)))
		counts[k]++
	}
	for k := 0; k < bins; k++ {
		p := d.RadiusCDF(edges[k+1]) - d.RadiusCDF(edges[k])
		z := (counts[k] - n*p) / math.Sqrt(n*p*(1-p))
		if math.Abs(z) > 4.5 {
			t.Errorf("bin [%.2f, %.2f): %v radii, expected %.0f (z = %.1f)", edges[k], edges[k+1], counts[k], n*p, z)
		}
	}
	// Successive octaves hold 4× fewer radii under r⁻³ (∫ r⁻³ over [a, 2a] ∝ a⁻²): check the
	// first two bins (each spanning 0.75 octave here) have ratio 2^(2·0.75) within 2 %.
	if ratio := counts[0] / counts[1]; math.Abs(ratio/math.Pow(2, 1.5)-1) > 0.02 {
		t.Errorf("count ratio of the first two bins %v, r⁻³ gives %v", ratio, math.Pow(2, 1.5))
	}
	c := 2 / (1/(d.RMin*d.RMin) - 1/(d.RMax*d.RMax))
	mean := c * (1/d.RMin - 1/d.RMax)
	m := sum / n
	sd := math.Sqrt(sum2/n - m*m)
	if z := (m - mean) / (sd / math.Sqrt(n)); math.Abs(z) > 4.5 {
		t.Errorf("mean radius %v, closed form %v (z = %.1f)", m, mean, z)
	}
}

// Occlusion and coverage: every pixel has the grey level of the FIRST drawn disk that
// contains its centre (later disks lie behind), and the generator stops only once every
// pixel is covered.
func TestDeadLeavesOcclusionAndCoverage(t *testing.T) {
	d := DeadLeaves{Size: 24, RMin: 1, RMax: 12, MaxDisks: 1 << 20}
	img, n, leaves, err := d.generate(rand.New(rand.NewPCG(2, 0)), true)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(leaves) || n < 2 {
		t.Fatalf("%d disks, %d recorded", n, len(leaves))
	}
	for y := 0; y < d.Size; y++ {
		for x := 0; x < d.Size; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			found := false
			for _, l := range leaves {
				if (px-l.X)*(px-l.X)+(py-l.Y)*(py-l.Y) <= l.R*l.R {
					if img.Pix[y*d.Size+x] != l.Grey {
						t.Fatalf("pixel (%d,%d) = %d, front disk's grey %d", x, y, img.Pix[y*d.Size+x], l.Grey)
					}
					found = true
					break
				}
			}
			if !found {
				t.Fatalf("pixel (%d,%d) covered by no disk", x, y)
			}
		}
	}
	// The last disk drawn covered at least one pixel nothing else covered (else the loop would
	// have stopped earlier).
	last := leaves[len(leaves)-1]
	ok := false
	for y := 0; y < d.Size && !ok; y++ {
		for x := 0; x < d.Size && !ok; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			if (px-last.X)*(px-last.X)+(py-last.Y)*(py-last.Y) > last.R*last.R {
				continue
			}
			front := true
			for _, l := range leaves[:len(leaves)-1] {
				if (px-l.X)*(px-l.X)+(py-l.Y)*(py-l.Y) <= l.R*l.R {
					front = false
					break
				}
			}
			ok = front
		}
	}
	if !ok {
		t.Error("the last disk covers no pixel left uncovered by earlier disks")
	}
}

func TestDeadLeavesDeterministicAndErrors(t *testing.T) {
	d := DeadLeaves{Size: 32, RMin: 1, RMax: 16, MaxDisks: 1 << 20}
	a, err := d.GenerateN(3, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := d.GenerateN(3, rand.New(rand.NewPCG(7, 7)))
	c, _ := d.GenerateN(3, rand.New(rand.NewPCG(8, 7)))
	for i := range a {
		if !bytes.Equal(a[i].Pix, b[i].Pix) {
			t.Fatalf("image %d differs for the same seed", i)
		}
	}
	if bytes.Equal(a[0].Pix, c[0].Pix) {
		t.Error("different seeds gave the same image")
	}
	if _, _, err := (DeadLeaves{Size: 64, RMin: 1, RMax: 2, MaxDisks: 10}).Generate(rand.New(rand.NewPCG(1, 1))); !errors.Is(err, ErrNotCovered) {
		t.Errorf("10 disks covered a 64×64 image? err = %v", err)
	}
	for _, bad := range []DeadLeaves{{Size: 0, RMin: 1, RMax: 2, MaxDisks: 1}, {Size: 8, RMin: 0.1, RMax: 2, MaxDisks: 1},
		{Size: 8, RMin: 3, RMax: 2, MaxDisks: 1}, {Size: 8, RMin: 1, RMax: math.Inf(1), MaxDisks: 1}, {Size: 8, RMin: 1, RMax: 2}} {
		if _, _, err := bad.Generate(rand.New(rand.NewPCG(1, 1))); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// Each pixel is uniform on 0…255 (its front disk's grey level is independent of the geometry):
// one pixel of 3,000 independent images has mean 127.5 and variance (256² − 1)/12 (discrete
// uniform, closed form), |z| < 4.5 for the mean and the variance (seed 3). The exact scaling
// then gives the dequantized data mean 0 and variance 1 (DeadLeavesScaling's derivation).
func TestDeadLeavesPixelMarginal(t *testing.T) {
	d := DeadLeaves{Size: 16, RMin: 1, RMax: 8, MaxDisks: 1 << 20}
	rng := rand.New(rand.NewPCG(3, 0))
	const n = 3000
	var s, s2, s4 float64
	for i := 0; i < n; i++ {
		g, _, err := d.Generate(rng)
		if err != nil {
			t.Fatal(err)
		}
		v := float64(g.Pix[8*16+8]) - 127.5
		s += v
		s2 += v * v
		s4 += v * v * v * v
	}
	varU := (256.0*256 - 1) / 12
	if z := s / n / math.Sqrt(varU/n); math.Abs(z) > 4.5 {
		t.Errorf("pixel mean off by z = %.1f", z)
	}
	m2 := s2 / n
	sdVar := math.Sqrt((s4/n - m2*m2) / n)
	if z := (m2 - varU) / sdVar; math.Abs(z) > 4.5 {
		t.Errorf("pixel variance %v, uniform %v (z = %.1f)", m2, varU, z)
	}
	// Closed form of DeadLeavesScaling: scaled variance (256²/(12·255²))·Scale² = 1.
	sc := DeadLeavesScaling()
	if v := 256.0 * 256 / (12 * 255 * 255) * sc.Scale * sc.Scale; math.Abs(v-1) > 1e-12 {
		t.Errorf("scaled variance %v", v)
	}
	z := make([]float64, 2)
	sc.Dequantize([]byte{0, 255}, nil, z)
	if math.Abs(z[0]+z[1]) > 1e-12 {
		t.Errorf("scaling not centred: %v", z)
	}
}

func TestRandomPatch(t *testing.T) {
	g := GreyImage{Width: 5, Height: 4, Pix: make([]byte, 20)}
	for i := range g.Pix {
		g.Pix[i] = byte(i)
	}
	out := make([]byte, 6)
	g.Crop(2, 1, 3, 2, out)
	if !bytes.Equal(out, []byte{7, 8, 9, 12, 13, 14}) {
		t.Fatalf("crop %v", out)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[byte]bool{}
	for i := 0; i < 200; i++ {
		RandomPatch([]GreyImage{g}, 3, 2, rng, out)
		// the patch is a contiguous window: row 2 = row 1 + 5
		for k := 0; k < 3; k++ {
			if out[3+k] != out[k]+5 || (k > 0 && out[k] != out[k-1]+1) {
				t.Fatalf("not a window: %v", out)
			}
		}
		seen[out[0]] = true
	}
	if len(seen) != 9 { // 3 × 3 top-left positions
		t.Errorf("visited %d top-left corners, want 9", len(seen))
	}
	if err := CheckPatchable([]GreyImage{g}, 6, 2); err == nil {
		t.Error("a 6-wide patch of a 5-wide image accepted")
	}
	if err := CheckPatchable(nil, 1, 1); err == nil {
		t.Error("no images accepted")
	}
}
