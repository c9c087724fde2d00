package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// Conv3x3 is a 3×3 convolution with zero 'same' padding on images stored NHWC (image-major,
// then row, column, channel), the reference code's conv ('full' mode cropped by one pixel):
//
//	y[n,h,w,f] = b_f + Σ_{a,b∈{0,1,2}} Σ_c x[n, h+a−1, w+b−1, c] · W[(3a+b)·Cin + c, f].
//
// It is computed as im2col + one GEMM per chunk of images; the column buffer is rebuilt in
// Backward instead of being kept, so memory stays bounded by one chunk.
type Conv3x3 struct {
	Cin, Cout int
	W         *Param // 9·Cin × Cout
	B         *Param // Cout
	col, dcol []float32
	// the window form's framed input, output and gradients, and flipped weights
	xpad, ypad, dypad, dxpad, wflip []float32
}

// convChunkRows bounds the im2col buffer (rows = pixels of the images in one chunk).
const convChunkRows = 4096

// NewConv3x3 initialises W from N(0, std²) and b = 0.
func NewConv3x3(name string, cin, cout int, std float64, rng *rand.Rand) *Conv3x3 {
	c := &Conv3x3{Cin: cin, Cout: cout, W: NewParam(name+".W", 9*cin*cout), B: NewParam(name+".b", cout)}
	for i := range c.W.W {
		c.W.W[i] = float32(std * rng.NormFloat64())
	}
	return c
}

// HeStd is the He-normal standard deviation gain/√(9·Cin) for a 3×3 convolution.
func HeStd(cin int, gain float64) float64 { return gain / math.Sqrt(9*float64(cin)) }

// Params returns W and b.
func (c *Conv3x3) Params() []*Param { return []*Param{c.W, c.B} }

// Share returns a layer using the same weight values as c but its own gradient buffers (for a
// worker goroutine; sum the gradients back with AddGrads).
func (c *Conv3x3) Share() *Conv3x3 {
	return &Conv3x3{Cin: c.Cin, Cout: c.Cout, W: c.W.Share(), B: c.B.Share()}
}

func (c *Conv3x3) check(x []float32, n, H, W int, y []float32, what string) {
	if len(x) != n*H*W*c.Cin || len(y) != n*H*W*c.Cout {
		panic(fmt.Sprintf("nn: Conv3x3.%s: x has %d (want %d×%d×%d×%d), y has %d (want ×%d)", what, len(x), n, H, W, c.Cin, len(y), c.Cout))
	}
}

// im2col fills col (imgs·H·W × 9·Cin) from imgs images starting at x. A row's three taps
// (a, 0…2) are adjacent pixels, so away from the left and right edges they are one copy of
// 3·Cin values.
func (c *Conv3x3) im2col(x []float32, imgs, H, W int, col []float32) {
	cin := c.Cin
	k := 9 * cin
	for m := 0; m < imgs; m++ {
		img := x[m*H*W*cin : (m+1)*H*W*cin]
		for h := 0; h < H; h++ {
			for w := 0; w < W; w++ {
				row := col[((m*H+h)*W+w)*k : ((m*H+h)*W+w+1)*k]
				for a := 0; a < 3; a++ {
					hh := h + a - 1
					taps := row[3*a*cin : 3*(a+1)*cin]
					switch {
					case hh < 0 || hh >= H:
						clear(taps)
					case w >= 1 && w+1 < W:
						copy(taps, img[(hh*W+w-1)*cin:(hh*W+w+2)*cin])
					default:
						for b := 0; b < 3; b++ {
							ww := w + b - 1
							dst := taps[b*cin : (b+1)*cin]
							if ww < 0 || ww >= W {
								clear(dst)
								continue
							}
							copy(dst, img[(hh*W+ww)*cin:(hh*W+ww+1)*cin])
						}
					}
				}
			}
		}
	}
}

// col2im accumulates dcol back into dx (the adjoint of im2col).
func (c *Conv3x3) col2im(dcol []float32, imgs, H, W int, dx []float32) {
	cin := c.Cin
	k := 9 * cin
	add := func(dst, src []float32) {
		dst = dst[:len(src)]
		for i, v := range src {
			dst[i] += v
		}
	}
	for m := 0; m < imgs; m++ {
		img := dx[m*H*W*cin : (m+1)*H*W*cin]
		for h := 0; h < H; h++ {
			for w := 0; w < W; w++ {
				row := dcol[((m*H+h)*W+w)*k : ((m*H+h)*W+w+1)*k]
				for a := 0; a < 3; a++ {
					hh := h + a - 1
					if hh < 0 || hh >= H {
						continue
					}
					taps := row[3*a*cin : 3*(a+1)*cin]
					if w >= 1 && w+1 < W {
						add(img[(hh*W+w-1)*cin:(hh*W+w+2)*cin], taps)
						continue
					}
					for b := 0; b < 3; b++ {
						if ww := w + b - 1; ww >= 0 && ww < W {
							add(img[(hh*W+ww)*cin:(hh*W+ww+1)*cin], taps[b*cin:(b+1)*cin])
						}
					}
				}
			}
		}
	}
}

func (c *Conv3x3) chunk(H, W int) int { return max(1, convChunkRows/(H*W)) }

// Forward computes y for the n images in x (each H×W×Cin).
func (c *Conv3x3) Forward(x []float32, n, H, W int, y []float32) {
	c.check(x, n, H, W, y, "Forward")
	if windowForm(c.Cin, H, W) {
		c.forwardWindows(x, n, H, W, y)
		return
	}
	P, k := H*W, 9*c.Cin
	step := c.chunk(H, W)
	for lo := 0; lo < n; lo += step {
		m := min(step, n-lo)
		rows := m * P
		c.col = grow32(c.col, rows*k)
		c.im2col(x[lo*P*c.Cin:], m, H, W, c.col)
		out := y[lo*P*c.Cout : (lo+m)*P*c.Cout]
		for r := 0; r < rows; r++ {
			copy(out[r*c.Cout:(r+1)*c.Cout], c.B.W)
		}
		blas32.Gemm(blas.NoTrans, blas.NoTrans, 1,
			blas32.General{Rows: rows, Cols: k, Stride: k, Data: c.col},
			blas32.General{Rows: k, Cols: c.Cout, Stride: c.Cout, Data: c.W.W},
			1, blas32.General{Rows: rows, Cols: c.Cout, Stride: c.Cout, Data: out})
	}
}

// Backward accumulates dL/dW and dL/db from dy and, when dx is non-nil, sets dx = dL/dx.
func (c *Conv3x3) Backward(x []float32, n, H, W int, dy, dx []float32) {
	c.check(x, n, H, W, dy, "Backward")
	if dx != nil {
		if len(dx) != len(x) {
			panic("nn: Conv3x3.Backward: dx has the wrong length")
		}
	}
	if windowForm(c.Cin, H, W) {
		c.backwardWindows(x, n, H, W, dy, dx) // sets every value of dx
		return
	}
	if dx != nil {
		clear(dx)
	}
	P, k := H*W, 9*c.Cin
	step := c.chunk(H, W)
	for lo := 0; lo < n; lo += step {
		m := min(step, n-lo)
		rows := m * P
		c.col = grow32(c.col, rows*k)
		c.im2col(x[lo*P*c.Cin:], m, H, W, c.col)
		g := dy[lo*P*c.Cout : (lo+m)*P*c.Cout]
		blas32.Gemm(blas.Trans, blas.NoTrans, 1,
			blas32.General{Rows: rows, Cols: k, Stride: k, Data: c.col},
			blas32.General{Rows: rows, Cols: c.Cout, Stride: c.Cout, Data: g},
			1, blas32.General{Rows: k, Cols: c.Cout, Stride: c.Cout, Data: c.W.G})
		gb := c.B.G
		for r := 0; r < rows; r++ {
			for j, v := range g[r*c.Cout : (r+1)*c.Cout] {
				gb[j] += v
			}
		}
		if dx != nil {
			c.dcol = grow32(c.dcol, rows*k)
			blas32.Gemm(blas.NoTrans, blas.Trans, 1,
				blas32.General{Rows: rows, Cols: c.Cout, Stride: c.Cout, Data: g},
				blas32.General{Rows: k, Cols: c.Cout, Stride: c.Cout, Data: c.W.W},
				0, blas32.General{Rows: rows, Cols: k, Stride: k, Data: c.dcol})
			c.col2im(c.dcol, m, H, W, dx[lo*P*c.Cin:])
		}
	}
}

func grow32(s []float32, n int) []float32 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float32, n)
}
