package datasets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// DeadLeaves generates dead-leaves images (Matheron 1968; Lee, Mumford & Huang 2001, "Occlusion
// models for natural images"), the substitute for the dead-leaves data of the paper's §3.2.1
// (Theis et al. 2012's images are not available; PAPER.md §4.6):
//
//   - a disk ("leaf") has its centre uniform on the canvas enlarged by RMax on every side
//     (so that statistics at the border match those in the middle), a radius r with density
//     p(r) = c·r⁻³ on [RMin, RMax], c = 2/(RMin⁻² − RMax⁻²) (the scale-invariant law of Lee et
//     al.; drawn by inverse CDF, Radius), and a grey level uniform on the bytes 0…255;
//   - disks are drawn one after another, each new disk lying BEHIND every disk already drawn
//     (it paints only pixels no earlier disk covers — "front to back", equivalent to painting
//     back to front without end), until every pixel is covered. A pixel belongs to a disk when
//     its centre (x+½, y+½) is within r of the disk's centre.
//
// Because the visible disk in front of a pixel is independent of its grey level, every pixel
// is uniform on 0…255: after dequantization (Scaling.Dequantize) the data have exactly
// DeadLeavesScaling's mean and variance. The bound on such data depends on RMin, RMax, the
// grey-level law and the dequantization (constant regions carry almost no information): the
// paper's 1.489 bits/pixel was measured on Theis et al.'s images, whose parameters are not
// published, so numbers from this generator are comparable in kind, not digit for digit.
type DeadLeaves struct {
	// Size is the side of the square image in pixels (default 256, the paper's Figure 4).
	Size int
	// RMin, RMax bound the radius in pixels (defaults 1 and 64: six octaves of sizes, every
	// octave covering the same expected fraction of the image).
	RMin, RMax float64
	// MaxDisks caps the disks drawn for one image (default 10,000,000); Generate returns
	// ErrNotCovered when the image is still not covered.
	MaxDisks int
}

// DefaultDeadLeaves returns the defaults documented on DeadLeaves.
func DefaultDeadLeaves() DeadLeaves {
	return DeadLeaves{Size: 256, RMin: 1, RMax: 64, MaxDisks: 10_000_000}
}

// ErrNotCovered is returned when MaxDisks disks did not cover the image.
var ErrNotCovered = errors.New("datasets: dead leaves: image not covered within MaxDisks disks")

// Validate reports parameters the generator cannot use.
func (d DeadLeaves) Validate() error {
	switch {
	case d.Size <= 0:
		return fmt.Errorf("datasets: dead leaves: Size = %d", d.Size)
	case !(d.RMin >= 0.5) || !(d.RMax >= d.RMin) || math.IsInf(d.RMax, 0):
		return fmt.Errorf("datasets: dead leaves: need 0.5 ≤ RMin ≤ RMax < ∞ (a smaller disk may cover no pixel centre), got [%v, %v]", d.RMin, d.RMax)
	case d.MaxDisks <= 0:
		return fmt.Errorf("datasets: dead leaves: MaxDisks = %d", d.MaxDisks)
	}
	return nil
}

// Radius draws a radius from p(r) ∝ r⁻³ on [RMin, RMax] by inverting the CDF
// F(r) = (RMin⁻² − r⁻²)/(RMin⁻² − RMax⁻²):  r = (RMin⁻² − u·(RMin⁻² − RMax⁻²))^(−½).
func (d DeadLeaves) Radius(rng *rand.Rand) float64 {
	a := 1 / (d.RMin * d.RMin)
	b := 1 / (d.RMax * d.RMax)
	return 1 / math.Sqrt(a-rng.Float64()*(a-b))
}

// RadiusCDF is F(r) of Radius's law.
func (d DeadLeaves) RadiusCDF(r float64) float64 {
	switch {
	case r <= d.RMin:
		return 0
	case r >= d.RMax:
		return 1
	}
	a := 1 / (d.RMin * d.RMin)
	b := 1 / (d.RMax * d.RMax)
	return (a - 1/(r*r)) / (a - b)
}

// leaf is one disk: centre, radius, grey level.
type leaf struct {
	X, Y, R float64
	Grey    byte
}

// Generate draws one image; it also returns the number of disks drawn.
func (d DeadLeaves) Generate(rng *rand.Rand) (GreyImage, int, error) {
	img, n, _, err := d.generate(rng, false)
	return img, n, err
}

// GenerateN draws n images from rng.
func (d DeadLeaves) GenerateN(n int, rng *rand.Rand) ([]GreyImage, error) {
	if n <= 0 {
		return nil, fmt.Errorf("datasets: dead leaves: %d images", n)
	}
	out := make([]GreyImage, n)
	for i := range out {
		g, _, err := d.Generate(rng)
		if err != nil {
			return nil, err
		}
		out[i] = g
	}
	return out, nil
}

func (d DeadLeaves) generate(rng *rand.Rand, keep bool) (GreyImage, int, []leaf, error) {
	if err := d.Validate(); err != nil {
		return GreyImage{}, 0, nil, err
	}
	S := d.Size
	img := GreyImage{Width: S, Height: S, Pix: make([]byte, S*S)}
	covered := make([]bool, S*S)
	left := S * S
	lo, span := -d.RMax, float64(S)+2*d.RMax
	var leaves []leaf
	n := 0
	for left > 0 {
		if n == d.MaxDisks {
			return GreyImage{}, n, leaves, fmt.Errorf("%w (%d disks, %d of %d pixels left)", ErrNotCovered, n, left, S*S)
		}
		n++
		l := leaf{X: lo + span*rng.Float64(), Y: lo + span*rng.Float64(), R: d.Radius(rng), Grey: byte(rng.IntN(256))}
		if keep {
			leaves = append(leaves, l)
		}
		// Pixels whose centres (x+½, y+½) lie within R of the centre: x ∈ [X−R−½, X+R−½].
		x0 := max(0, int(math.Ceil(l.X-l.R-0.5)))
		x1 := min(S-1, int(math.Floor(l.X+l.R-0.5)))
		y0 := max(0, int(math.Ceil(l.Y-l.R-0.5)))
		y1 := min(S-1, int(math.Floor(l.Y+l.R-0.5)))
		r2 := l.R * l.R
		for y := y0; y <= y1; y++ {
			dy := float64(y) + 0.5 - l.Y
			row := y * S
			for x := x0; x <= x1; x++ {
				if covered[row+x] {
					continue
				}
				dx := float64(x) + 0.5 - l.X
				if dx*dx+dy*dy <= r2 {
					covered[row+x] = true
					img.Pix[row+x] = l.Grey
					left--
				}
			}
		}
	}
	return img, n, leaves, nil
}

// DeadLeavesScaling is the exact unit-variance scaling of dequantized dead-leaves pixels: a
// pixel is k/255 + u/255 with k uniform on 0…255 and u ~ U(−½, ½), so its mean is ½ and its
// variance (256² − 1)/(12·255²) + 1/(12·255²) = 256²/(12·255²).
func DeadLeavesScaling() Scaling {
	return Scaling{Mean: 0.5, Scale: 255 * math.Sqrt(12) / 256}
}
