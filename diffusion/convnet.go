package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// ConvNetConfig describes the image reverse network of the paper's §3.2 / App. D.2.1 in the
// reference code's form (regression.py:MLP_conv_dense, PAPER.md §3.7): a multi-scale
// convolutional pathway and a dense pathway on the flattened image run in parallel, their
// per-pixel outputs are concatenated (scaled by 1/√channels), a per-pixel MLP (1×1
// convolutions) maps them to 2J coefficients, and the temporal bump readout turns those into
// z^μ and z^β images for the requested step. Images are single-channel, H×W, stored row-major.
type ConvNetConfig struct {
	// Height, Width of the images (28×28 for MNIST).
	Height, Width int
	// ConvLayers multi-scale conv layers of ConvChannels channels with Scales scales each
	// (reference 4, 20, 1); ConvLayers = 0 drops the pathway (the paper's MNIST network).
	ConvLayers, ConvChannels, Scales int
	// DenseLayers affine layers on the flattened image: H·W → DenseHidden → … →
	// DenseOut·H·W, each followed by the dense nonlinearity (reference 4, 500, 2; the code
	// builds n_layers_conv of them, PAPER.md §7.3). DenseLayers = 0 drops the pathway.
	DenseLayers, DenseHidden, DenseOut int
	// UpperLayers per-pixel layers: (ConvChannels + DenseOut) → UpperHidden → … → 2J, the
	// nonlinearity after all but the last (reference 2, 20).
	UpperLayers, UpperHidden int
	// J is the number of temporal bump functions (reference 10).
	J int
	// ConvAct and DenseAct: "leakyrelu" (slope 0.05, the reference code, default), "softplus"
	// or "tanh" (the paper: softplus in the conv layers, tanh in the dense layers).
	ConvAct, DenseAct string
	// Workers is the number of goroutines a batch is split over (default 2, one per core).
	Workers int
}

// ReferenceMNISTConfig is the reference code's default MNIST network: 1,691,008 parameters
// (PAPER.md §3.7).
func ReferenceMNISTConfig() ConvNetConfig {
	return ConvNetConfig{Height: 28, Width: 28, ConvLayers: 4, ConvChannels: 20, Scales: 1,
		DenseLayers: 4, DenseHidden: 500, DenseOut: 2, UpperLayers: 2, UpperHidden: 20, J: 10,
		ConvAct: "leakyrelu", DenseAct: "leakyrelu", Workers: 2}
}

func activation(name string) (nn.Activation, float64, error) {
	switch name {
	case "", "leakyrelu":
		return nn.LeakyReLU{Slope: 0.05}, math.Sqrt2, nil
	case "softplus":
		return nn.Softplus{}, 1, nil
	case "tanh":
		return nn.Tanh{}, 1, nil
	}
	return nil, 0, fmt.Errorf("diffusion: unknown activation %q (leakyrelu, softplus, tanh)", name)
}

// Validate reports a configuration that cannot be built.
func (c ConvNetConfig) Validate() error {
	switch {
	case c.Height <= 0 || c.Width <= 0:
		return fmt.Errorf("diffusion: image size %d×%d", c.Height, c.Width)
	case c.ConvLayers < 0 || c.DenseLayers < 0 || c.ConvLayers+c.DenseLayers == 0:
		return fmt.Errorf("diffusion: need a conv or a dense pathway (conv %d, dense %d layers)", c.ConvLayers, c.DenseLayers)
	case c.ConvLayers > 0 && (c.ConvChannels <= 0 || c.Scales <= 0):
		return fmt.Errorf("diffusion: conv pathway needs channels and scales > 0")
	case c.ConvLayers > 0 && (c.Height%(1<<(c.Scales-1)) != 0 || c.Width%(1<<(c.Scales-1)) != 0):
		return fmt.Errorf("diffusion: %d×%d images cannot be pooled to %d scales", c.Height, c.Width, c.Scales)
	case c.DenseLayers > 0 && (c.DenseOut <= 0 || (c.DenseLayers > 1 && c.DenseHidden <= 0)):
		return fmt.Errorf("diffusion: dense pathway needs DenseOut and DenseHidden > 0")
	case c.UpperLayers < 1 || (c.UpperLayers > 1 && c.UpperHidden <= 0):
		return fmt.Errorf("diffusion: need at least one upper layer (and UpperHidden > 0)")
	case c.J < 2:
		return fmt.Errorf("diffusion: J = %d bump functions, need ≥ 2", c.J)
	case c.Workers < 0:
		return fmt.Errorf("diffusion: Workers = %d", c.Workers)
	}
	if _, _, err := activation(c.ConvAct); err != nil {
		return err
	}
	_, _, err := activation(c.DenseAct)
	return err
}

// ConvNet is the image ReverseNet built from a ConvNetConfig. Its batch is split over
// Cfg.Workers goroutines, each with its own activations and gradient buffers (sharing the
// weights); gradients are summed in a fixed order, so results are deterministic.
type ConvNet struct {
	Cfg   ConvNetConfig
	T     int
	Basis *TemporalBasis

	g      []float32 // g[(t−1)·J + j] = g_j(t), float32 copy of Basis
	reps   []*convRep
	splits [][2]int
}

// NewConvNet builds the network for a chain of T steps, initialising weights from rng:
// He-normal convolutions, Glorot-normal dense layers (gain √2 for leaky ReLU), biases 0,
// and a zero last layer, so the untrained network is the forward kernel run backwards.
func NewConvNet(cfg ConvNetConfig, T int, rng *rand.Rand) (*ConvNet, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if T < 2 {
		return nil, fmt.Errorf("diffusion: NewConvNet: T = %d", T)
	}
	if cfg.Workers == 0 {
		cfg.Workers = 2
	}
	net := &ConvNet{Cfg: cfg, T: T, Basis: NewTemporalBasis(cfg.J, T)}
	net.g = make([]float32, T*cfg.J)
	for k := 0; k < T; k++ {
		for j := 0; j < cfg.J; j++ {
			net.g[k*cfg.J+j] = float32(net.Basis.Basis[j][k])
		}
	}
	convAct, convGain, _ := activation(cfg.ConvAct)
	denseAct, denseGain, _ := activation(cfg.DenseAct)
	P := cfg.Height * cfg.Width
	r := &convRep{net: net, convAct: convAct, denseAct: denseAct}
	in := 1
	for l := 0; l < cfg.ConvLayers; l++ {
		r.ms = append(r.ms, nn.NewMultiScaleConv(fmt.Sprintf("conv%d", l), in, cfg.ConvChannels, cfg.Scales, convAct, convGain, rng))
		in = cfg.ConvChannels
	}
	in = P
	for l := 0; l < cfg.DenseLayers; l++ {
		out := cfg.DenseHidden
		if l == cfg.DenseLayers-1 {
			out = cfg.DenseOut * P
		}
		r.dense = append(r.dense, nn.NewDense(fmt.Sprintf("dense%d", l), in, out, denseGain, rng))
		in = out
	}
	in = r.concatWidth()
	for l := 0; l < cfg.UpperLayers; l++ {
		out, gain := cfg.UpperHidden, denseGain
		if l == cfg.UpperLayers-1 {
			out, gain = 2*cfg.J, 0
		}
		r.upper = append(r.upper, nn.NewDense(fmt.Sprintf("upper%d", l), in, out, gain, rng))
		in = out
	}
	r.collect()
	net.reps = []*convRep{r}
	for w := 1; w < cfg.Workers; w++ {
		s := &convRep{net: net, convAct: convAct, denseAct: denseAct}
		for _, l := range r.ms {
			s.ms = append(s.ms, l.Share())
		}
		for _, l := range r.dense {
			s.dense = append(s.dense, l.Share())
		}
		for _, l := range r.upper {
			s.upper = append(s.upper, l.Share())
		}
		s.collect()
		net.reps = append(net.reps, s)
	}
	return net, nil
}

func (n *ConvNet) Dim() int            { return n.Cfg.Height * n.Cfg.Width }
func (n *ConvNet) Steps() int          { return n.T }
func (n *ConvNet) Params() []*nn.Param { return n.reps[0].params }

// split divides n rows into at most Workers contiguous parts.
func (n *ConvNet) split(rows int) [][2]int {
	w := min(len(n.reps), rows)
	n.splits = n.splits[:0]
	for k := 0; k < w; k++ {
		n.splits = append(n.splits, [2]int{k * rows / w, (k + 1) * rows / w})
	}
	return n.splits
}

func (n *ConvNet) Forward(x []float32, t []int, out []float32) {
	D := n.Dim()
	rows := len(t)
	if len(x) != rows*D || len(out) != rows*2*D {
		panic(fmt.Sprintf("diffusion: ConvNet.Forward: %d inputs, %d outputs for %d rows of %d", len(x), len(out), rows, D))
	}
	for _, v := range t {
		if v < 2 || v > n.T {
			panic(fmt.Sprintf("diffusion: ConvNet: step %d outside [2,%d]", v, n.T))
		}
	}
	sp := n.split(rows)
	var wg sync.WaitGroup
	for k, s := range sp {
		r := n.reps[k]
		lo, hi := s[0], s[1]
		f := func() { r.forward(x[lo*D:hi*D], t[lo:hi], out[lo*2*D:hi*2*D]) }
		if k == len(sp)-1 {
			f()
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	wg.Wait()
}

func (n *ConvNet) Backward(x []float32, t []int, dout []float32, dx []float32) {
	D := n.Dim()
	rows := len(t)
	sp := n.splits
	if len(sp) == 0 || sp[len(sp)-1][1] != rows || len(dout) != rows*2*D || (dx != nil && len(dx) != rows*D) {
		panic("diffusion: ConvNet.Backward: inputs do not match the last Forward call")
	}
	var wg sync.WaitGroup
	for k, s := range sp {
		r := n.reps[k]
		lo, hi := s[0], s[1]
		if k > 0 {
			nn.ZeroGrads(r.params)
		}
		var dxk []float32
		if dx != nil {
			dxk = dx[lo*D : hi*D]
		}
		f := func() { r.backward(x[lo*D:hi*D], t[lo:hi], dout[lo*2*D:hi*2*D], dxk) }
		if k == len(sp)-1 {
			f()
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	wg.Wait()
	for k := 1; k < len(sp); k++ {
		nn.AddGrads(n.reps[0].params, n.reps[k].params)
	}
}

// convRep is one worker's view of the network: layers sharing the weights, own buffers.
type convRep struct {
	net               *ConvNet
	convAct, denseAct nn.Activation
	ms                []*nn.MultiScaleConv
	dense, upper      []*nn.Dense
	params            []*nn.Param

	h, dh            [][]float32 // conv pathway activations and their gradients (h[0] = x)
	dpre, dpost      [][]float32 // dense pathway
	upre, upost      [][]float32 // per-pixel layers (upost[last] unused: the last layer is linear)
	u0, du0, dY, dxd []float32
	pp               [2][]float32 // ping-pong gradient buffers
}

func (r *convRep) concatWidth() int {
	c := r.net.Cfg
	w := 0
	if c.ConvLayers > 0 {
		w += c.ConvChannels
	}
	if c.DenseLayers > 0 {
		w += c.DenseOut
	}
	return w
}

func (r *convRep) collect() {
	r.params = nil
	for _, l := range r.ms {
		r.params = append(r.params, l.Params()...)
	}
	for _, l := range r.dense {
		r.params = append(r.params, l.Params()...)
	}
	for _, l := range r.upper {
		r.params = append(r.params, l.Params()...)
	}
}

func growRows(bufs [][]float32, k, n int) [][]float32 {
	if len(bufs) < k {
		bufs = append(bufs, make([][]float32, k-len(bufs))...)
	}
	for i := range k {
		bufs[i] = grow(bufs[i], n)
	}
	return bufs
}

func (r *convRep) forward(x []float32, t []int, out []float32) {
	c := r.net.Cfg
	H, W, P := c.Height, c.Width, c.Height*c.Width
	m := len(t)
	cw := r.concatWidth()
	r.u0 = grow(r.u0, m*P*cw)
	off := 0
	if c.ConvLayers > 0 {
		F := c.ConvChannels
		r.h = growRows(r.h, c.ConvLayers+1, m*P*F)
		in := x
		for l, layer := range r.ms {
			layer.Forward(in, m, H, W, r.h[l+1])
			in = r.h[l+1]
		}
		s := float32(1 / math.Sqrt(float64(F)))
		for p := 0; p < m*P; p++ {
			src := in[p*F : (p+1)*F]
			dst := r.u0[p*cw : p*cw+F]
			for i, v := range src {
				dst[i] = s * v
			}
		}
		off = F
	}
	if c.DenseLayers > 0 {
		if len(r.dpre) < c.DenseLayers {
			r.dpre = make([][]float32, c.DenseLayers)
			r.dpost = make([][]float32, c.DenseLayers)
		}
		in := x
		for l, layer := range r.dense {
			r.dpre[l] = grow(r.dpre[l], m*layer.Out)
			r.dpost[l] = grow(r.dpost[l], m*layer.Out)
			layer.Forward(in, m, r.dpre[l])
			r.denseAct.Forward(r.dpre[l], r.dpost[l])
			in = r.dpost[l]
		}
		DO := c.DenseOut
		s := float32(1 / math.Sqrt(float64(DO)))
		for p := 0; p < m*P; p++ {
			for k := 0; k < DO; k++ {
				r.u0[p*cw+off+k] = s * in[p*DO+k]
			}
		}
	}
	if len(r.upre) < c.UpperLayers {
		r.upre = make([][]float32, c.UpperLayers)
		r.upost = make([][]float32, c.UpperLayers)
	}
	in := r.u0
	last := c.UpperLayers - 1
	for l, layer := range r.upper {
		r.upre[l] = grow(r.upre[l], m*P*layer.Out)
		layer.Forward(in, m*P, r.upre[l])
		if l < last {
			r.upost[l] = grow(r.upost[l], m*P*layer.Out)
			r.denseAct.Forward(r.upre[l], r.upost[l])
			in = r.upost[l]
		}
	}
	// Temporal readout (eqs. 62–63): z^μ_d = Σ_j Y[d, j] g_j(t), z^β_d = Σ_j Y[d, J+j] g_j(t).
	Y := r.upre[last]
	J := c.J
	for i, ti := range t {
		g := r.net.g[(ti-1)*J : ti*J]
		zmu := out[i*2*P : i*2*P+P]
		zb := out[i*2*P+P : (i+1)*2*P]
		for d := 0; d < P; d++ {
			y := Y[(i*P+d)*2*J : (i*P+d+1)*2*J]
			var a, b float32
			for j, gj := range g {
				a += y[j] * gj
				b += y[J+j] * gj
			}
			zmu[d], zb[d] = a, b
		}
	}
}

func (r *convRep) backward(x []float32, t []int, dout []float32, dx []float32) {
	c := r.net.Cfg
	H, W, P := c.Height, c.Width, c.Height*c.Width
	m := len(t)
	J := c.J
	cw := r.concatWidth()
	last := c.UpperLayers - 1
	r.dY = grow(r.dY, m*P*2*J)
	for i, ti := range t {
		g := r.net.g[(ti-1)*J : ti*J]
		for d := 0; d < P; d++ {
			a, b := dout[i*2*P+d], dout[i*2*P+P+d]
			dy := r.dY[(i*P+d)*2*J : (i*P+d+1)*2*J]
			for j, gj := range g {
				dy[j] = a * gj
				dy[J+j] = b * gj
			}
		}
	}
	// Per-pixel layers; activation backward runs in place (it is element-wise).
	grad := r.dY
	k := 0
	for l := last; l >= 1; l-- {
		r.pp[k] = grow(r.pp[k], m*P*r.upper[l].In)
		buf := r.pp[k]
		r.upper[l].Backward(r.upost[l-1], m*P, grad, buf)
		r.denseAct.Backward(r.upre[l-1], r.upost[l-1], buf, buf)
		grad, k = buf, 1-k
	}
	r.du0 = grow(r.du0, m*P*cw)
	r.upper[0].Backward(r.u0, m*P, grad, r.du0)
	off := 0
	if c.ConvLayers > 0 {
		F := c.ConvChannels
		r.dh = growRows(r.dh, c.ConvLayers+1, m*P*F)
		s := float32(1 / math.Sqrt(float64(F)))
		top := r.dh[c.ConvLayers]
		for p := 0; p < m*P; p++ {
			for i := 0; i < F; i++ {
				top[p*F+i] = s * r.du0[p*cw+i]
			}
		}
		for l := c.ConvLayers - 1; l >= 0; l-- {
			in := x
			if l > 0 {
				in = r.h[l]
			}
			var din []float32
			if l > 0 {
				din = r.dh[l]
			} else if dx != nil {
				din = dx
			}
			r.ms[l].Backward(in, m, H, W, r.dh[l+1], din)
		}
		off = F
	} else if dx != nil {
		clear(dx)
	}
	if c.DenseLayers > 0 {
		DO := c.DenseOut
		L := c.DenseLayers
		s := float32(1 / math.Sqrt(float64(DO)))
		r.pp[0] = grow(r.pp[0], m*P*DO)
		grad := r.pp[0]
		for p := 0; p < m*P; p++ {
			for k := 0; k < DO; k++ {
				grad[p*DO+k] = s * r.du0[p*cw+off+k]
			}
		}
		r.denseAct.Backward(r.dpre[L-1], r.dpost[L-1], grad, grad)
		k := 1
		for l := L - 1; l >= 1; l-- {
			r.pp[k] = grow(r.pp[k], m*r.dense[l].In)
			buf := r.pp[k]
			r.dense[l].Backward(r.dpost[l-1], m, grad, buf)
			r.denseAct.Backward(r.dpre[l-1], r.dpost[l-1], buf, buf)
			grad, k = buf, 1-k
		}
		var din []float32
		if dx != nil {
			r.dxd = grow(r.dxd, m*P)
			din = r.dxd
		}
		r.dense[0].Backward(x, m, grad, din)
		if dx != nil {
			for i, v := range r.dxd {
				dx[i] += v
			}
		}
	}
}
