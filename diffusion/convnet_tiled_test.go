package diffusion

import (
	"math"
	"math/rand/v2"
	"testing"
)

// tiledFixture is a perturbed tiny 4×4 network (so outputs differ between tiles) and two
// 6×6 grey inputs at different steps.
func tiledFixture(t *testing.T) (*FCNNet, []float32, []int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 1))
	net, err := NewFCNNet(tinyFCNConfig(2, 1), 10, rng)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range net.Params() {
		for i := range p.W {
			p.W[i] += float32(0.3 * rng.NormFloat64())
		}
	}
	x := make([]float32, 2*36)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return net, x, []int{3, 9}
}

// One tile covering the image: the blend is the network itself (w·z/w).
func TestTiledNetSingleTileIsTheNetwork(t *testing.T) {
	net, x, ts := tiledFixture(t)
	tn, err := NewTiledNet(net, 4, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	in := make([]float32, 2*16)
	for r := 0; r < 2; r++ {
		copy(in[r*16:(r+1)*16], x[r*36:r*36+16])
	}
	want := make([]float32, 2*32)
	net.Forward(in, ts, want)
	got := make([]float32, len(want))
	tn.Forward(in, ts, got)
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-5*math.Max(1, math.Abs(float64(want[i]))) {
			t.Fatalf("out[%d] = %g, network %g", i, got[i], want[i])
		}
	}
}

// A 6×6 image with 4×4 tiles at stride 2 has origins {0, 2} on each axis (4 tiles). Every
// output is checked against the blend formula computed here from the network run on the four
// crops separately: z(p) = Σ_k w(p−o_k) z_k(p−o_k) / Σ_k w(p−o_k), w(i,j) =
// min(i+1,4−i)·min(j+1,4−j). MaxTiles = 3 makes one image's tiles span two groups.
func TestTiledNetBlend(t *testing.T) {
	net, x, ts := tiledFixture(t)
	tn, err := NewTiledNet(net, 6, 6, 2)
	if err != nil {
		t.Fatal(err)
	}
	tn.MaxTiles = 3
	if tn.Tiles() != 4 {
		t.Fatalf("%d tiles, want 4", tn.Tiles())
	}
	got := make([]float32, 2*72)
	tn.Forward(x, ts, got)
	w := func(i int) float64 { return float64(min(i+1, 4-i)) }
	crop := make([]float32, 16)
	zo := make([]float32, 32)
	for r := range ts {
		num := make([]float64, 72)
		den := make([]float64, 36)
		for _, oy := range []int{0, 2} {
			for _, ox := range []int{0, 2} {
				for i := 0; i < 4; i++ {
					for j := 0; j < 4; j++ {
						crop[i*4+j] = x[r*36+(oy+i)*6+ox+j]
					}
				}
				net.Forward(crop, ts[r:r+1], zo)
				for i := 0; i < 4; i++ {
					for j := 0; j < 4; j++ {
						p := (oy+i)*6 + ox + j
						wt := w(i) * w(j)
						num[p] += wt * float64(zo[i*4+j])
						num[36+p] += wt * float64(zo[16+i*4+j])
						den[p] += wt
					}
				}
			}
		}
		for k := 0; k < 72; k++ {
			want := num[k] / den[k%36]
			if g := float64(got[r*72+k]); math.Abs(g-want) > 1e-5*math.Max(1, math.Abs(want)) {
				t.Fatalf("row %d output %d: %g, blend formula %g", r, k, g, want)
			}
		}
	}
}

// Finite differences of L = Σ r ⊙ out through the tiled network (parameters and input), with
// groups of 3 tiles; step 1e-2, relative tolerance 2e-2 as in TestFCNGradientFiniteDifference.
func TestTiledNetGradientFiniteDifference(t *testing.T) {
	net, x, ts := tiledFixture(t)
	tn, err := NewTiledNet(net, 6, 6, 2)
	if err != nil {
		t.Fatal(err)
	}
	tn.MaxTiles = 3
	rng := rand.New(rand.NewPCG(7, 2))
	r := make([]float32, 2*72)
	for i := range r {
		r[i] = float32(rng.NormFloat64())
	}
	checkNetGradients(t, "tiled", tn, x, ts, r)
}

func TestTiledNetRefusesBadSizes(t *testing.T) {
	net, _, _ := tiledFixture(t)
	for _, c := range []struct{ H, W, s int }{{3, 8, 2}, {8, 3, 2}, {8, 8, 0}, {8, 8, 5}} {
		if _, err := NewTiledNet(net, c.H, c.W, c.s); err == nil {
			t.Errorf("NewTiledNet(%d×%d, stride %d) accepted", c.H, c.W, c.s)
		}
	}
}
