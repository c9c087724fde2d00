package diffusion

import (
	"fmt"
	"math/rand/v2"
	"sync"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// FCNConfig describes a fully convolutional image reverse network: the conv-only form of the
// paper's image network (App. D.2.1, Fig. D.1 without the dense pathway, PAPER.md §4.3 and
// §8.5, used for dead leaves and bark): ConvLayers multi-scale convolution layers
// (nn.MultiScaleConv: mean-pool to Scales scales, a 3×3 convolution per scale, nonlinearity,
// upsample and average), then UpperLayers per-pixel layers (1×1 convolutions) to 2·C·J
// coefficients per pixel, and the temporal bump readout (eqs. 62–63). Every weight acts on a
// local neighbourhood, so a network trained on small patches runs unchanged on larger images
// (Resized). Unlike ConvNet it has C colour channels (CIFAR-10: 3).
//
// Data layout: an example is C planes of Height×Width values (row-major), plane after plane —
// the CIFAR-10 binary layout; a grey image is one plane. The output is z^μ for the C·H·W
// coordinates in the same layout, then z^β.
type FCNConfig struct {
	// Channels is the number of colour channels C (1 grey, 3 RGB).
	Channels int
	// Height, Width of the images the network runs on (Resized changes them); both must be
	// divisible by 2^(Scales−1).
	Height, Width int
	// ConvLayers multi-scale conv layers of ConvChannels channels with Scales scales each
	// (the reference code's defaults are 4, 20, 1; the paper's multi-scale layer needs ≥ 2).
	ConvLayers, ConvChannels, Scales int
	// UpperLayers per-pixel layers ConvChannels → UpperHidden → … → 2·C·J, the nonlinearity
	// after all but the last (reference 2, 20).
	UpperLayers, UpperHidden int
	// J is the number of temporal bump functions (reference 10).
	J int
	// Act is the nonlinearity: "leakyrelu" (slope 0.05, reference code, default), "softplus"
	// (the paper's conv layers) or "tanh".
	Act string
	// Upsample is how each multi-scale layer brings a coarse scale back to full resolution:
	// "nearest" (default; every coarse feature constant on aligned 2^s×2^s blocks) or
	// "bilinear" (nn.UpsampleBilinear2; smooth). The paper does not say.
	Upsample string
	// TimeInput feeds the step as an extra constant input plane τ(t) = 2(t−1)/(T−1) − 1, so
	// that the convolutions, not only the bump readout, can depend on t. Beyond the paper
	// (its conv layers see only x^(t)); default off.
	TimeInput bool
	// Workers is the number of goroutines a batch is split over (default 2).
	Workers int
}

// Validate reports a configuration that cannot be built.
func (c FCNConfig) Validate() error {
	switch {
	case c.Channels <= 0:
		return fmt.Errorf("diffusion: FCN: %d channels", c.Channels)
	case c.Height <= 0 || c.Width <= 0:
		return fmt.Errorf("diffusion: FCN: image size %d×%d", c.Height, c.Width)
	case c.ConvLayers < 1 || c.ConvChannels <= 0 || c.Scales <= 0:
		return fmt.Errorf("diffusion: FCN: need ≥ 1 conv layer with channels and scales > 0 (got %d, %d, %d)", c.ConvLayers, c.ConvChannels, c.Scales)
	case c.Height%(1<<(c.Scales-1)) != 0 || c.Width%(1<<(c.Scales-1)) != 0:
		return fmt.Errorf("diffusion: FCN: %d×%d images cannot be pooled to %d scales (need multiples of %d)", c.Height, c.Width, c.Scales, 1<<(c.Scales-1))
	case c.UpperLayers < 1 || (c.UpperLayers > 1 && c.UpperHidden <= 0):
		return fmt.Errorf("diffusion: FCN: need at least one upper layer (and UpperHidden > 0)")
	case c.J < 2:
		return fmt.Errorf("diffusion: FCN: J = %d bump functions, need ≥ 2", c.J)
	case c.Workers < 0:
		return fmt.Errorf("diffusion: FCN: Workers = %d", c.Workers)
	case c.Upsample != "" && c.Upsample != "nearest" && c.Upsample != "bilinear":
		return fmt.Errorf("diffusion: FCN: upsampling %q (want nearest or bilinear)", c.Upsample)
	}
	_, _, err := activation(c.Act)
	return err
}

// FCNNet is the ReverseNet built from an FCNConfig; like ConvNet its batch is split over
// Cfg.Workers goroutines sharing the weights, gradients summed in a fixed order.
type FCNNet struct {
	Cfg   FCNConfig
	T     int
	Basis *TemporalBasis

	g      []float32
	reps   []*fcnRep
	splits [][2]int
}

// NewFCNNet builds the network for a chain of T steps: He-normal convolutions, Glorot-normal
// per-pixel layers, zero biases and a zero last layer (the untrained network is the forward
// kernel run backwards).
func NewFCNNet(cfg FCNConfig, T int, rng *rand.Rand) (*FCNNet, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if T < 2 {
		return nil, fmt.Errorf("diffusion: NewFCNNet: T = %d", T)
	}
	act, gain, _ := activation(cfg.Act)
	r := &fcnRep{act: act}
	in := cfg.inputPlanes()
	for l := 0; l < cfg.ConvLayers; l++ {
		ms := nn.NewMultiScaleConv(fmt.Sprintf("conv%d", l), in, cfg.ConvChannels, cfg.Scales, act, gain, rng)
		ms.Bilinear = cfg.Upsample == "bilinear"
		r.ms = append(r.ms, ms)
		in = cfg.ConvChannels
	}
	for l := 0; l < cfg.UpperLayers; l++ {
		out, g := cfg.UpperHidden, gain
		if l == cfg.UpperLayers-1 {
			out, g = 2*cfg.Channels*cfg.J, 0
		}
		r.upper = append(r.upper, nn.NewDense(fmt.Sprintf("upper%d", l), in, out, g, rng))
		in = out
	}
	return newFCNFrom(cfg, T, r), nil
}

// newFCNFrom assembles a network around the layers of r (used as the first worker), adding
// workers that share its weights.
func newFCNFrom(cfg FCNConfig, T int, r *fcnRep) *FCNNet {
	if cfg.Workers == 0 {
		cfg.Workers = 2
	}
	n := &FCNNet{Cfg: cfg, T: T, Basis: NewTemporalBasis(cfg.J, T)}
	n.g = make([]float32, T*cfg.J)
	for k := 0; k < T; k++ {
		for j := 0; j < cfg.J; j++ {
			n.g[k*cfg.J+j] = float32(n.Basis.Basis[j][k])
		}
	}
	r.net = n
	r.collect()
	n.reps = []*fcnRep{r}
	for w := 1; w < cfg.Workers; w++ {
		n.reps = append(n.reps, r.share(n))
	}
	return n
}

// Resized returns a network of the same weights (shared: training one changes the other) for
// H×W images, e.g. to sample images larger than the training patches. Its gradients are its
// own.
func (n *FCNNet) Resized(H, W int) (*FCNNet, error) {
	cfg := n.Cfg
	cfg.Height, cfg.Width = H, W
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return newFCNFrom(cfg, n.T, n.reps[0].share(nil)), nil
}

// Variant names what the parameter shapes do not, for checkpoints: "" for the defaults
// (leakyrelu, nearest), so that checkpoints written before it existed still resume.
func (n *FCNNet) Variant() string {
	act, up := n.Cfg.Act, n.Cfg.Upsample
	if act == "" {
		act = "leakyrelu"
	}
	if up == "" {
		up = "nearest"
	}
	if act == "leakyrelu" && up == "nearest" && !n.Cfg.TimeInput {
		return ""
	}
	return fmt.Sprintf("act=%s upsample=%s time-input=%v", act, up, n.Cfg.TimeInput)
}

// inputPlanes is the number of planes the first layer sees: the colours and τ(t).
func (c FCNConfig) inputPlanes() int {
	if c.TimeInput {
		return c.Channels + 1
	}
	return c.Channels
}

func (n *FCNNet) Dim() int            { return n.Cfg.Channels * n.Cfg.Height * n.Cfg.Width }
func (n *FCNNet) Steps() int          { return n.T }
func (n *FCNNet) Params() []*nn.Param { return n.reps[0].params }

func (n *FCNNet) split(rows int) [][2]int {
	w := min(len(n.reps), rows)
	n.splits = n.splits[:0]
	for k := 0; k < w; k++ {
		n.splits = append(n.splits, [2]int{k * rows / w, (k + 1) * rows / w})
	}
	return n.splits
}

// parallel runs f(k, lo, hi) for every part of the last split, the last part on the caller's
// goroutine.
func (n *FCNNet) parallel(f func(k, lo, hi int)) {
	var wg sync.WaitGroup
	sp := n.splits
	for k, s := range sp {
		if k == len(sp)-1 {
			f(k, s[0], s[1])
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); f(k, s[0], s[1]) }()
	}
	wg.Wait()
}

func (n *FCNNet) Forward(x []float32, t []int, out []float32) {
	D := n.Dim()
	rows := len(t)
	if len(x) != rows*D || len(out) != rows*2*D {
		panic(fmt.Sprintf("diffusion: FCNNet.Forward: %d inputs, %d outputs for %d rows of %d", len(x), len(out), rows, D))
	}
	for _, v := range t {
		if v < 2 || v > n.T {
			panic(fmt.Sprintf("diffusion: FCNNet: step %d outside [2,%d]", v, n.T))
		}
	}
	n.split(rows)
	n.parallel(func(k, lo, hi int) { n.reps[k].forward(x[lo*D:hi*D], t[lo:hi], out[lo*2*D:hi*2*D]) })
}

func (n *FCNNet) Backward(x []float32, t []int, dout []float32, dx []float32) {
	D := n.Dim()
	rows := len(t)
	sp := n.splits
	if len(sp) == 0 || sp[len(sp)-1][1] != rows || len(dout) != rows*2*D || (dx != nil && len(dx) != rows*D) {
		panic("diffusion: FCNNet.Backward: inputs do not match the last Forward call")
	}
	n.parallel(func(k, lo, hi int) {
		r := n.reps[k]
		if k > 0 {
			nn.ZeroGrads(r.params)
		}
		var dxk []float32
		if dx != nil {
			dxk = dx[lo*D : hi*D]
		}
		r.backward(t[lo:hi], dout[lo*2*D:hi*2*D], dxk)
	})
	for k := 1; k < len(sp); k++ {
		nn.AddGrads(n.reps[0].params, n.reps[k].params)
	}
}

// fcnRep is one worker's layers (sharing the weights) and buffers.
type fcnRep struct {
	net    *FCNNet
	act    nn.Activation
	ms     []*nn.MultiScaleConv
	upper  []*nn.Dense
	params []*nn.Param

	xin, dxin  []float32   // the input in NHWC layout and its gradient
	h, dh      [][]float32 // conv activations (h[0] = xin) and their gradients
	upre, upst [][]float32
	dY         []float32
	pp         [2][]float32
}

func (r *fcnRep) collect() {
	r.params = nil
	for _, l := range r.ms {
		r.params = append(r.params, l.Params()...)
	}
	for _, l := range r.upper {
		r.params = append(r.params, l.Params()...)
	}
}

// share returns a worker with the same weights and its own gradients and buffers.
func (r *fcnRep) share(net *FCNNet) *fcnRep {
	s := &fcnRep{net: net, act: r.act}
	for _, l := range r.ms {
		s.ms = append(s.ms, l.Share())
	}
	for _, l := range r.upper {
		s.upper = append(s.upper, l.Share())
	}
	s.collect()
	return s
}

func (r *fcnRep) forward(x []float32, t []int, out []float32) {
	c := r.net.Cfg
	C, H, W, P := c.Channels, c.Height, c.Width, c.Height*c.Width
	D := C * P
	m := len(t)
	// Planar (C planes of H×W) to NHWC, with τ(t) as the last plane when TimeInput.
	I := c.inputPlanes()
	r.xin = grow(r.xin, m*P*I)
	for i := 0; i < m; i++ {
		for ch := 0; ch < C; ch++ {
			src := x[i*D+ch*P : i*D+(ch+1)*P]
			for p, v := range src {
				r.xin[(i*P+p)*I+ch] = v
			}
		}
		if c.TimeInput {
			tau := float32(2*float64(t[i]-1)/float64(r.net.T-1) - 1)
			for p := 0; p < P; p++ {
				r.xin[(i*P+p)*I+C] = tau
			}
		}
	}
	F := c.ConvChannels
	if len(r.h) < c.ConvLayers+1 {
		r.h = make([][]float32, c.ConvLayers+1)
		r.dh = make([][]float32, c.ConvLayers+1)
	}
	r.h[0] = r.xin
	for l, layer := range r.ms {
		r.h[l+1] = grow(r.h[l+1], m*P*F)
		layer.Forward(r.h[l], m, H, W, r.h[l+1])
	}
	if len(r.upre) < c.UpperLayers {
		r.upre = make([][]float32, c.UpperLayers)
		r.upst = make([][]float32, c.UpperLayers)
	}
	in := r.h[c.ConvLayers]
	last := c.UpperLayers - 1
	for l, layer := range r.upper {
		r.upre[l] = grow(r.upre[l], m*P*layer.Out)
		layer.Forward(in, m*P, r.upre[l])
		if l < last {
			r.upst[l] = grow(r.upst[l], m*P*layer.Out)
			r.act.Forward(r.upre[l], r.upst[l])
			in = r.upst[l]
		}
	}
	// Temporal readout (eqs. 62–63) per pixel p and channel ch:
	// z^μ = Σ_j Y[p, ch·J + j] g_j(t),  z^β = Σ_j Y[p, C·J + ch·J + j] g_j(t).
	Y := r.upre[last]
	J := c.J
	K := 2 * C * J
	for i, ti := range t {
		g := r.net.g[(ti-1)*J : ti*J]
		for p := 0; p < P; p++ {
			y := Y[(i*P+p)*K : (i*P+p+1)*K]
			for ch := 0; ch < C; ch++ {
				ym, yb := y[ch*J:(ch+1)*J], y[C*J+ch*J:C*J+(ch+1)*J]
				var a, b float32
				for j, gj := range g {
					a += ym[j] * gj
					b += yb[j] * gj
				}
				out[i*2*D+ch*P+p] = a
				out[i*2*D+D+ch*P+p] = b
			}
		}
	}
}

func (r *fcnRep) backward(t []int, dout []float32, dx []float32) {
	c := r.net.Cfg
	C, H, W, P := c.Channels, c.Height, c.Width, c.Height*c.Width
	D := C * P
	m := len(t)
	J := c.J
	K := 2 * C * J
	last := c.UpperLayers - 1
	r.dY = grow(r.dY, m*P*K)
	for i, ti := range t {
		g := r.net.g[(ti-1)*J : ti*J]
		for p := 0; p < P; p++ {
			dy := r.dY[(i*P+p)*K : (i*P+p+1)*K]
			for ch := 0; ch < C; ch++ {
				a, b := dout[i*2*D+ch*P+p], dout[i*2*D+D+ch*P+p]
				for j, gj := range g {
					dy[ch*J+j] = a * gj
					dy[C*J+ch*J+j] = b * gj
				}
			}
		}
	}
	grad := r.dY
	k := 0
	for l := last; l >= 1; l-- {
		r.pp[k] = grow(r.pp[k], m*P*r.upper[l].In)
		buf := r.pp[k]
		r.upper[l].Backward(r.upst[l-1], m*P, grad, buf)
		r.act.Backward(r.upre[l-1], r.upst[l-1], buf, buf)
		grad, k = buf, 1-k
	}
	L := c.ConvLayers
	F := c.ConvChannels
	r.dh[L] = grow(r.dh[L], m*P*F)
	r.upper[0].Backward(r.h[L], m*P, grad, r.dh[L])
	for l := L - 1; l >= 0; l-- {
		var din []float32
		if l > 0 {
			r.dh[l] = grow(r.dh[l], m*P*F)
			din = r.dh[l]
		} else if dx != nil {
			r.dxin = grow(r.dxin, m*P*c.inputPlanes())
			din = r.dxin
		}
		r.ms[l].Backward(r.h[l], m, H, W, r.dh[l+1], din)
	}
	if dx != nil {
		for i := 0; i < m; i++ {
			for ch := 0; ch < C; ch++ {
				dst := dx[i*D+ch*P : i*D+(ch+1)*P]
				for p := range dst {
					dst[p] = r.dxin[(i*P+p)*c.inputPlanes()+ch]
				}
			}
		}
	}
}
