package diffusion

import (
	"math/rand/v2"
	"testing"
)

// One Swiss roll training step at the reproduction's settings: T = 40, 16-unit RBF, batch 1024
// (data sampling + forward + KL + backward + Adam).
func BenchmarkSwissRollTrainStep(b *testing.B) {
	s, _ := GeometricSchedule(40, 1e-5, 0.5)
	net, _ := NewRBFNet(2, 40, 16, rand.New(rand.NewPCG(1, 1)))
	m := &Model{Sched: s, Net: net, Param: ReferenceParam}
	tr, err := NewTrainer(m, DefaultTrainConfig())
	if err != nil {
		b.Fatal(err)
	}
	tr.Cfg.Steps = 1 << 30
	rng := rand.New(rand.NewPCG(2, 2))
	b.ResetTimer()
	for range b.N {
		tr.TrainStep(swissLike, rng)
	}
}

// The bound on 1,000 holdout points, all 39 terms each.
func BenchmarkSwissRollBound(b *testing.B) {
	s, _ := GeometricSchedule(40, 1e-5, 0.5)
	net, _ := NewRBFNet(2, 40, 16, rand.New(rand.NewPCG(1, 1)))
	randomiseReadout(net, rand.New(rand.NewPCG(3, 3)), 0.3)
	m := &Model{Sched: s, Net: net, Param: ReferenceParam}
	rng := rand.New(rand.NewPCG(4, 4))
	x := make([]float64, 2*1000)
	swissLike(rng, x)
	b.ResetTimer()
	for range b.N {
		if _, err := m.EvalBound(x, rng); err != nil {
			b.Fatal(err)
		}
	}
}

// The same step with the 2→128→128→128 LeakyReLU MLP (the peer's `--model mlp`).
func BenchmarkSwissRollTrainStepMLP(b *testing.B) {
	s, _ := GeometricSchedule(40, 1e-5, 0.5)
	net, _ := NewMLPNet(2, 40, []int{128, 128, 128}, rand.New(rand.NewPCG(1, 1)))
	m := &Model{Sched: s, Net: net, Param: ReferenceParam}
	tr, err := NewTrainer(m, DefaultTrainConfig())
	if err != nil {
		b.Fatal(err)
	}
	tr.Cfg.Steps = 1 << 30
	rng := rand.New(rand.NewPCG(2, 2))
	tr.TrainStep(swissLike, rng)
	benchSteps(b, func() { tr.TrainStep(swissLike, rng) })
}
