package datasets

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writePNG(t *testing.T, path string, im image.Image) {
	var b bytes.Buffer
	if err := png.Encode(&b, im); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadGreyPNG(t *testing.T) {
	dir := t.TempDir()
	g := image.NewGray(image.Rect(0, 0, 5, 3))
	for i := range g.Pix {
		g.Pix[i] = byte(10 * i)
	}
	writePNG(t, filepath.Join(dir, "grey.png"), g)
	// A colour image: pure red (255, 0, 0) has luminance (19595·255 + 2^15) >> 16 = 76
	// (image/color's GrayModel, 0.299 R).
	c := image.NewRGBA(image.Rect(0, 0, 2, 2))
	for i := 0; i < 4; i++ {
		c.Set(i%2, i/2, color.RGBA{255, 0, 0, 255})
	}
	writePNG(t, filepath.Join(dir, "red.png"), c)
	got, err := LoadTexture(dir, "grey")
	if err != nil {
		t.Fatal(err)
	}
	if got.Width != 5 || got.Height != 3 || !bytes.Equal(got.Pix, g.Pix) {
		t.Fatalf("grey: %d×%d %v", got.Width, got.Height, got.Pix)
	}
	red, err := LoadGreyPNG(filepath.Join(dir, "red.png"))
	if err != nil {
		t.Fatal(err)
	}
	if red.Pix[3] != 76 {
		t.Errorf("red luminance %d, want 76", red.Pix[3])
	}
	top, bottom := got.SplitRows(1)
	if top.Height != 1 || bottom.Height != 2 || bottom.Pix[0] != 50 {
		t.Errorf("SplitRows: %d + %d rows, bottom starts %d", top.Height, bottom.Height, bottom.Pix[0])
	}
	// Corrupt and truncated files, and a missing one.
	var b bytes.Buffer
	png.Encode(&b, g)
	os.WriteFile(filepath.Join(dir, "trunc.png"), b.Bytes()[:b.Len()/2], 0o644)
	os.WriteFile(filepath.Join(dir, "text.png"), []byte("not an image"), 0o644)
	for _, name := range []string{"trunc", "text"} {
		if _, err := LoadTexture(dir, name); !errors.Is(err, ErrNotPNG) {
			t.Errorf("%s: err = %v, want ErrNotPNG", name, err)
		}
	}
	if _, err := LoadTexture(dir, "bark"); err == nil || !strings.Contains(err.Error(), "scripts/textures.sh") {
		t.Errorf("missing texture: %v", err)
	}
}

// The extracted skimage textures, when present (scripts/textures.sh): 512×512 grey.
func TestSkimageTextures(t *testing.T) {
	dir := filepath.Join("..", "data", "textures")
	for _, n := range TextureNames {
		g, err := LoadTexture(dir, n)
		if err != nil {
			t.Skipf("textures not extracted (run scripts/textures.sh): %v", err)
		}
		if g.Width != 512 || g.Height != 512 {
			t.Errorf("%s: %d×%d, want 512×512", n, g.Width, g.Height)
		}
	}
}
