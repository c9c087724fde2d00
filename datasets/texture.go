package datasets

import (
	"fmt"
	"os"
	"path/filepath"
)

// Grey-scale texture photographs, the substitute for the paper's bark images (§3.2.1, Fig. 5:
// bark textures T01–T04 of Lazebnik, Schmid & Ponce 2005, which no package here ships). Debian's
// python3-skimage ships three 512×512 grey photographs under CC0 — TextureNames — which
// scripts/textures.sh extracts into data/textures/ (not committed). They are textures of other
// materials than bark, so bounds measured on them are not comparable digit for digit with the
// paper's −0.55 bits/pixel.
var TextureNames = []string{"brick", "grass", "gravel"}

// TextureHelp says how to obtain the texture files.
const TextureHelp = "the texture photographs are extracted from Debian's python3-skimage package by scripts/textures.sh (into data/textures/: brick.png, grass.png, gravel.png)"

// LoadTexture reads dir/name.png (name one of TextureNames, or any PNG base name).
func LoadTexture(dir, name string) (GreyImage, error) {
	p := filepath.Join(dir, name+".png")
	if _, err := os.Stat(p); err != nil {
		return GreyImage{}, fmt.Errorf("datasets: texture %s not found (%v); %s", p, err, TextureHelp)
	}
	return LoadGreyPNG(p)
}

// SplitRows cuts g into its top rows (the first `top` rows) and the rest, e.g. a training and
// a holdout region of one texture photograph.
func (g GreyImage) SplitRows(top int) (GreyImage, GreyImage) {
	if top <= 0 || top >= g.Height {
		panic(fmt.Sprintf("datasets: SplitRows(%d) of a %d-row image", top, g.Height))
	}
	a := GreyImage{Width: g.Width, Height: top, Pix: g.Pix[:top*g.Width]}
	b := GreyImage{Width: g.Width, Height: g.Height - top, Pix: g.Pix[top*g.Width:]}
	return a, b
}
