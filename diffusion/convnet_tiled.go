package diffusion

import (
	"fmt"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// TiledNet runs a network trained on h×w patches on larger H×W images by evaluating it on
// overlapping h×w tiles and blending the tiles' outputs:
//
//	z(p) = Σ_k w(p − o_k) z_k(p − o_k) / Σ_k w(p − o_k),
//
// the sum over the tiles k (origin o_k) that contain pixel p, with the separable triangular
// window w(i, j) = min(i+1, h−i)·min(j+1, w−j), largest at a tile's centre. Tiles start every
// Stride pixels and the last row and column of tiles is flush with the image edge.
//
// Why: a fully convolutional network resized to a larger image (FCNNet.Resized) sees, far from
// the image edge, coarse-scale neighbourhoods with no zero padding in them, which a network
// trained on small patches never saw (its coarsest maps are a few pixels wide, so every
// neighbourhood there reaches the padding). Tiling keeps every evaluation at the training
// patch size, so each pixel's reverse step comes from a context the network was trained on;
// the window favours the tile in which the pixel is most central. The blend is a fixed
// function of the image, so TiledNet is a ReverseNet like any other (Backward included).
type TiledNet struct {
	Tile   *FCNNet // the network at its training patch size
	H, W   int
	Stride int
	// MaxTiles bounds the tiles per call of the tile network (memory); default 256.
	MaxTiles int

	ys, xs []int     // tile origins along each axis
	win    []float32 // h·w window
	norm   []float32 // H·W: 1 / Σ_k w(p − o_k)

	xb, ob, db, dxb []float32
	tb              []int
}

// NewTiledNet wraps tile (an FCNNet at its patch size) for H×W images with the given stride
// (1 ≤ stride ≤ the patch side; half the patch side is the usual choice).
func NewTiledNet(tile *FCNNet, H, W, stride int) (*TiledNet, error) {
	h, w := tile.Cfg.Height, tile.Cfg.Width
	switch {
	case H < h || W < w:
		return nil, fmt.Errorf("diffusion: tiled network: %d×%d images are smaller than the %d×%d tiles", H, W, h, w)
	case stride < 1 || stride > min(h, w):
		return nil, fmt.Errorf("diffusion: tiled network: stride %d outside [1, %d]", stride, min(h, w))
	}
	n := &TiledNet{Tile: tile, H: H, W: W, Stride: stride, MaxTiles: 256}
	n.ys, n.xs = tileOrigins(H, h, stride), tileOrigins(W, w, stride)
	n.win = make([]float32, h*w)
	for i := 0; i < h; i++ {
		for j := 0; j < w; j++ {
			n.win[i*w+j] = float32(min(i+1, h-i) * min(j+1, w-j))
		}
	}
	sum := make([]float64, H*W)
	for _, oy := range n.ys {
		for _, ox := range n.xs {
			for i := 0; i < h; i++ {
				for j := 0; j < w; j++ {
					sum[(oy+i)*W+ox+j] += float64(n.win[i*w+j])
				}
			}
		}
	}
	n.norm = make([]float32, H*W)
	for p, s := range sum {
		n.norm[p] = float32(1 / s) // every pixel is in a tile, and windows are ≥ 1
	}
	return n, nil
}

// tileOrigins returns 0, s, 2s, … below n−h, then n−h.
func tileOrigins(n, h, s int) []int {
	var o []int
	for v := 0; v < n-h; v += s {
		o = append(o, v)
	}
	return append(o, n-h)
}

func (n *TiledNet) Dim() int            { return n.Tile.Cfg.Channels * n.H * n.W }
func (n *TiledNet) Steps() int          { return n.Tile.T }
func (n *TiledNet) Params() []*nn.Param { return n.Tile.Params() }

// Tiles is the number of tile evaluations per image.
func (n *TiledNet) Tiles() int { return len(n.ys) * len(n.xs) }

// batches calls f(first, count) over the rows·Tiles() tiles (tile index row·Tiles() + k) in
// groups of at most MaxTiles; one image's tiles may fall in two groups.
func (n *TiledNet) batches(rows int, f func(first, count int)) {
	total := rows * n.Tiles()
	step := max(1, n.MaxTiles)
	for a := 0; a < total; a += step {
		f(a, min(step, total-a))
	}
}

// gather copies tiles first … first+count−1 (tile index = row·Tiles() + k) of x into n.xb and
// their steps into n.tb.
func (n *TiledNet) gather(x []float32, t []int, first, count int) {
	C, h, w := n.Tile.Cfg.Channels, n.Tile.Cfg.Height, n.Tile.Cfg.Width
	D, Dt, nt := n.Dim(), C*h*w, n.Tiles()
	n.xb = grow(n.xb, count*Dt)
	n.tb = grow(n.tb, count)
	for b := 0; b < count; b++ {
		row, k := (first+b)/nt, (first+b)%nt
		oy, ox := n.ys[k/len(n.xs)], n.xs[k%len(n.xs)]
		n.tb[b] = t[row]
		for ch := 0; ch < C; ch++ {
			src := x[row*D+ch*n.H*n.W:]
			dst := n.xb[b*Dt+ch*h*w:]
			for i := 0; i < h; i++ {
				copy(dst[i*w:(i+1)*w], src[(oy+i)*n.W+ox:(oy+i)*n.W+ox+w])
			}
		}
	}
}

// Forward blends the tiles' z^μ and z^β (layout as FCNNet: the C·H·W z^μ, then z^β).
func (n *TiledNet) Forward(x []float32, t []int, out []float32) {
	C, h, w := n.Tile.Cfg.Channels, n.Tile.Cfg.Height, n.Tile.Cfg.Width
	D, Dt, nt, P := n.Dim(), C*h*w, n.Tiles(), n.H*n.W
	rows := len(t)
	if len(x) != rows*D || len(out) != rows*2*D {
		panic(fmt.Sprintf("diffusion: TiledNet.Forward: %d inputs, %d outputs for %d rows of %d", len(x), len(out), rows, D))
	}
	clear(out)
	n.batches(rows, func(first, count int) {
		n.gather(x, t, first, count)
		n.ob = grow(n.ob, count*2*Dt)
		n.Tile.Forward(n.xb, n.tb, n.ob)
		for b := 0; b < count; b++ {
			row, k := (first+b)/nt, (first+b)%nt
			oy, ox := n.ys[k/len(n.xs)], n.xs[k%len(n.xs)]
			for half := 0; half < 2; half++ { // z^μ, z^β
				for ch := 0; ch < C; ch++ {
					src := n.ob[b*2*Dt+half*Dt+ch*h*w:]
					dst := out[row*2*D+half*D+ch*P:]
					for i := 0; i < h; i++ {
						for j := 0; j < w; j++ {
							dst[(oy+i)*n.W+ox+j] += n.win[i*w+j] * src[i*w+j]
						}
					}
				}
			}
		}
	})
	for row := 0; row < rows; row++ {
		for half := 0; half < 2*C; half++ {
			o := out[row*2*D+half*P : row*2*D+(half+1)*P]
			for p := range o {
				o[p] *= n.norm[p]
			}
		}
	}
}

// Backward accumulates the tile network's parameter gradients and writes dL/dx: a tile's
// output gradient is w ⊙ norm ⊙ dL/dz on its pixels. The tile network is run forward again
// per group of tiles (Forward may have used several groups).
func (n *TiledNet) Backward(x []float32, t []int, dout []float32, dx []float32) {
	C, h, w := n.Tile.Cfg.Channels, n.Tile.Cfg.Height, n.Tile.Cfg.Width
	D, Dt, nt, P := n.Dim(), C*h*w, n.Tiles(), n.H*n.W
	rows := len(t)
	if len(x) != rows*D || len(dout) != rows*2*D || (dx != nil && len(dx) != rows*D) {
		panic("diffusion: TiledNet.Backward: sizes do not match")
	}
	if dx != nil {
		clear(dx)
	}
	n.batches(rows, func(first, count int) {
		n.gather(x, t, first, count)
		n.ob = grow(n.ob, count*2*Dt)
		n.Tile.Forward(n.xb, n.tb, n.ob)
		n.db = grow(n.db, count*2*Dt)
		for b := 0; b < count; b++ {
			row, k := (first+b)/nt, (first+b)%nt
			oy, ox := n.ys[k/len(n.xs)], n.xs[k%len(n.xs)]
			for half := 0; half < 2; half++ {
				for ch := 0; ch < C; ch++ {
					src := dout[row*2*D+half*D+ch*P:]
					dst := n.db[b*2*Dt+half*Dt+ch*h*w:]
					for i := 0; i < h; i++ {
						for j := 0; j < w; j++ {
							p := (oy+i)*n.W + ox + j
							dst[i*w+j] = n.win[i*w+j] * n.norm[p] * src[p]
						}
					}
				}
			}
		}
		var dxb []float32
		if dx != nil {
			n.dxb = grow(n.dxb, count*Dt)
			dxb = n.dxb
		}
		n.Tile.Backward(n.xb, n.tb, n.db, dxb)
		if dx == nil {
			return
		}
		for b := 0; b < count; b++ {
			row, k := (first+b)/nt, (first+b)%nt
			oy, ox := n.ys[k/len(n.xs)], n.xs[k%len(n.xs)]
			for ch := 0; ch < C; ch++ {
				src := dxb[b*Dt+ch*h*w:]
				dst := dx[row*D+ch*P:]
				for i := 0; i < h; i++ {
					for j := 0; j < w; j++ {
						dst[(oy+i)*n.W+ox+j] += src[i*w+j]
					}
				}
			}
		}
	})
}
