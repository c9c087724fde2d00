package diffusion

import (
	"math"
	"math/rand/v2"
	"testing"
)

// EpsilonT's p_t is the closed form λ_t/Σλ with λ_t = (1−β_t)(1−ᾱ_{t−1})/β_t (derivation in
// its doc comment), its BoundWeight undoes it exactly (p_t·(T−1)·w_t = 1), and 200,000 draws
// (seed 5) hit every t with its probability within 4 binomial standard errors.
func TestEpsilonTDistribution(t *testing.T) {
	const T = 12
	s, err := GeometricSchedule(T, 1e-3, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEpsilonT(s)
	if err != nil {
		t.Fatal(err)
	}
	lam := make([]float64, T+1)
	var tot float64
	ab := 1.0
	for step := 1; step <= T; step++ {
		b := s.Beta[step]
		if step >= 2 {
			lam[step] = (1 - b) * (1 - ab) / b // ab is ᾱ_{t−1} here
			tot += lam[step]
		}
		ab *= 1 - b
	}
	p := e.Probs()
	if p[0] != 0 || p[1] != 0 {
		t.Fatalf("p_0, p_1 = %g, %g, want 0", p[0], p[1])
	}
	for step := 2; step <= T; step++ {
		if want := lam[step] / tot; math.Abs(p[step]-want) > 1e-12*want {
			t.Errorf("p_%d = %g, want %g", step, p[step], want)
		}
		if v := p[step] * (T - 1) * e.BoundWeight(step); math.Abs(v-1) > 1e-12 {
			t.Errorf("p_%d·(T−1)·BoundWeight = %g, want 1", step, v)
		}
	}
	rng := rand.New(rand.NewPCG(5, 5))
	ts := make([]int, 1000)
	w := make([]float64, len(ts))
	count := make([]float64, T+1)
	const n = 200000
	for k := 0; k < n/len(ts); k++ {
		e.Draw(rng, ts, w)
		for i, st := range ts {
			if st < 2 || st > T || w[i] != 1 {
				t.Fatalf("draw t = %d with weight %g", st, w[i])
			}
			count[st]++
		}
	}
	for step := 2; step <= T; step++ {
		se := math.Sqrt(p[step] * (1 - p[step]) / n)
		if z := (count[step]/n - p[step]) / se; math.Abs(z) > 4 {
			t.Errorf("t = %d drawn with frequency %g, p = %g, z = %.2f", step, count[step]/n, p[step], z)
		}
	}
	if _, err := NewEpsilonT(nil); err == nil {
		t.Error("nil schedule accepted")
	}
}

// With the weights frozen (Adam's step is about the learning rate, here 1e-30), the loss the
// trainer reports under EpsilonT estimates the same Σ_t E KL_t as uniform t does: the two
// means over 400 steps of 256 (seeds 7 and 8) agree within 4 combined standard errors. Were
// the bound weights not applied, the EpsilonT mean would be (T−1)·E_p KL_t instead, which
// puts its weight on the large t where KL_t is smallest.
func TestTrainerEpsilonTReportsBound(t *testing.T) {
	s, err := GeometricSchedule(10, 1e-3, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	mean := func(sampler TSampler, seed uint64) (m, se float64) {
		net, err := NewMLPNet(2, 10, []int{16}, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		mod := &Model{Sched: s, Net: net, Param: EpsParam}
		cfg := DefaultTrainConfig()
		cfg.Steps, cfg.Batch, cfg.LR, cfg.LRFinal, cfg.TSampler = 400, 256, 1e-30, 1e-30, sampler
		tr, err := NewTrainer(mod, cfg)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(seed, seed))
		var sum, sum2 float64
		for k := 0; k < cfg.Steps; k++ {
			l, ok := tr.TrainStep(swissLike, rng)
			if !ok {
				t.Fatal("step not applied")
			}
			sum += l
			sum2 += l * l
		}
		n := float64(cfg.Steps)
		m = sum / n
		return m, math.Sqrt((sum2/n - m*m) / n)
	}
	e, err := NewEpsilonT(s)
	if err != nil {
		t.Fatal(err)
	}
	mu, seu := mean(nil, 7)
	me, see := mean(e, 8)
	if z := (me - mu) / math.Hypot(seu, see); math.Abs(z) > 4 {
		t.Errorf("EpsilonT reports %g ± %g nats, uniform t %g ± %g (z = %.2f)", me, see, mu, seu, z)
	}
}
