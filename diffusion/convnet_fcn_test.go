package diffusion

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func tinyFCNConfig(workers, channels int) FCNConfig {
	return FCNConfig{Channels: channels, Height: 4, Width: 4, ConvLayers: 2, ConvChannels: 3, Scales: 2,
		UpperLayers: 2, UpperHidden: 4, J: 3, Act: "softplus", Workers: workers}
}

// Finite differences of L = Σ r ⊙ out through the fully convolutional network (conv layers,
// per-pixel layers, readout, planar↔NHWC transposes), grey and RGB, split over 2 workers;
// softplus so central differences are accurate; step 1e-2, relative tolerance 2e-2 as in
// nn/gradcheck_test.go.
func TestFCNGradientFiniteDifference(t *testing.T) {
	for _, C := range []int{1, 3, -1, -3} {
		cfg := tinyFCNConfig(2, max(C, -C))
		if C < 0 { // bilinear upsampling and the step as an input plane
			cfg.Upsample, cfg.TimeInput = "bilinear", true
		}
		rng := rand.New(rand.NewPCG(41, uint64(max(C, -C))))
		net, err := NewFCNNet(cfg, 10, rng)
		if err != nil {
			t.Fatal(err)
		}
		ps := net.Params()
		for _, p := range ps {
			for i := range p.W {
				p.W[i] += float32(0.3 * rng.NormFloat64())
			}
		}
		ts := []int{2, 10, 5}
		D := net.Dim()
		x := make([]float32, len(ts)*D)
		r := make([]float32, len(ts)*2*D)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		for i := range r {
			r[i] = float32(rng.NormFloat64())
		}
		checkNetGradients(t, fmt.Sprintf("C = %d %s time-input %v", C, cfg.Upsample, cfg.TimeInput), net, x, ts, r)
	}
}

// Fully convolutional: the network resized to 8×8 gives, on an 8×8 image whose top-left 4×4
// block is a 4×4 image, outputs that agree with the 4×4 network's away from the block's
// border (one single-scale layer sees a 3×3 neighbourhood); the resized network shares the
// weights; a size the scales cannot pool is refused.
func TestFCNResized(t *testing.T) {
	cfg := tinyFCNConfig(1, 1)
	cfg.ConvLayers = 1
	cfg.Scales = 1 // 3×3 receptive field: pixel (1,1) of the 4×4 block sees only block pixels
	net, err := NewFCNNet(cfg, 10, rand.New(rand.NewPCG(3, 3)))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range net.Params() {
		for i := range p.W {
			p.W[i] += 0.2 * float32(i%5-2)
		}
	}
	big, err := net.Resized(8, 8)
	if err != nil {
		t.Fatal(err)
	}
	if big.Dim() != 64 || &big.Params()[0].W[0] != &net.Params()[0].W[0] {
		t.Fatal("resized network does not share the weights")
	}
	small := make([]float32, 16)
	large := make([]float32, 64)
	for i := range small {
		small[i] = float32(i%3) - 1
		large[(i/4)*8+i%4] = small[i]
	}
	o4 := make([]float32, 32)
	o8 := make([]float32, 128)
	net.Forward(small, []int{4}, o4)
	big.Forward(large, []int{4}, o8)
	for _, p := range [][2]int{{1, 1}, {2, 1}, {1, 2}, {2, 2}} { // interior pixels
		x, y := p[0], p[1]
		if o4[y*4+x] != o8[y*8+x] || o4[16+y*4+x] != o8[64+y*8+x] {
			t.Errorf("pixel (%d,%d): 4×4 net %v/%v, 8×8 net %v/%v", x, y, o4[y*4+x], o4[16+y*4+x], o8[y*8+x], o8[64+y*8+x])
		}
	}
	if _, err := NewFCNNet(FCNConfig{Channels: 1, Height: 6, Width: 6, ConvLayers: 1, ConvChannels: 2, Scales: 3, UpperLayers: 1, J: 2}, 10, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("6×6 with 3 scales accepted")
	}
}

// The untrained network (zero last layer) is the identity reverse kernel, the exact reversal
// for N(0, I) data: E[K − L_null] = 0 (PAPER.md §3.6 self-test), z bound 5.
func TestFCNOracleBound(t *testing.T) {
	s, _ := ReferenceSchedule(20, 0.001)
	net, err := NewFCNNet(tinyFCNConfig(2, 3), 20, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	m := &Model{Sched: s, Net: net, Param: ReferenceParam}
	rng := rand.New(rand.NewPCG(9, 9))
	x := make([]float64, net.Dim()*300)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	b, err := m.EvalBoundSampled(x, 4, 64, rng, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(b.KMinusNullBits) > 5*b.KStdErrBits || b.KStdErrBits <= 0 {
		t.Fatalf("K − L_null = %v ± %v bits, want 0", b.KMinusNullBits, b.KStdErrBits)
	}
}

// A checkpoint of a network with nearest-neighbour upsampling is refused by the same shapes
// with bilinear upsampling (the weights would mean something else) and the other way round,
// and accepted by itself.
func TestFCNCheckpointRecordsUpsampling(t *testing.T) {
	trainer := func(up string) (*Trainer, *rand.PCG) {
		cfg := tinyFCNConfig(1, 1)
		cfg.Upsample = up
		net, err := NewFCNNet(cfg, 10, rand.New(rand.NewPCG(5, 5)))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := GeometricSchedule(10, 1e-3, 0.5)
		tc := DefaultTrainConfig()
		tc.Steps, tc.Batch = 1, 2
		tr, err := NewTrainer(&Model{Sched: s, Net: net, Param: ReferenceParam}, tc)
		if err != nil {
			t.Fatal(err)
		}
		return tr, rand.NewPCG(5, 6)
	}
	near, src := trainer("")
	data, err := near.MarshalCheckpoint(src)
	if err != nil {
		t.Fatal(err)
	}
	bil, srcB := trainer("bilinear")
	if err := bil.UnmarshalCheckpoint(data, srcB); !errors.Is(err, ErrCheckpoint) {
		t.Errorf("bilinear network restored a nearest checkpoint: error %v, want ErrCheckpoint", err)
	}
	same, srcS := trainer("nearest")
	if err := same.UnmarshalCheckpoint(data, srcS); err != nil {
		t.Errorf("explicit nearest refused the default's checkpoint: %v", err)
	}
	bdata, err := bil.MarshalCheckpoint(srcB)
	if err != nil {
		t.Fatal(err)
	}
	near2, src2 := trainer("")
	if err := near2.UnmarshalCheckpoint(bdata, src2); !errors.Is(err, ErrCheckpoint) {
		t.Errorf("nearest network restored a bilinear checkpoint: error %v, want ErrCheckpoint", err)
	}
	if _, err := NewFCNNet(FCNConfig{Channels: 1, Height: 4, Width: 4, ConvLayers: 1, ConvChannels: 2, Scales: 1, UpperLayers: 1, J: 2, Upsample: "cubic"}, 10, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("unknown upsampling accepted")
	}
}

// With TimeInput the first layer sees τ(t) = 2(t−1)/(T−1) − 1 as a constant last plane
// (+1 at t = T), after the colour planes, and has one more input channel.
func TestFCNTimeInputPlane(t *testing.T) {
	cfg := tinyFCNConfig(1, 3)
	cfg.TimeInput = true
	const T = 9
	net, err := NewFCNNet(cfg, T, rand.New(rand.NewPCG(8, 8)))
	if err != nil {
		t.Fatal(err)
	}
	if got := net.reps[0].ms[0].Cin; got != 4 {
		t.Fatalf("first layer has %d input planes, want 4", got)
	}
	D := net.Dim()
	x := make([]float32, 3*D)
	for i := range x {
		x[i] = float32(i)
	}
	ts := []int{2, 5, T}
	net.Forward(x, ts, make([]float32, 3*2*D))
	P := cfg.Height * cfg.Width
	for i, ti := range ts {
		want := float32(2*float64(ti-1)/float64(T-1) - 1)
		for p := 0; p < P; p++ {
			if got := net.reps[0].xin[(i*P+p)*4+3]; got != want {
				t.Fatalf("t = %d, pixel %d: τ plane %v, want %v", ti, p, got, want)
			}
			if got := net.reps[0].xin[(i*P+p)*4+1]; got != x[i*D+P+p] {
				t.Fatalf("t = %d, pixel %d: green plane %v, want %v", ti, p, got, x[i*D+P+p])
			}
		}
	}
}
