package datasets

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pngBytes encodes im as PNG.
func pngBytes(t testing.TB, im image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, im); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withPNGSize returns a copy of the PNG file b whose IHDR chunk (always first, right after
// the 8-byte signature) announces w×h, with the chunk's CRC recomputed: a well-formed header
// followed by the original, far too short, pixel data.
func withPNGSize(b []byte, w, h uint32) []byte {
	b = bytes.Clone(b)
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29])) // "IHDR" and 13 bytes
	return b
}

// smallGrey is a 5×3 grey image.
func smallGrey() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 5, 3))
	for i := range g.Pix {
		g.Pix[i] = byte(10 * i)
	}
	return g
}

// A 70-byte file announcing 20000×20000 pixels (or just over a limit) is refused from
// its header with ErrPNGTooLarge, without allocating the image; one within the limits whose
// pixels cannot fit in the file is refused as truncated, also before decoding.
func TestLoadGreyPNGRefusesHugeImages(t *testing.T) {
	small := pngBytes(t, smallGrey())
	dir := t.TempDir()
	cases := []struct {
		w, h uint32
		want error
		msg  string
	}{
		{20000, 20000, ErrPNGTooLarge, "20000×20000"},
		{MaxGreyPNGSide + 1, 1, ErrPNGTooLarge, "limit"},
		{1, MaxGreyPNGSide + 1, ErrPNGTooLarge, "limit"},
		{4097, 4096, ErrPNGTooLarge, "limit"},
		{4096, 4096, ErrNotPNG, "truncated"},
		{MaxGreyPNGSide, 2048, ErrNotPNG, "truncated"},
	}
	for _, c := range cases {
		p := filepath.Join(dir, "big.png")
		if err := os.WriteFile(p, withPNGSize(small, c.w, c.h), 0o644); err != nil {
			t.Fatal(err)
		}
		var err error
		n := allocatedBy(func() { _, err = LoadGreyPNG(p) })
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), p) {
			t.Errorf("%d×%d: err = %v, want %v naming the file and mentioning %q", c.w, c.h, err, c.want, c.msg)
		}
		if n > allocBound {
			t.Errorf("%d×%d: allocated %d bytes, want ≤ %d", c.w, c.h, n, allocBound)
		}
	}
}

// pngSeeds are small valid PNG files of several colour types.
func pngSeeds(t testing.TB) [][]byte {
	rgba := image.NewRGBA(image.Rect(0, 0, 3, 2))
	g16 := image.NewGray16(image.Rect(0, 0, 2, 2))
	pal := image.NewPaletted(image.Rect(0, 0, 4, 1), color.Palette{color.Black, color.White})
	for i := range 4 {
		rgba.Set(i%3, i/3, color.RGBA{byte(60 * i), 0, 255, 255})
		g16.Set(i%2, i/2, color.Gray16{uint16(16000 * i)})
		pal.SetColorIndex(i, 0, uint8(i%2))
	}
	return [][]byte{pngBytes(t, smallGrey()), pngBytes(t, rgba), pngBytes(t, g16), pngBytes(t, pal)}
}

// Every truncation and every bit flip of small PNG files is refused (PNG checksums every
// chunk) with ErrNotPNG or ErrPNGTooLarge, never a panic.
func TestDecodeGreyPNGRefusesDamage(t *testing.T) {
	for k, good := range pngSeeds(t) {
		if g, err := decodeGreyPNG(bytes.NewReader(good), "good"); err != nil || len(g.Pix) != g.Width*g.Height {
			t.Fatalf("seed %d: %v", k, err)
		}
		for n := range len(good) {
			if _, err := decodeGreyPNG(bytes.NewReader(good[:n]), "t"); !errors.Is(err, ErrNotPNG) {
				t.Errorf("seed %d truncated to %d bytes: err = %v", k, n, err)
			}
		}
		for bit := range 8 * len(good) {
			in := bytes.Clone(good)
			in[bit/8] ^= 1 << (bit % 8)
			if _, err := decodeGreyPNG(bytes.NewReader(in), "t"); !errors.Is(err, ErrNotPNG) && !errors.Is(err, ErrPNGTooLarge) {
				t.Errorf("seed %d, bit %d flipped: err = %v", k, bit, err)
			}
		}
	}
}

func FuzzDecodeGreyPNG(f *testing.F) {
	seeds := pngSeeds(f)
	for _, s := range seeds {
		f.Add(s)
	}
	f.Add(seeds[0][:len(seeds[0])/2])
	f.Add(withPNGSize(seeds[0], 20000, 20000))
	f.Add(withPNGSize(seeds[1], 64, 64))
	f.Add([]byte("not an image"))
	f.Fuzz(func(t *testing.T, in []byte) {
		g, err := decodeGreyPNG(bytes.NewReader(in), "fuzz")
		if err != nil {
			if !errors.Is(err, ErrNotPNG) && !errors.Is(err, ErrPNGTooLarge) {
				t.Fatalf("error %v wraps neither ErrNotPNG nor ErrPNGTooLarge", err)
			}
			return
		}
		if g.Width <= 0 || g.Height <= 0 || g.Width > MaxGreyPNGSide || g.Height > MaxGreyPNGSide || g.Width*g.Height > MaxGreyPNGPixels || len(g.Pix) != g.Width*g.Height {
			t.Fatalf("%d×%d image with %d pixels", g.Width, g.Height, len(g.Pix))
		}
	})
}
