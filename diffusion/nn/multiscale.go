package nn

import (
	"fmt"
	"math/rand/v2"
)

// MultiScaleConv is the multi-scale convolution layer of the reference code
// (regression.py:MultiScaleConvolution, PAPER.md §3.7) on NHWC images of Cin channels:
//
//	acc = 0
//	for s = S−1 … 0:
//	    r_s = f(conv_s(meanpool(x, 2^s)))      one 3×3 convolution per scale, own weights
//	    acc = acc + r_s;  if s > 0: acc = upsample(acc, 2)
//	y = acc / S
//
// The nonlinearity f sits inside each scale (the code's choice; the paper's Fig. D.1 sums
// linear convolutions and applies f once). With S = 1 (the code's default) it is a plain
// 3×3 convolution followed by f. H and W must be divisible by 2^(S−1).
//
// upsample is nearest neighbour (Upsample) unless Bilinear is set (UpsampleBilinear2): the
// paper does not say which; nearest neighbour makes every coarse feature constant on aligned
// 2^s×2^s blocks.
type MultiScaleConv struct {
	Cin, Cout, Scales int
	Convs             []*Conv3x3 // Convs[s] acts at scale s (resolution H/2^s)
	Act               Activation
	Bilinear          bool

	pooled, pre, post, acc [][]float32 // per scale
	upbuf, gbuf, dpool     []float32
	dsmall                 []float32
	dacc                   [][]float32
}

// NewMultiScaleConv returns the layer with He-normal weights (gain for the activation) and
// zero biases.
func NewMultiScaleConv(name string, cin, cout, scales int, act Activation, gain float64, rng *rand.Rand) *MultiScaleConv {
	if scales < 1 {
		panic("nn: NewMultiScaleConv: need at least one scale")
	}
	l := &MultiScaleConv{Cin: cin, Cout: cout, Scales: scales, Act: act}
	for s := 0; s < scales; s++ {
		l.Convs = append(l.Convs, NewConv3x3(fmt.Sprintf("%s.s%d", name, s), cin, cout, HeStd(cin, gain), rng))
	}
	return l
}

// Params returns every scale's weights and biases.
func (l *MultiScaleConv) Params() []*Param {
	var ps []*Param
	for _, c := range l.Convs {
		ps = append(ps, c.Params()...)
	}
	return ps
}

// Share returns a layer with the same weight values and its own gradients and buffers.
func (l *MultiScaleConv) Share() *MultiScaleConv {
	s := &MultiScaleConv{Cin: l.Cin, Cout: l.Cout, Scales: l.Scales, Act: l.Act, Bilinear: l.Bilinear}
	for _, c := range l.Convs {
		s.Convs = append(s.Convs, c.Share())
	}
	return s
}

func (l *MultiScaleConv) size(n, H, W, s int) (h, w, pix int) {
	h, w = H>>s, W>>s
	return h, w, n * h * w
}

// Forward computes y (n×H×W×Cout) from x (n×H×W×Cin), keeping what Backward needs.
func (l *MultiScaleConv) Forward(x []float32, n, H, W int, y []float32) {
	S := l.Scales
	if H%(1<<(S-1)) != 0 || W%(1<<(S-1)) != 0 {
		panic(fmt.Sprintf("nn: MultiScaleConv: %d×%d image not divisible by 2^%d", H, W, S-1))
	}
	if len(x) != n*H*W*l.Cin || len(y) != n*H*W*l.Cout {
		panic("nn: MultiScaleConv.Forward: wrong slice lengths")
	}
	if len(l.pre) != S {
		l.pooled = make([][]float32, S)
		l.pre = make([][]float32, S)
		l.post = make([][]float32, S)
		l.acc = make([][]float32, S)
		l.dacc = make([][]float32, S)
	}
	var prev []float32 // acc upsampled from the coarser scale
	for s := S - 1; s >= 0; s-- {
		h, w, pix := l.size(n, H, W, s)
		in := x
		if s > 0 {
			l.pooled[s] = grow32(l.pooled[s], pix*l.Cin)
			MeanPool(x, n, H, W, l.Cin, 1<<s, l.pooled[s])
			in = l.pooled[s]
		}
		l.pre[s] = grow32(l.pre[s], pix*l.Cout)
		l.post[s] = grow32(l.post[s], pix*l.Cout)
		l.Convs[s].Forward(in, n, h, w, l.pre[s])
		l.Act.Forward(l.pre[s], l.post[s])
		acc := l.post[s]
		if prev != nil {
			l.acc[s] = grow32(l.acc[s], pix*l.Cout)
			for i, v := range l.post[s] {
				l.acc[s][i] = v + prev[i]
			}
			acc = l.acc[s]
		}
		if s > 0 {
			l.upbuf = grow32(l.upbuf, pix*4*l.Cout)
			if l.Bilinear {
				UpsampleBilinear2(acc, n, h, w, l.Cout, l.upbuf)
			} else {
				Upsample(acc, n, h, w, l.Cout, 2, l.upbuf)
			}
			prev = l.upbuf
		} else {
			inv := 1 / float32(S)
			for i, v := range acc {
				y[i] = v * inv
			}
		}
	}
}

// Backward accumulates parameter gradients from dy and, when dx is non-nil, sets dx.
func (l *MultiScaleConv) Backward(x []float32, n, H, W int, dy, dx []float32) {
	S := l.Scales
	if len(dy) != n*H*W*l.Cout {
		panic("nn: MultiScaleConv.Backward: dy has the wrong length")
	}
	// dacc[s] = dL/d(acc at scale s); every r_s receives it unchanged.
	l.dacc[0] = grow32(l.dacc[0], len(dy))
	inv := 1 / float32(S)
	for i, v := range dy {
		l.dacc[0][i] = v * inv
	}
	for s := 0; s < S; s++ {
		h, w, pix := l.size(n, H, W, s)
		if s > 0 {
			l.dacc[s] = grow32(l.dacc[s], pix*l.Cout)
			if l.Bilinear {
				UpsampleBilinear2Backward(l.dacc[s-1], n, h, w, l.Cout, l.dacc[s])
			} else {
				UpsampleBackward(l.dacc[s-1], n, h, w, l.Cout, 2, l.dacc[s])
			}
		}
		l.gbuf = grow32(l.gbuf, pix*l.Cout)
		l.Act.Backward(l.pre[s], l.post[s], l.dacc[s], l.gbuf)
		in := x
		if s > 0 {
			in = l.pooled[s]
		}
		if dx == nil {
			l.Convs[s].Backward(in, n, h, w, l.gbuf, nil)
			continue
		}
		if s == 0 { // the first contribution: set dx (the coarser scales add to it)
			l.Convs[s].Backward(in, n, h, w, l.gbuf, dx)
			continue
		}
		l.dsmall = grow32(l.dsmall, pix*l.Cin)
		dp := l.dsmall
		l.Convs[s].Backward(in, n, h, w, l.gbuf, dp)
		l.dpool = grow32(l.dpool, len(dx))
		MeanPoolBackward(dp, n, H, W, l.Cin, 1<<s, l.dpool)
		for i, v := range l.dpool {
			dx[i] += v
		}
	}
}
