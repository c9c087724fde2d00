package analysis

import (
	"bytes"
	"image/png"
	"testing"
)

func TestImageGridPNG(t *testing.T) {
	imgs := [][]float64{{0, 1, 0.5, 2}, {-1, 0, 0, 1}, {1, 1, 1, 1}}
	b, err := ImageGridPNG(imgs, 2, 2, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	im, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// 2 columns × (2+1) + 1 = 7 cells wide, 2 rows × 3 + 1 = 7 high, times 3.
	if r := im.Bounds(); r.Dx() != 21 || r.Dy() != 21 {
		t.Fatalf("size %v", r)
	}
	// pixel (1,0) of image 0 is white (1), at cell (2,1) → (6..8, 3..5)
	if g, _, _, _ := im.At(7, 4).RGBA(); g>>8 != 255 {
		t.Fatalf("white pixel is %d", g>>8)
	}
	// value 2 clips to white; -1 clips to black (image 1 pixel (0,0) at cell (4,1))
	if g, _, _, _ := im.At(13, 4).RGBA(); g>>8 != 0 {
		t.Fatalf("clipped black pixel is %d", g>>8)
	}
	if _, err := ImageGridPNG(imgs, 3, 2, 2, 1); err == nil {
		t.Fatal("wrong image size accepted")
	}
}
