package diffusion

import (
	"math/rand/v2"
	"testing"
)

func benchImageStep(b *testing.B, cfg ConvNetConfig, batch int) {
	s, err := ReferenceSchedule(1000, 0.001)
	if err != nil {
		b.Fatal(err)
	}
	net, err := NewConvNet(cfg, 1000, rand.New(rand.NewPCG(1, 1)))
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

// One training step (data, forward, KL, backward, Adam) of the reference code's default MNIST
// network (1.69M parameters, PAPER.md §3.7) at batch 128, T = 1000, batch split over 2
// workers. Run with and without -tags openblas.
func BenchmarkMNISTReferenceTrainStep(b *testing.B) {
	benchImageStep(b, ReferenceMNISTConfig(), 128)
}

// The quick MNIST setting's network (cmd/thermodiff quickNet) at batch 64.
func BenchmarkMNISTQuickTrainStep(b *testing.B) {
	cfg := ConvNetConfig{Height: 28, Width: 28, ConvLayers: 1, ConvChannels: 8, Scales: 2,
		DenseLayers: 3, DenseHidden: 256, DenseOut: 4, UpperLayers: 2, UpperHidden: 32, J: 10,
		ConvAct: "leakyrelu", DenseAct: "leakyrelu", Workers: 2}
	benchImageStep(b, cfg, 64)
}

// One reverse step for 100 images with the quick network (what sampling repeats T times).
func BenchmarkMNISTQuickSampleStep(b *testing.B) {
	cfg := ConvNetConfig{Height: 28, Width: 28, ConvLayers: 1, ConvChannels: 8, Scales: 2,
		DenseLayers: 3, DenseHidden: 256, DenseOut: 4, UpperLayers: 2, UpperHidden: 32, J: 10,
		ConvAct: "leakyrelu", DenseAct: "leakyrelu", Workers: 2}
	s, _ := ReferenceSchedule(1000, 0.001)
	net, err := NewConvNet(cfg, 1000, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	m := &Model{Sched: s, Net: net, Param: ReferenceParam}
	rng := rand.New(rand.NewPCG(2, 2))
	const n = 100
	x := make([]float64, n*784)
	mu := make([]float64, len(x))
	v := make([]float64, len(x))
	gaussianData(rng, x)
	var w klWork
	ts := constSteps(n, 500)
	b.ResetTimer()
	for range b.N {
		m.reverseStep(x, 500, &w, ts, mu, v)
	}
}

// Ancestral sampling with the reference MNIST network, 128 chains at once (the batch split
// over the workers as in training). The chain here has T = 50 steps; a step costs the same
// at any T, so samples/s at T = 1000 is 128 / (999 × the time of one of the 49 learned steps)
// (the fixed last step of eq. 44 is free).
func BenchmarkMNISTReferenceSample(b *testing.B) {
	const n, T = 128, 50
	s, err := ReferenceSchedule(T, 0.001)
	if err != nil {
		b.Fatal(err)
	}
	net, err := NewConvNet(ReferenceMNISTConfig(), T, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	m := &Model{Sched: s, Net: net, Param: ReferenceParam}
	rng := rand.New(rand.NewPCG(2, 2))
	for b.Loop() {
		if _, _, err := m.Sample(n, rng, nil); err != nil {
			b.Fatal(err)
		}
	}
	perStep := b.Elapsed().Seconds() / float64(b.N) / (T - 1)
	b.ReportMetric(n/(999*perStep), "samples/s@T=1000")
	b.ReportMetric(perStep*1e3, "ms/step")
}
