package analysis

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// RGBImageGridPNG is ImageGridPNG for colour images: each image is three planes of
// width·height values (red, then green, then blue, row-major — the CIFAR-10 layout), 0 … 1,
// values outside clipped and NaN drawn as mid grey.
func RGBImageGridPNG(images [][]float64, width, height, cols, scale int) ([]byte, error) {
	if len(images) == 0 || width <= 0 || height <= 0 || scale <= 0 {
		return nil, fmt.Errorf("analysis: RGBImageGridPNG: %d images of %d×%d at scale %d", len(images), width, height, scale)
	}
	if cols <= 0 {
		cols = int(math.Ceil(math.Sqrt(float64(len(images)))))
	}
	rows := (len(images) + cols - 1) / cols
	W := (cols*(width+1) + 1) * scale
	H := (rows*(height+1) + 1) * scale
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	for i := range img.Pix {
		img.Pix[i] = 128
		if i%4 == 3 {
			img.Pix[i] = 255
		}
	}
	P := width * height
	byteOf := func(v float64) uint8 {
		if math.IsNaN(v) {
			return 128
		}
		return uint8(math.Round(255 * math.Min(1, math.Max(0, v))))
	}
	for k, im := range images {
		if len(im) != 3*P {
			return nil, fmt.Errorf("analysis: RGBImageGridPNG: image %d has %d values, want 3×%d", k, len(im), P)
		}
		ox := ((k%cols)*(width+1) + 1) * scale
		oy := ((k/cols)*(height+1) + 1) * scale
		for y := 0; y < height; y++ {
			for x := 0; x < width; x++ {
				p := y*width + x
				c := color.RGBA{byteOf(im[p]), byteOf(im[P+p]), byteOf(im[2*P+p]), 255}
				for a := 0; a < scale; a++ {
					for b := 0; b < scale; b++ {
						img.SetRGBA(ox+x*scale+b, oy+y*scale+a, c)
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
