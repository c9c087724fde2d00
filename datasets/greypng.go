package datasets

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
)

// ErrNotPNG is wrapped by the error for a file that is not a decodable PNG.
var ErrNotPNG = errors.New("datasets: not a PNG image")

// ErrPNGTooLarge is wrapped by the error for a PNG image beyond MaxGreyPNGSide or
// MaxGreyPNGPixels.
var ErrPNGTooLarge = errors.New("datasets: PNG image too large")

// MaxGreyPNGSide and MaxGreyPNGPixels bound the images LoadGreyPNG decodes: at most 8192
// pixels wide and tall and 2²⁴ pixels in all (e.g. 4096×4096), checked from the header alone.
// Decoding takes up to 8 bytes a pixel (16-bit RGBA), 128 MiB at the limit, plus the grey copy. The skimage textures
// are 512×512, the paper's bark photographs 640×480.
const (
	MaxGreyPNGSide   = 8192
	MaxGreyPNGPixels = 1 << 24
)

// maxDeflateRatio is deflate's largest possible expansion (1032:1, zlib's technical notes):
// a file smaller than its pixels' bytes over this ratio cannot hold them.
const maxDeflateRatio = 1032

// LoadGreyPNG decodes a PNG file into a grey image; colour images are converted with the
// standard library's luminance (color.GrayModel: Y = 0.299R + 0.587G + 0.114B). The header is
// read first (image.DecodeConfig): an image beyond MaxGreyPNGSide or MaxGreyPNGPixels is
// refused with ErrPNGTooLarge, and one whose pixels could not fit in the file even at
// deflate's highest compression with ErrNotPNG, before anything is allocated for the pixels.
func LoadGreyPNG(path string) (GreyImage, error) {
	f, err := os.Open(path)
	if err != nil {
		return GreyImage{}, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	return decodeGreyPNG(f, path)
}

// decodeGreyPNG is LoadGreyPNG on an open stream; name labels the errors.
func decodeGreyPNG(r io.ReadSeeker, name string) (GreyImage, error) {
	size := remainingSize(r)
	start, err := r.Seek(0, io.SeekCurrent)
	if err != nil {
		return GreyImage{}, fmt.Errorf("datasets: %s: %w", name, err)
	}
	cfg, err := png.DecodeConfig(r)
	if err != nil {
		return GreyImage{}, fmt.Errorf("%w: %s: %v", ErrNotPNG, name, err)
	}
	w, h := cfg.Width, cfg.Height
	if w > MaxGreyPNGSide || h > MaxGreyPNGSide || w*h > MaxGreyPNGPixels {
		return GreyImage{}, fmt.Errorf("%w: %s is %d×%d pixels; the limit is %d per side and %d in all (MaxGreyPNGSide, MaxGreyPNGPixels)", ErrPNGTooLarge, name, w, h, MaxGreyPNGSide, MaxGreyPNGPixels)
	}
	// Uncompressed, every row is a filter byte and at least one bit a pixel.
	if minRaw := int64(h) * int64(1+(w+7)/8); size >= 0 && size*maxDeflateRatio < minRaw {
		return GreyImage{}, fmt.Errorf("%w: %s: truncated: %d×%d pixels need at least %d bytes, the file has %d", ErrNotPNG, name, w, h, (minRaw+maxDeflateRatio-1)/maxDeflateRatio, size)
	}
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return GreyImage{}, fmt.Errorf("datasets: %s: %w", name, err)
	}
	im, err := png.Decode(r)
	if err != nil {
		return GreyImage{}, fmt.Errorf("%w: %s: %v", ErrNotPNG, name, err)
	}
	b := im.Bounds()
	if b.Dx() != w || b.Dy() != h {
		return GreyImage{}, fmt.Errorf("%w: %s: decoded %d×%d, header said %d×%d (file changed?)", ErrNotPNG, name, b.Dx(), b.Dy(), w, h)
	}
	return toGrey(im), nil
}

// toGrey copies im into a GreyImage, converting colours with color.GrayModel.
func toGrey(im image.Image) GreyImage {
	b := im.Bounds()
	g := GreyImage{Width: b.Dx(), Height: b.Dy(), Pix: make([]byte, b.Dx()*b.Dy())}
	if gr, ok := im.(*image.Gray); ok {
		for y := 0; y < g.Height; y++ {
			copy(g.Pix[y*g.Width:(y+1)*g.Width], gr.Pix[y*gr.Stride:y*gr.Stride+g.Width])
		}
		return g
	}
	for y := 0; y < g.Height; y++ {
		for x := 0; x < g.Width; x++ {
			g.Pix[y*g.Width+x] = color.GrayModel.Convert(im.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
		}
	}
	return g
}
