package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestUpsampleBilinear2Gradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	const n, H, W, C = 2, 3, 4, 2
	x := randSlice(rng, n*H*W*C, 1)
	r := randSlice(rng, n*H*W*C*4, 1)
	y := make([]float32, len(r))
	checkGradients(t, fdCase{
		name: "UpsampleBilinear2", inputs: x,
		loss: func() float64 { UpsampleBilinear2(x, n, H, W, C, y); return dot64(r, y) },
		grad: func() []float32 {
			dx := make([]float32, len(x))
			UpsampleBilinear2Backward(r, n, H, W, C, dx)
			return dx
		},
	})
}

// Closed forms: a constant image stays constant; a linear ramp x[i] = i is sampled at the
// output pixel centres, y[o] = (o − ½)/2 (the 2× map of centres o+½ ↦ (o+½)/2 − ½), except at
// the replicated edge rows o = 0 and o = 2H−1.
func TestUpsampleBilinear2ClosedForm(t *testing.T) {
	const H, W = 5, 6
	x := make([]float32, H*W)
	for i := range x {
		x[i] = 2.5
	}
	y := make([]float32, 4*H*W)
	UpsampleBilinear2(x, 1, H, W, 1, y)
	for i, v := range y {
		if v != 2.5 {
			t.Fatalf("constant image: y[%d] = %v, want 2.5", i, v)
		}
	}
	for h := 0; h < H; h++ {
		for w := 0; w < W; w++ {
			x[h*W+w] = float32(h)
		}
	}
	UpsampleBilinear2(x, 1, H, W, 1, y)
	for o := 1; o < 2*H-1; o++ {
		want := (float64(o) - 0.5) / 2
		for w := 0; w < 2*W; w++ {
			if got := float64(y[o*2*W+w]); math.Abs(got-want) > 1e-6 {
				t.Fatalf("ramp: row %d col %d = %v, want %v", o, w, got, want)
			}
		}
	}
	if y[0] != 0 || y[(2*H-1)*2*W] != float32(H-1) {
		t.Fatalf("ramp edges: %v and %v, want 0 and %d", y[0], y[(2*H-1)*2*W], H-1)
	}
}

func TestMultiScaleConvBilinearGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	const n, H, W, cin, cout, S = 2, 8, 4, 2, 3, 3
	l := NewMultiScaleConv("ms", cin, cout, S, Softplus{}, 1.4, rng)
	l.Bilinear = true
	x := randSlice(rng, n*H*W*cin, 1)
	r := randSlice(rng, n*H*W*cout, 1)
	y := make([]float32, len(r))
	checkGradients(t, fdCase{
		name: "MultiScaleConv bilinear", params: l.Params(), inputs: x,
		loss: func() float64 { l.Forward(x, n, H, W, y); return dot64(r, y) },
		grad: func() []float32 {
			l.Forward(x, n, H, W, y)
			dx := make([]float32, len(x))
			l.Backward(x, n, H, W, r, dx)
			return dx
		},
	})
	// The shared copy computes the same function.
	s := l.Share()
	y2 := make([]float32, len(y))
	l.Forward(x, n, H, W, y)
	s.Forward(x, n, H, W, y2)
	for i := range y {
		if y[i] != y2[i] {
			t.Fatalf("Share: output %d differs (%v vs %v)", i, y[i], y2[i])
		}
	}
}
