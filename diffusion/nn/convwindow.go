package nn

import "github.com/thermodiff/thermodiff/diffusion/nn/internal/gemm"

// The window form of Conv3x3 (used when Cin ≥ windowMinCin): no im2col. Each image of a chunk
// is copied once into a zero-bordered frame of (H+2)×Wp pixels, Wp = W+2, the frames follow one
// another, and a margin of Wp+1 zero pixels sits before and after them. In that layout the
// three horizontal taps of vertical tap a ∈ {0,1,2} of padded pixel q are the 3·Cin contiguous
// values starting at pixel q + (a−1)·Wp − 1, so with padded pixels as rows
//
//	Y_pad = Σ_a X_a · W_a,    X_a(q, ·) = x_pad[(q + (a−1)·Wp − 1)·Cin : +3·Cin]   (rows overlap)
//
// with W_a the rows 3a·Cin … 3a·Cin+3Cin−1 of W: three GEMMs of depth 3·Cin reading the image
// in place (gemm.SgemmStrided), whose outputs at border pixels are computed and discarded.
// Backward, with dY_pad zero on the borders:
//
//	dW_a += X_aᵀ · dY_pad,
//	dX_pad = Σ_a D_a · Wf_a,   D_a(p, ·) = dy_pad[(p − (a−1)·Wp − 1)·Cout : +3·Cout],
//	Wf_a(b′·Cout + f, c) = W((3a + 2 − b′)·Cin + c, f)                    (the taps flipped).
//
// The borders add (H+2)(W+2)/(HW) − 1 of arithmetic (15 % at 28×28, 125 % at 4×4) and save the
// 9-fold im2col copy and its adjoint.
const windowMinCin = 4

// windowForm reports whether Conv3x3 takes the window form for Cin channels on H×W images:
// Cin ≥ windowMinCin and borders adding at most 30 % (H, W ≳ 16); windowOff (tests and
// benchmarks) forces im2col.
func windowForm(cin, H, W int) bool {
	return !windowOff && cin >= windowMinCin && 10*(H+2)*(W+2) <= 13*H*W
}

var windowOff bool

type convFrame struct {
	H, W, Wp, P, margin int // P = (H+2)·Wp pixels per framed image; margin = Wp+1
}

func newFrame(H, W int) convFrame {
	return convFrame{H: H, W: W, Wp: W + 2, P: (H + 2) * (W + 2), margin: W + 3}
}

// pixels is the length in pixels of a framed chunk of imgs images, margins included.
func (f convFrame) pixels(imgs int) int { return imgs*f.P + 2*f.margin }

// frame copies imgs images of C channels from x into dst (f.pixels(imgs)·C values), with
// zero margins and borders; each value of dst is written once.
func (f convFrame) frame(x []float32, imgs, C int, dst []float32) {
	dst = dst[:f.pixels(imgs)*C]
	q := 0 // next pixel of dst to write
	zeroTo := func(end int) {
		clear(dst[q*C : end*C])
		q = end
	}
	for m := range imgs {
		base := f.margin + m*f.P
		for h := range f.H {
			first := base + (h+1)*f.Wp + 1 // first interior pixel of the row
			zeroTo(first)                  // margin or top border, then the left border
			copy(dst[q*C:(q+f.W)*C], x[(m*f.H+h)*f.W*C:(m*f.H+h+1)*f.W*C])
			q += f.W
		}
	}
	zeroTo(f.pixels(imgs)) // the last right and bottom borders and the end margin
}

// unframe copies the interior pixels of framed rows src (imgs·P rows of C values, no margin)
// into dst (imgs·H·W rows), adding bias when it is not nil.
func (f convFrame) unframe(src []float32, imgs, C int, bias, dst []float32) {
	for m := range imgs {
		for h := range f.H {
			s := src[(m*f.P+(h+1)*f.Wp+1)*C : (m*f.P+(h+1)*f.Wp+1+f.W)*C]
			d := dst[(m*f.H+h)*f.W*C : (m*f.H+h+1)*f.W*C]
			if bias == nil {
				copy(d, s)
				continue
			}
			for w := 0; w < f.W; w++ {
				dd, ss := d[w*C:(w+1)*C], s[w*C:(w+1)*C]
				for j, b := range bias[:C] {
					dd[j] = ss[j] + b
				}
			}
		}
	}
}

// windowGemm is gemm.SgemmStrided, counted by CountGEMMFLOPs as the nominal arithmetic of the
// layer (flops, the im2col form's 2·pixels·9·Cin·Cout share) rather than the bordered rows
// it actually computes.
func windowGemm(flops int64, m, n, k int, a []float32, ars, acs int, b []float32, brs int, beta float32, c []float32, ldc int) {
	countFLOPs32(flops)
	gemm.SgemmStrided(m, n, k, 1, a, ars, acs, b, brs, 1, beta, c, ldc)
}

func (c *Conv3x3) forwardWindows(x []float32, n, H, W int, y []float32) {
	f := newFrame(H, W)
	cin, cout := c.Cin, c.Cout
	step := max(1, convChunkRows/f.P)
	for lo := 0; lo < n; lo += step {
		m := min(step, n-lo)
		c.xpad = grow32(c.xpad, f.pixels(m)*cin)
		f.frame(x[lo*H*W*cin:], m, cin, c.xpad)
		rows := m * f.P
		c.ypad = grow32(c.ypad, rows*cout)
		nominal := int64(2 * m * H * W * 3 * cin * cout)
		for a := range 3 {
			off := f.margin + (a-1)*f.Wp - 1
			beta := float32(1)
			if a == 0 {
				beta = 0
			}
			windowGemm(nominal, rows, cout, 3*cin, c.xpad[off*cin:], cin, 1, c.W.W[3*a*cin*cout:], cout, beta, c.ypad, cout)
		}
		f.unframe(c.ypad, m, cout, c.B.W, y[lo*H*W*cout:])
	}
}

func (c *Conv3x3) backwardWindows(x []float32, n, H, W int, dy, dx []float32) {
	f := newFrame(H, W)
	cin, cout := c.Cin, c.Cout
	if dx != nil {
		// Wf_a(b′·Cout + f, c) = W((3a + 2 − b′)·Cin + c, f)
		c.wflip = grow32(c.wflip, 9*cin*cout)
		for a := range 3 {
			for bp := range 3 {
				src := c.W.W[(3*a+2-bp)*cin*cout:]
				dst := c.wflip[(3*a*cout+bp*cout)*cin:]
				for ff := range cout {
					for ch := range cin {
						dst[ff*cin+ch] = src[ch*cout+ff]
					}
				}
			}
		}
	}
	gb := c.B.G
	step := max(1, convChunkRows/f.P)
	for lo := 0; lo < n; lo += step {
		m := min(step, n-lo)
		rows := m * f.P
		nominal := int64(2 * m * H * W * 3 * cin * cout)
		c.xpad = grow32(c.xpad, f.pixels(m)*cin)
		f.frame(x[lo*H*W*cin:], m, cin, c.xpad)
		c.dypad = grow32(c.dypad, f.pixels(m)*cout)
		g := dy[lo*H*W*cout : (lo+m)*H*W*cout]
		f.frame(g, m, cout, c.dypad)
		for r := 0; r < m*H*W; r++ {
			for j, v := range g[r*cout : (r+1)*cout] {
				gb[j] += v
			}
		}
		dyRows := c.dypad[f.margin*cout:]
		for a := range 3 {
			off := f.margin + (a-1)*f.Wp - 1
			// dW_a (3Cin × Cout) += X_aᵀ dY_pad: A(i, p) = x_pad[(off+p)·Cin + i]
			windowGemm(nominal, 3*cin, cout, rows, c.xpad[off*cin:], 1, cin, dyRows, cout, 1, c.W.G[3*a*cin*cout:], cout)
		}
		if dx == nil {
			continue
		}
		c.dxpad = grow32(c.dxpad, rows*cin)
		for a := range 3 {
			off := f.margin - (a-1)*f.Wp - 1
			beta := float32(1)
			if a == 0 {
				beta = 0
			}
			windowGemm(nominal, rows, cin, 3*cout, c.dypad[off*cout:], cout, 1, c.wflip[3*a*cout*cin:], cin, beta, c.dxpad, cin)
		}
		f.unframe(c.dxpad, m, cin, nil, dx[lo*H*W*cin:])
	}
}
