package diffusion

import (
	"math/rand/v2"
	"testing"
)

func benchFCNStep(b *testing.B, cfg FCNConfig, T, batch int) {
	s, err := ReferenceSchedule(T, 0.001)
	if err != nil {
		b.Fatal(err)
	}
	net, err := NewFCNNet(cfg, T, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	m := &Model{Sched: s, Net: net, Param: ReferenceParam}
	tc := DefaultTrainConfig()
	tc.Batch, tc.LR, tc.Steps = batch, 1e-3, 1<<30
	tr, err := NewTrainer(m, tc)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 2))
	data := func(rng *rand.Rand, x []float64) {
		for i := range x {
			x[i] = rng.NormFloat64()
		}
	}
	tr.TrainStep(data, rng)
	benchSteps(b, func() { tr.TrainStep(data, rng) })
}

// One training step (data, forward, KL, backward, Adam) of the quick dead-leaves/texture
// network (cmd/thermodiff deadleaves.go: 2 multi-scale layers × 16 channels × 3 scales, 2
// per-pixel layers of 32) on 32 patches of 16×16, T = 1000, 2 workers. Run with and without
// -tags openblas.
func BenchmarkFCNDeadLeavesQuickTrainStep(b *testing.B) {
	benchFCNStep(b, FCNConfig{Channels: 1, Height: 16, Width: 16, ConvLayers: 2, ConvChannels: 16, Scales: 3,
		UpperLayers: 2, UpperHidden: 32, J: 10, Act: "leakyrelu", Workers: 2}, 1000, 32)
}

// The -full dead-leaves/texture network (4 × 32 channels × 4 scales, 2 × 64; 115,668
// parameters) on the -full batch of 32 patches of 32×32 (scripts/bench_torch.py --net fcn).
func BenchmarkFCNDeadLeavesFullTrainStep(b *testing.B) {
	benchFCNStep(b, FCNConfig{Channels: 1, Height: 32, Width: 32, ConvLayers: 4, ConvChannels: 32, Scales: 4,
		UpperLayers: 2, UpperHidden: 64, J: 10, Act: "leakyrelu", Workers: 2}, 1000, 32)
}

// One reverse step of sampling a 64×64 image with the quick network (forward only, batch 1):
// a T = 1000 chain costs 1000 of these.
func BenchmarkFCNSample64Step(b *testing.B) {
	net, err := NewFCNNet(FCNConfig{Channels: 1, Height: 64, Width: 64, ConvLayers: 2, ConvChannels: 16, Scales: 3,
		UpperLayers: 2, UpperHidden: 32, J: 10, Act: "leakyrelu", Workers: 2}, 1000, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	x := make([]float32, 64*64)
	out := make([]float32, 2*64*64)
	for b.Loop() {
		net.Forward(x, []int{500}, out)
	}
}

// The same reverse step through TiledNet: the quick network trained on 16×16 patches run on
// 16×16 tiles 8 pixels apart (7 × 7 = 49 tiles, 3.1 times the pixels of the whole image),
// the patch experiments' default for images larger than the patch.
func BenchmarkTiledSample64Step(b *testing.B) {
	net, err := NewFCNNet(FCNConfig{Channels: 1, Height: 16, Width: 16, ConvLayers: 2, ConvChannels: 16, Scales: 3,
		UpperLayers: 2, UpperHidden: 32, J: 10, Act: "leakyrelu", Workers: 2}, 1000, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	tn, err := NewTiledNet(net, 64, 64, 8)
	if err != nil {
		b.Fatal(err)
	}
	x := make([]float32, 64*64)
	out := make([]float32, 2*64*64)
	for b.Loop() {
		tn.Forward(x, []int{500}, out)
	}
}
