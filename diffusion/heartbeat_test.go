package diffusion

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

func tinyHeartbeat(t *testing.T, rb bool, block, drawMin int) *HeartbeatTrainer {
	t.Helper()
	rng := rand.New(rand.NewPCG(51, 52))
	s, _ := NewBinomialSchedule(8, 0.3)
	m, err := NewHeartbeatMLP(5, 6, 3, s.T, 4, rng)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Readout.Params() {
		for i := range p.W {
			p.W[i] = float32(0.5 * rng.NormFloat64())
		}
	}
	for _, l := range m.Layers {
		for i := range l.B.W {
			l.B.W[i] = float32(0.3 * rng.NormFloat64())
		}
	}
	data := [][]float64{{1, 0, 0, 1, 0}, {0, 1, 0, 0, 1}, {0, 0, 1, 0, 0}}
	cfg := DefaultHeartbeatTrainConfig()
	cfg.Batch, cfg.Block, cfg.RaoBlackwell, cfg.DrawMinStep = 7, block, rb, drawMin
	tr, err := NewHeartbeatTrainer(s, m, data, cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// Finite-difference check of the sigmoid MLP with per-step readouts through the KL loss
// (importance weights, Rao-Blackwellised target and the split over 2 workers included): central
// differences with step 1e-2 on float32 parameters, relative tolerance 3e-2 (a wrong index or
// sign gives O(1) errors).
func TestHeartbeatLossGradient(t *testing.T) {
	for _, c := range []struct {
		rb             bool
		block, drawMin int
	}{{true, 3, 0}, {false, 3, 0}, {true, 1, 0}, {true, 2, 5}} {
		tr := tinyHeartbeat(t, c.rb, c.block, c.drawMin)
		tr.sample()
		ps := tr.M.Params()
		nn.ZeroGrads(ps)
		tr.lossGrad()
		grads := make([][]float32, len(ps))
		for i, p := range ps {
			grads[i] = append([]float32(nil), p.G...)
		}
		const h = 1e-2
		for pi, p := range ps {
			for i := range p.W {
				if grads[pi][i] == 0 && p.Name == "readout.W" {
					continue // readouts of steps not in the batch
				}
				old := p.W[i]
				p.W[i] = old + h
				lp := tr.lossGrad()
				p.W[i] = old - h
				lm := tr.lossGrad()
				p.W[i] = old
				num := (lp - lm) / (2 * h)
				got := float64(grads[pi][i])
				if math.Abs(num-got) > 3e-2*math.Max(1, math.Abs(num)) {
					t.Fatalf("rb=%v block=%d: %s[%d]: analytic %.5g, finite difference %.5g", c.rb, c.block, p.Name, i, got, num)
				}
			}
		}
		nn.ZeroGrads(ps)
	}
}

func heartbeatSeqs() [][]float64 {
	out := make([][]float64, 5)
	for p := range out {
		out[p] = make([]float64, 20)
		for j := p; j < 20; j += 5 {
			out[p][j] = 1
		}
	}
	return out
}

func stratified(seqs [][]float64, per int) []float64 {
	var x0 []float64
	for _, q := range seqs {
		for range per {
			x0 = append(x0, q...)
		}
	}
	return x0
}

// The exact-reversal initialisation reproduces logit(x_i(1−β_t) + ρβ_t) for every bit, so the
// initial model is the ExactReversal oracle (float32 network: tolerance 2e-3 on the logit).
func TestHeartbeatInitExactReversal(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	s, _ := NewBinomialSchedule(100, 0.2)
	m, _ := NewHeartbeatMLP(20, 50, 3, s.T, 4, rng)
	if err := m.InitExactReversal(s, 8); err != nil {
		t.Fatal(err)
	}
	const n = 16
	xt := make([]float64, n*20)
	for i := range xt {
		xt[i] = bernoulli(0.3, rng)
	}
	got := make([]float64, n*20)
	want := make([]float64, n*20)
	for _, step := range []int{2, 3, 50, 99, 100} {
		m.ReverseLogits(xt, n, step, got)
		ExactReversal{S: s, D: 20}.ReverseLogits(xt, n, step, want)
		for i := range got {
			if math.Abs(got[i]-want[i]) > 2e-3 {
				t.Fatalf("t = %d, logit %d: %v, exact reversal %v", step, i, got[i], want[i])
			}
		}
	}
	small, _ := NewHeartbeatMLP(20, 10, 3, s.T, 4, rng)
	if err := small.InitExactReversal(s, 8); err == nil {
		t.Error("H < D accepted")
	}
}

// Two trainers with the same seeds give bitwise-identical parameters (2 workers included).
func TestHeartbeatTrainDeterministic(t *testing.T) {
	run := func() []*nn.Param {
		s, _ := NewBinomialSchedule(30, 0.2)
		m, _ := NewHeartbeatMLP(20, 50, 3, s.T, 4, rand.New(rand.NewPCG(71, 72)))
		if err := m.InitExactReversal(s, 8); err != nil {
			t.Fatal(err)
		}
		cfg := DefaultHeartbeatTrainConfig()
		cfg.Steps, cfg.Batch, cfg.DrawMinStep = 20, 64, 5
		tr, err := NewHeartbeatTrainer(s, m, heartbeatSeqs(), cfg, rand.New(rand.NewPCG(73, 74)))
		if err != nil {
			t.Fatal(err)
		}
		for range cfg.Steps {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		return m.Params()
	}
	a, b := run(), run()
	for i := range a {
		for j := range a[i].W {
			if a[i].W[j] != b[i].W[j] {
				t.Fatalf("%s[%d]: %v vs %v", a[i].Name, j, a[i].W[j], b[i].W[j])
			}
		}
	}
}

// A short training run must improve the bound clearly. T = 100, exact-reversal start: the
// initial K equals L_null = −14.44 bits in expectation; 400 steps of 256 draws must reach
// K − L_null ≥ 4 bits (measured 5.84 ± 0.05 at these seeds; the true log-likelihood allows
// 12.1, less at T = 100, where the fixed last step alone costs H_q(X^(1)|X^(0)) ≈ 0.6 bits).
// Evaluation: 100 chains per sequence, SE ≈ 0.05 bits; seeds fixed.
func TestHeartbeatTrainingImproves(t *testing.T) {
	s, _ := NewBinomialSchedule(100, 0.2)
	m, _ := NewHeartbeatMLP(20, 50, 3, s.T, 4, rand.New(rand.NewPCG(81, 82)))
	if err := m.InitExactReversal(s, 8); err != nil {
		t.Fatal(err)
	}
	seqs := heartbeatSeqs()
	x0 := stratified(seqs, 100)
	before, err := EvalBinomialBound(s, m, x0, rand.New(rand.NewPCG(83, 84)))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultHeartbeatTrainConfig()
	cfg.Steps, cfg.Batch, cfg.Block, cfg.DrawMinStep = 400, 256, 4, 10
	tr, err := NewHeartbeatTrainer(s, m, seqs, cfg, rand.New(rand.NewPCG(85, 86)))
	if err != nil {
		t.Fatal(err)
	}
	for range cfg.Steps {
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
	}
	after, err := EvalBinomialBound(s, m, x0, rand.New(rand.NewPCG(83, 84)))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("before: %v\nafter:  %v", before, after)
	if math.Abs(before.KMinusLnull) > 4*before.KMinusLnullStdErr+0.01 {
		t.Errorf("initial K − L_null = %v, want 0 (exact reversal)", before)
	}
	if after.KMinusLnull < 4 {
		t.Errorf("after training K − L_null = %.3f bits, want ≥ 4", after.KMinusLnull)
	}
}

// The training loss is an unbiased estimate of Σ_{t=2}^T E KL_t whatever the variance
// reductions (block-shared readouts with importance weights, Rao-Blackwellised targets, draws
// at a larger step): its mean over 4,000 batches matches the bound's KL sum from
// EvalBinomialBound (20,000 chains) for a fixed random model. Seeds fixed; z bound 4 on the
// combined standard error.
func TestHeartbeatLossUnbiased(t *testing.T) {
	ref := tinyHeartbeat(t, true, 1, 0)
	var x0 []float64
	for r := 0; r < 20000; r++ {
		x0 = append(x0, ref.Data[r%len(ref.Data)]...)
	}
	b, err := EvalBinomialBound(ref.S, ref.M, x0, rand.New(rand.NewPCG(91, 92)))
	if err != nil {
		t.Fatal(err)
	}
	want := (-b.K - b.Edge) * math.Ln2 // Σ_t E KL_t, nats
	wantSE := b.KStdErr * math.Ln2
	for _, c := range []struct {
		rb             bool
		block, drawMin int
	}{{false, 1, 0}, {true, 1, 0}, {true, 3, 0}, {false, 3, 0}, {true, 2, 6}, {false, 1, 5}} {
		tr := tinyHeartbeat(t, c.rb, c.block, c.drawMin)
		const n = 4000
		vals := make([]float64, n)
		for i := range vals {
			tr.sample()
			vals[i] = tr.lossGrad()
		}
		mean, se := binomMeanSE(vals)
		z := (mean - want) / math.Hypot(se, wantSE)
		if math.Abs(z) > 4 {
			t.Errorf("rb=%v block=%d drawMin=%d: mean loss %.4f ± %.4f nats, bound's KL sum %.4f ± %.4f (z = %.1f)", c.rb, c.block, c.drawMin, mean, se, want, wantSE, z)
		}
	}
}

// Polyak averaging: the shared layers' average after k steps is the decay-weighted mean of the
// iterates (checked against a direct recomputation), untouched readouts keep their values, and
// UseAverage installs the averages.
func TestHeartbeatAverage(t *testing.T) {
	tr := tinyHeartbeat(t, true, 1, 0)
	tr.Cfg.EMA = 0.9
	tr2, err := NewHeartbeatTrainer(tr.S, tr.M, tr.Data, tr.Cfg, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	w := tr2.M.Layers[0].W
	want := append([]float32(nil), w.W...)
	for k := 0; k < 30; k++ {
		if _, err := tr2.Step(); err != nil {
			t.Fatal(err)
		}
		d := float32(min(0.9, float64(1+k)/float64(10+k)))
		for j := range want {
			want[j] += (1 - d) * (w.W[j] - want[j])
		}
	}
	tr2.UseAverage()
	for j := range want {
		if math.Abs(float64(w.W[j]-want[j])) > 1e-5 {
			t.Fatalf("averaged W[%d] = %v, want %v", j, w.W[j], want[j])
		}
	}
	if _, err := NewHeartbeatTrainer(tr.S, tr.M, tr.Data, HeartbeatTrainConfig{Steps: 1, Batch: 1, Block: 1, Workers: 1, LR: 1, LREnd: 1, EMA: 1}, rand.New(rand.NewPCG(1, 1))); err == nil {
		t.Error("EMA decay 1 accepted")
	}
}
