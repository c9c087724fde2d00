package datasets

import (
	"fmt"
	"math/rand/v2"
)

// GreyImage is a grey-scale image of bytes (0 black … 255 white), row-major: pixel (x, y) is
// Pix[y·Width + x].
type GreyImage struct {
	Width, Height int
	Pix           []byte
}

// Crop copies the w×h patch whose top-left corner is (x, y) into out (w·h bytes). It panics
// when the patch does not lie inside the image (programmer misuse).
func (g GreyImage) Crop(x, y, w, h int, out []byte) {
	if x < 0 || y < 0 || w <= 0 || h <= 0 || x+w > g.Width || y+h > g.Height || len(out) != w*h {
		panic(fmt.Sprintf("datasets: Crop %d×%d at (%d,%d) of a %d×%d image into %d bytes", w, h, x, y, g.Width, g.Height, len(out)))
	}
	for r := 0; r < h; r++ {
		copy(out[r*w:(r+1)*w], g.Pix[(y+r)*g.Width+x:(y+r)*g.Width+x+w])
	}
}

// RandomPatch copies a w×h patch at a uniformly drawn position of a uniformly drawn image of
// imgs into out (w·h bytes). Every image must be at least w×h.
func RandomPatch(imgs []GreyImage, w, h int, rng *rand.Rand, out []byte) {
	g := imgs[rng.IntN(len(imgs))]
	x := rng.IntN(g.Width - w + 1)
	y := rng.IntN(g.Height - h + 1)
	g.Crop(x, y, w, h, out)
}

// CheckPatchable returns an error unless every image is at least w×h (call it before
// RandomPatch with user-supplied sizes).
func CheckPatchable(imgs []GreyImage, w, h int) error {
	if len(imgs) == 0 {
		return fmt.Errorf("datasets: no images to cut %d×%d patches from", w, h)
	}
	if w <= 0 || h <= 0 {
		return fmt.Errorf("datasets: patch size %d×%d", w, h)
	}
	for i, g := range imgs {
		if g.Width < w || g.Height < h || len(g.Pix) != g.Width*g.Height {
			return fmt.Errorf("datasets: image %d (%d×%d, %d bytes) cannot hold a %d×%d patch", i, g.Width, g.Height, len(g.Pix), w, h)
		}
	}
	return nil
}

// FitScalingImages is FitScaling over the pixels of every image.
func FitScalingImages(imgs []GreyImage) Scaling {
	var all []byte
	for _, g := range imgs {
		all = append(all, g.Pix...)
	}
	return FitScaling(all)
}
