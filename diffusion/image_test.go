package diffusion

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// A single centre makes the Parzen estimate the Gaussian log-density itself (closed form):
// log N(x; c, σ²I) = −‖x − c‖²/(2σ²) − (D/2) log(2πσ²).
func TestParzenSingleKernelClosedForm(t *testing.T) {
	c := []float64{0.5, -1, 2}
	x := []float64{1, 0, 2, 0.5, -1, 2}
	got, err := ParzenLogLik(c, x, 3, []float64{0.7})
	if err != nil {
		t.Fatal(err)
	}
	s2 := 0.49
	l1 := -(0.25+1+0)/(2*s2) - 1.5*math.Log(2*math.Pi*s2)
	l2 := -1.5 * math.Log(2*math.Pi*s2)
	want := (l1 + l2) / 2
	if math.Abs(got[0].MeanNats-want) > 1e-12 {
		t.Fatalf("mean = %v, want %v", got[0].MeanNats, want)
	}
	// SE over the two points: |l1 − l2|/2 (sample sd with n−1 = 1, divided by √2).
	if math.Abs(got[0].StdErrNats-math.Abs(l1-l2)/2) > 1e-9 {
		t.Fatalf("stderr = %v, want %v", got[0].StdErrNats, math.Abs(l1-l2)/2)
	}
	if math.Abs(got[0].MeanBits-want/math.Ln2) > 1e-12 {
		t.Fatal("bits conversion")
	}
}

// Many centres drawn from N(0, 1) in D = 1: the KDE is N(0, 1)*N(0, σ²) = N(0, 1 + σ²) up to
// sampling error, so E log p̂(x) for x ~ N(0,1) → −½ log(2π(1+σ²)) − 1/(2(1+σ²)) (closed form);
// seed fixed, tolerance 6 standard errors plus the KDE's finite-sample bias (≈ 0.01).
func TestParzenGaussianData(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	c := make([]float64, 5000)
	x := make([]float64, 4000)
	gaussianData(rng, c)
	gaussianData(rng, x)
	sig := 0.5
	res, valid, err := ParzenSelect(c, x[:2000], x[2000:], 1, []float64{5, sig})
	if err != nil {
		t.Fatal(err)
	}
	// σ = 5 oversmooths: the validation split must pick σ = 0.5.
	if res.Sigma != sig || len(valid) != 2 || !(valid[1].MeanNats > valid[0].MeanNats) {
		t.Fatalf("chose σ = %v from the validation scores %v", res.Sigma, valid)
	}
	v := 1 + sig*sig
	want := -0.5*math.Log(2*math.Pi*v) - 1/(2*v)
	if math.Abs(res.MeanNats-want) > 6*res.StdErrNats+0.01 {
		t.Fatalf("mean %v ± %v, closed form %v", res.MeanNats, res.StdErrNats, want)
	}
	if _, err := ParzenLogLik(c, x, 1, []float64{0}); err == nil {
		t.Fatal("σ = 0 accepted")
	}
	if _, err := ParzenLogLik(c[:3], x, 2, []float64{1}); err == nil {
		t.Fatal("ragged centres accepted")
	}
}

func tinyImageModel(t *testing.T, workers int) *Model {
	t.Helper()
	s, err := ReferenceSchedule(20, 0.001)
	if err != nil {
		t.Fatal(err)
	}
	net, err := NewConvNet(tinyConvConfig(workers), 20, rand.New(rand.NewPCG(31, 32)))
	if err != nil {
		t.Fatal(err)
	}
	return &Model{Sched: s, Net: net, Param: ReferenceParam}
}

// The Gaussian oracle for the sampled estimator: the untrained image network has a zero last
// layer, i.e. the identity reverse kernel, which is the exact reversal for N(0, I) data, so
// E[K − L_null] = 0 (PAPER.md §3.6 self-test); z bound 5 on the reported standard error.
func TestSampledBoundOracle(t *testing.T) {
	m := tinyImageModel(t, 2)
	rng := rand.New(rand.NewPCG(7, 7))
	x := make([]float64, 16*400)
	gaussianData(rng, x)
	b, err := m.EvalBoundSampled(x, 4, 64, rng, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(b.KMinusNullBits) > 5*b.KStdErrBits || b.KStdErrBits <= 0 {
		t.Fatalf("K − L_null = %v ± %v bits, want 0", b.KMinusNullBits, b.KStdErrBits)
	}
	if _, err := m.EvalBoundSampled(x[:5], 1, 1, rng, nil); err == nil {
		t.Fatal("ragged input accepted")
	}
}

func TestInpaintClampsAndDenoiseFollowsObservation(t *testing.T) {
	m := tinyImageModel(t, 2)
	rng := rand.New(rand.NewPCG(8, 8))
	vals := make([]float64, 3*16)
	gaussianData(rng, vals)
	known := make([]bool, 16)
	for i := range known {
		known[i] = i%4 >= 2 // right half
	}
	out, err := m.Inpaint(vals, known, 2, rng)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range out {
		if known[i%16] && v != vals[i] {
			t.Fatalf("known pixel %d changed: %v → %v", i, vals[i], v)
		}
	}
	// With an almost noiseless observation the posterior sample equals it (ṽ → 0).
	den, err := m.Denoise(vals, 1e-10, 2, rng)
	if err != nil {
		t.Fatal(err)
	}
	for i := range den {
		if math.Abs(den[i]-vals[i]) > 1e-3 {
			t.Fatalf("denoised[%d] = %v, observation %v", i, den[i], vals[i])
		}
	}
	if _, err := m.Denoise(vals, 0, 2, rng); err == nil {
		t.Fatal("zero noise variance accepted")
	}
	a, _ := m.SampleChunked(3, 2, rand.New(rand.NewPCG(1, 2)), nil)
	b, _ := m.SampleChunked(3, 2, rand.New(rand.NewPCG(1, 2)), nil)
	for i := range a {
		if a[i] != b[i] || math.IsNaN(a[i]) {
			t.Fatal("samples not deterministic for a seed")
		}
	}
}

func imageTrainer(t *testing.T, ema float64) (*Trainer, *rand.PCG, *rand.Rand) {
	t.Helper()
	m := tinyImageModel(t, 2)
	cfg := DefaultTrainConfig()
	cfg.Steps, cfg.Batch, cfg.LogEvery, cfg.LR, cfg.EMA, cfg.Optimizer = 12, 8, 3, 1e-3, ema, "rmsprop"
	cfg.LRDecay = "reference"
	tr, err := NewTrainer(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	src := rand.NewPCG(60, 2)
	return tr, src, rand.New(src)
}

// The image trainer (2 workers, RMSProp, EMA) resumed from a checkpoint after 5 steps ends
// bit-identical to an uninterrupted run; a checkpoint for another configuration is refused.
func TestImageCheckpointResumeIsExact(t *testing.T) {
	full, _, r := imageTrainer(t, 0.9)
	if _, err := full.Run(gaussianData, r, nil, nil); err != nil {
		t.Fatal(err)
	}
	first, src1, r1 := imageTrainer(t, 0.9)
	n := 0
	if _, err := first.Run(gaussianData, r1, nil, func() bool { n++; return n > 5 }); !errors.Is(err, ErrStopped) {
		t.Fatal(err)
	}
	data, err := first.MarshalCheckpoint(src1)
	if err != nil {
		t.Fatal(err)
	}
	second, src2, r2 := imageTrainer(t, 0.9)
	if err := second.UnmarshalCheckpoint(data, src2); err != nil {
		t.Fatal(err)
	}
	if _, err := second.Run(gaussianData, r2, nil, nil); err != nil {
		t.Fatal(err)
	}
	for i, p := range full.params {
		for j, w := range p.W {
			if second.params[i].W[j] != w || second.ema[i].W[j] != full.ema[i].W[j] {
				t.Fatalf("%s[%d] differs after resume", p.Name, j)
			}
		}
	}
	if !full.SwapEMA() || full.params[0].W[0] == second.params[0].W[0] && full.params[0].W[1] == second.params[0].W[1] {
		t.Fatal("SwapEMA did not change the weights")
	}
	noEMA, src3, _ := imageTrainer(t, 0)
	if err := noEMA.UnmarshalCheckpoint(data, src3); !errors.Is(err, ErrCheckpoint) {
		t.Fatalf("checkpoint with EMA restored into a run without: %v", err)
	}
	bad := append([]byte(nil), data...)
	bad[len(bad)/2] ^= 1
	if err := second.UnmarshalCheckpoint(bad, src2); !errors.Is(err, ErrCheckpoint) {
		t.Fatalf("corrupt checkpoint: %v", err)
	}
}
