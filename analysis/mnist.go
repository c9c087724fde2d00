package analysis

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// ImageGridPNG tiles grey-scale images (each width·height values in row-major order, 0 black
// … 1 white, values outside clipped) into a PNG with cols images per row, a gap of one pixel
// (grey) between them, every pixel drawn as a scale×scale block.
func ImageGridPNG(images [][]float64, width, height, cols, scale int) ([]byte, error) {
	if len(images) == 0 || width <= 0 || height <= 0 || scale <= 0 {
		return nil, fmt.Errorf("analysis: ImageGridPNG: %d images of %d×%d at scale %d", len(images), width, height, scale)
	}
	if cols <= 0 {
		cols = int(math.Ceil(math.Sqrt(float64(len(images)))))
	}
	rows := (len(images) + cols - 1) / cols
	W := (cols*(width+1) + 1) * scale
	H := (rows*(height+1) + 1) * scale
	img := image.NewGray(image.Rect(0, 0, W, H))
	for i := range img.Pix {
		img.Pix[i] = 128
	}
	for k, im := range images {
		if len(im) != width*height {
			return nil, fmt.Errorf("analysis: ImageGridPNG: image %d has %d values, want %d", k, len(im), width*height)
		}
		ox := ((k%cols)*(width+1) + 1) * scale
		oy := ((k/cols)*(height+1) + 1) * scale
		for y := 0; y < height; y++ {
			for x := 0; x < width; x++ {
				v := im[y*width+x]
				if math.IsNaN(v) {
					v = 0
				}
				g := color.Gray{Y: uint8(math.Round(255 * math.Min(1, math.Max(0, v))))}
				for a := 0; a < scale; a++ {
					for b := 0; b < scale; b++ {
						img.SetGray(ox+x*scale+b, oy+y*scale+a, g)
					}
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
