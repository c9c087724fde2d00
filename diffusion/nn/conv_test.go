package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// Reference: direct evaluation of the convolution sum in the Conv3x3 doc comment, for the
// im2col form (Cin < windowMinCin) and the window form, on one chunk and on several (40×40
// images: two per chunk).
func TestConv3x3MatchesDirectSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, sz := range [][5]int{{2, 5, 4, 3, 2}, {2, 5, 4, 5, 2}, {3, 6, 7, 4, 9}, {5, 40, 40, 6, 3}} {
		n, H, W, cin, cout := sz[0], sz[1], sz[2], sz[3], sz[4]
		c := NewConv3x3("c", cin, cout, 1, rng)
		for i := range c.B.W {
			c.B.W[i] = float32(rng.NormFloat64())
		}
		x := randSlice(rng, n*H*W*cin, 1)
		y := make([]float32, n*H*W*cout)
		c.Forward(x, n, H, W, y)
		for m := 0; m < n; m++ {
			for h := 0; h < H; h++ {
				for w := 0; w < W; w++ {
					for f := 0; f < cout; f++ {
						s := float64(c.B.W[f])
						for a := 0; a < 3; a++ {
							for b := 0; b < 3; b++ {
								hh, ww := h+a-1, w+b-1
								if hh < 0 || hh >= H || ww < 0 || ww >= W {
									continue
								}
								for ch := 0; ch < cin; ch++ {
									s += float64(x[((m*H+hh)*W+ww)*cin+ch]) * float64(c.W.W[((3*a+b)*cin+ch)*cout+f])
								}
							}
						}
						if got := float64(y[((m*H+h)*W+w)*cout+f]); math.Abs(got-s) > 1e-4 {
							t.Fatalf("%v: y[%d,%d,%d,%d] = %v, direct sum %v", sz, m, h, w, f, got, s)
						}
					}
				}
			}
		}
	}
}

// Finite differences of both forms (Cin = 2: im2col; Cin = 5: windows).
func TestConv3x3Gradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, cin := range []int{2, 5} {
		const n, H, W, cout = 2, 4, 3, 3
		c := NewConv3x3("c", cin, cout, 0.5, rng)
		x := randSlice(rng, n*H*W*cin, 1)
		r := randSlice(rng, n*H*W*cout, 1)
		y := make([]float32, n*H*W*cout)
		checkGradients(t, fdCase{
			name: fmt.Sprintf("Conv3x3 cin %d", cin), params: c.Params(), inputs: x,
			loss: func() float64 { c.Forward(x, n, H, W, y); return dot64(r, y) },
			grad: func() []float32 {
				c.Forward(x, n, H, W, y)
				dx := make([]float32, len(x))
				c.Backward(x, n, H, W, r, dx)
				return dx
			},
		})
	}
}

// A batch split into chunks (40×40 images, two per chunk) gives the gradients of the images
// taken one at a time: the chunk boundaries and the frame margins add nothing.
func TestConv3x3ChunksAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, cin := range []int{3, 6} {
		const n, H, W, cout = 5, 40, 40, 4
		c := NewConv3x3("c", cin, cout, 0.5, rng)
		x := randSlice(rng, n*H*W*cin, 1)
		dy := randSlice(rng, n*H*W*cout, 1)
		dx := make([]float32, len(x))
		c.Backward(x, n, H, W, dy, dx)
		gw, gb := append([]float32(nil), c.W.G...), append([]float32(nil), c.B.G...)
		ZeroGrads(c.Params())
		one := make([]float32, H*W*cin)
		for m := range n {
			c.Backward(x[m*H*W*cin:(m+1)*H*W*cin], 1, H, W, dy[m*H*W*cout:(m+1)*H*W*cout], one)
			for i, v := range one {
				if d := math.Abs(float64(v - dx[m*H*W*cin+i])); d > 1e-4 {
					t.Fatalf("cin %d: dx of image %d [%d]: %v alone, %v in the batch", cin, m, i, v, dx[m*H*W*cin+i])
				}
			}
		}
		for i := range gw {
			if d := math.Abs(float64(gw[i] - c.W.G[i])); d > 1e-3*(1+math.Abs(float64(gw[i]))) {
				t.Fatalf("cin %d: dW[%d]: %v batched, %v image by image", cin, i, gw[i], c.W.G[i])
			}
		}
		for i := range gb {
			if d := math.Abs(float64(gb[i] - c.B.G[i])); d > 1e-3*(1+math.Abs(float64(gb[i]))) {
				t.Fatalf("cin %d: db[%d]: %v batched, %v image by image", cin, i, gb[i], c.B.G[i])
			}
		}
	}
}

func TestPoolUpsampleGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	const n, H, W, C, f = 2, 4, 6, 3, 2
	x := randSlice(rng, n*H*W*C, 1)
	r := randSlice(rng, n*H/f*W/f*C, 1)
	y := make([]float32, len(r))
	checkGradients(t, fdCase{
		name: "MeanPool", inputs: x,
		loss: func() float64 { MeanPool(x, n, H, W, C, f, y); return dot64(r, y) },
		grad: func() []float32 {
			dx := make([]float32, len(x))
			MeanPoolBackward(r, n, H, W, C, f, dx)
			return dx
		},
	})
	// Closed form: pooling then upsampling a constant image returns it.
	u := randSlice(rng, n*2*3*C, 1)
	r2 := randSlice(rng, n*H*W*C, 1)
	up := make([]float32, len(r2))
	checkGradients(t, fdCase{
		name: "Upsample", inputs: u,
		loss: func() float64 { Upsample(u, n, 2, 3, C, f, up); return dot64(r2, up) },
		grad: func() []float32 {
			du := make([]float32, len(u))
			UpsampleBackward(r2, n, 2, 3, C, f, du)
			return du
		},
	})
	Upsample(u, n, 2, 3, C, f, up)
	back := make([]float32, len(u))
	MeanPool(up, n, H, W, C, f, back)
	for i := range u {
		if math.Abs(float64(back[i]-u[i])) > 1e-6 {
			t.Fatalf("meanpool(upsample(u)) != u at %d: %v vs %v", i, back[i], u[i])
		}
	}
}

func TestMultiScaleConvGradient(t *testing.T) {
	for _, act := range []Activation{LeakyReLU{Slope: 0.05}, Softplus{}, Tanh{}} {
		rng := rand.New(rand.NewPCG(17, 18))
		const n, H, W, cin, cout, S = 2, 8, 4, 2, 3, 3
		l := NewMultiScaleConv("ms", cin, cout, S, act, 1.4, rng)
		for _, c := range l.Convs {
			for i := range c.B.W {
				c.B.W[i] = float32(0.3 * rng.NormFloat64())
				if _, ok := act.(LeakyReLU); ok {
					// keep pre-activations ≥ 1 away from the kink at 0 (both slopes are used)
					c.B.W[i] = float32(3 * (1 - 2*(i%2)))
				}
			}
		}
		x := randSlice(rng, n*H*W*cin, 1)
		r := randSlice(rng, n*H*W*cout, 1)
		y := make([]float32, len(r))
		checkGradients(t, fdCase{
			name: fmt.Sprintf("MultiScaleConv %T", act), params: l.Params(), inputs: x,
			loss: func() float64 { l.Forward(x, n, H, W, y); return dot64(r, y) },
			grad: func() []float32 {
				l.Forward(x, n, H, W, y)
				dx := make([]float32, len(x))
				l.Backward(x, n, H, W, r, dx)
				return dx
			},
		})
	}
}
