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
	b.ResetTimer()
	for range b.N {
		tr.TrainStep(data, rng)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "steps/s")
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
