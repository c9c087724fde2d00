package analysis

import (
	"bytes"
	"image/png"
	"testing"
)

// One 2×1 colour image at scale 1: pixel (0,0) pure red, (1,0) half grey; the grid adds a
// one-pixel grey border, so the image starts at (1,1).
func TestRGBImageGridPNG(t *testing.T) {
	im := []float64{1, 0.5, 0, 0.5, 0, 0.5}
	b, err := RGBImageGridPNG([][]float64{im}, 2, 1, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if dec.Bounds().Dx() != 4 || dec.Bounds().Dy() != 3 {
		t.Fatalf("size %v", dec.Bounds())
	}
	r, g, bl, _ := dec.At(1, 1).RGBA()
	if r>>8 != 255 || g>>8 != 0 || bl>>8 != 0 {
		t.Errorf("pixel (0,0) = %d %d %d, want red", r>>8, g>>8, bl>>8)
	}
	r, g, bl, _ = dec.At(2, 1).RGBA()
	if r>>8 != 128 || g>>8 != 128 || bl>>8 != 128 {
		t.Errorf("pixel (1,0) = %d %d %d, want grey 128", r>>8, g>>8, bl>>8)
	}
	if _, err := RGBImageGridPNG([][]float64{im[:5]}, 2, 1, 1, 1); err == nil {
		t.Error("short image accepted")
	}
}
