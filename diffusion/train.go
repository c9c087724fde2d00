package diffusion

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// TrainConfig holds the trainer's settings; DefaultTrainConfig gives the Swiss roll defaults.
type TrainConfig struct {
	// Steps is the number of optimizer steps (default 20000).
	Steps int
	// Batch is the number of examples per step, each with its own t ~ U{2…T} (default 1024).
	Batch int
	// LR is the initial learning rate, decayed exponentially to LRFinal at the last step
	// (defaults 1e-2 → 1e-4).
	LR, LRFinal float64
	// Optimizer is "adam" (default) or "rmsprop" (the reference code's Blocks rule).
	Optimizer string
	// LogEvery is the number of steps between entries of the training curve (default 100).
	LogEvery int
	// LearnBeta learns β_2…β_T by gradient ascent on K with frozen-noise reparameterization
	// (the paper's §2.4.1); β_1 stays fixed. Default false (the schedule is fixed).
	LearnBeta bool
	// BetaLR is the Adam learning rate for the schedule's logits θ_t (β_t = σ(θ_t)) when
	// LearnBeta is set (default 1e-2, decayed like LR).
	BetaLR float64
	// LRDecay is how the learning rate moves from LR toward LRFinal: "exp" (default; also
	// ""): lr_s = LR·(LRFinal/LR)^{s/(Steps−1)}; "reference": the reference code's Blocks
	// rule, ×exp(ln 0.1/1000) every 500 steps (one of its "epochs"), floored at LRFinal
	// (PAPER.md §3.8); "const": LR throughout.
	LRDecay string
	// EMA is the decay of an exponential moving average of the weights kept beside them
	// (θ̄ ← d·θ̄ + (1−d)·θ after every applied step, with the usual warm-up
	// d = min(EMA, (1+s)/(10+s)) at step s so that short runs are not dominated by the
	// initial weights); 0 (default) keeps none. SwapEMA exchanges the averaged and the raw
	// weights, e.g. for evaluation.
	EMA float64
	// TSampler, when non-nil, draws each example's t with importance weights (e.g.
	// ImportanceT; the loss stays unbiased). Nil (default) draws t ~ U{2…T}. Not with
	// LearnBeta.
	TSampler TSampler
}

// DefaultTrainConfig returns the defaults documented on TrainConfig.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{Steps: 20000, Batch: 1024, LR: 1e-2, LRFinal: 1e-4, Optimizer: "adam", LogEvery: 100, BetaLR: 1e-2, LRDecay: "exp"}
}

// Validate reports settings the trainer cannot use (NewTrainer calls it).
func (c TrainConfig) Validate() error { return c.validate() }

func (c TrainConfig) validate() error {
	switch {
	case c.Steps <= 0:
		return fmt.Errorf("diffusion: train steps must be positive, got %d", c.Steps)
	case c.Batch <= 0:
		return fmt.Errorf("diffusion: batch size must be positive, got %d", c.Batch)
	case !(c.LR > 0) || !(c.LRFinal > 0):
		return fmt.Errorf("diffusion: learning rates must be positive, got %v → %v", c.LR, c.LRFinal)
	case c.Optimizer != "adam" && c.Optimizer != "rmsprop":
		return fmt.Errorf("diffusion: unknown optimizer %q (adam, rmsprop)", c.Optimizer)
	case c.LogEvery <= 0:
		return fmt.Errorf("diffusion: LogEvery must be positive, got %d", c.LogEvery)
	case c.LearnBeta && !(c.BetaLR > 0):
		return fmt.Errorf("diffusion: BetaLR must be positive when learning β, got %v", c.BetaLR)
	case c.LRDecay != "" && c.LRDecay != "exp" && c.LRDecay != "reference" && c.LRDecay != "const":
		return fmt.Errorf("diffusion: unknown LRDecay %q (exp, reference, const)", c.LRDecay)
	case c.LearnBeta && c.TSampler != nil:
		return fmt.Errorf("diffusion: LearnBeta does not support an importance-sampled t (TSampler)")
	case !(c.EMA >= 0 && c.EMA < 1):
		return fmt.Errorf("diffusion: EMA decay must be in [0, 1), got %v", c.EMA)
	}
	return nil
}

// DataSampler fills x (n×D values) with fresh training points.
type DataSampler func(rng *rand.Rand, x []float64)

// TrainPoint is one entry of the training curve.
type TrainPoint struct {
	Step int
	// KBits is the minibatch estimate of K in bits, averaged since the previous entry:
	// −(T−1)·mean KL_t + constant + L_null (t sampled per example).
	KBits float64
	LR    float64
	// Skipped counts steps skipped for a non-finite loss or gradient since the start
	// (including steps before a resume).
	Skipped int
}

// ErrDiverged is returned when training produces non-finite losses for many steps in a row.
var ErrDiverged = errors.New("diffusion: training diverged (non-finite loss)")

// ErrStopped is returned by Run when its stop function asked it to stop.
var ErrStopped = errors.New("diffusion: training stopped on request")

// Trainer runs stochastic gradient ascent on K for a Model.
type Trainer struct {
	Model *Model
	Cfg   TrainConfig
	Opt   nn.Optimizer
	Step  int
	// Skipped is the number of steps skipped so far for a non-finite loss or gradient.
	Skipped int
	// Seconds is the wall time spent training, kept by the caller and carried through
	// checkpoints so that a resumed run reports its total.
	Seconds float64

	params []*nn.Param
	x0     []float64
	ts     []int
	tw     []float64 // importance weights of ts (Cfg.TSampler)
	w      klWork

	// schedule learning (LearnBeta): θ_t = logit β_t for t = 2…T, and its optimizer.
	theta   *nn.Param
	betaOpt *nn.Adam
	dx      []float32

	ema []*nn.Param // EMA copies of params (EMA > 0)

	// The running sum and count of the per-step bound since the last curve entry (carried
	// through checkpoints, so that a resumed run's next entry averages the same steps).
	logAcc float64
	logCnt int

	// What the last restored checkpoint was trained with (ResumeCompatible).
	ckptTDraw string
	ckptBatch int
}

// NewTrainer validates cfg and prepares the optimizer.
func NewTrainer(m *Model, cfg TrainConfig) (*Trainer, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.LearnBeta && !m.Param.SupportsLearnBeta() {
		return nil, fmt.Errorf("diffusion: LearnBeta supports the reference and paper parameterizations, not %v", m.Param)
	}
	tr := &Trainer{Model: m, Cfg: cfg, params: m.Net.Params()}
	if cfg.Optimizer == "rmsprop" {
		tr.Opt = nn.NewRMSProp(cfg.LR)
	} else {
		tr.Opt = nn.NewAdam(cfg.LR)
	}
	if cfg.LearnBeta {
		T := m.Sched.T
		tr.theta = nn.NewParam("logit_beta", T-1)
		for t := 2; t <= T; t++ {
			tr.theta.W[t-2] = float32(logit(m.Sched.Beta[t]))
		}
		tr.betaOpt = nn.NewAdam(cfg.BetaLR)
	}
	if cfg.EMA > 0 {
		for _, p := range tr.params {
			e := nn.NewParam(p.Name+".ema", len(p.W))
			copy(e.W, p.W)
			tr.ema = append(tr.ema, e)
		}
	}
	return tr, nil
}

// SwapEMA exchanges the model's weights with their moving average (a second call swaps them
// back). It reports false, and does nothing, when the trainer keeps no average.
func (tr *Trainer) SwapEMA() bool {
	if tr.ema == nil {
		return false
	}
	for i, p := range tr.params {
		e := tr.ema[i].W
		for j := range p.W {
			p.W[j], e[j] = e[j], p.W[j]
		}
	}
	return true
}

func (tr *Trainer) updateEMA() {
	s := float64(tr.Step)
	d := float32(math.Min(tr.Cfg.EMA, (1+s)/(10+s)))
	for i, p := range tr.params {
		e := tr.ema[i].W
		for j, w := range p.W {
			e[j] = d*e[j] + (1-d)*w
		}
	}
}

// lrAt is the learning rate at step (0-based) under Cfg.LRDecay.
func (tr *Trainer) lrAt(step int) float64 {
	switch tr.Cfg.LRDecay {
	case "const":
		return tr.Cfg.LR
	case "reference":
		return math.Max(tr.Cfg.LR*math.Exp(math.Log(0.1)/1000*float64(step/500)), tr.Cfg.LRFinal)
	}
	if tr.Cfg.Steps <= 1 {
		return tr.Cfg.LR
	}
	f := float64(step) / float64(tr.Cfg.Steps-1)
	return tr.Cfg.LR * math.Pow(tr.Cfg.LRFinal/tr.Cfg.LR, f)
}

// TrainStep draws a batch from data, computes the loss (T−1)·mean KL_t and its gradient, and
// updates the parameters. It returns the loss in nats (an unbiased estimate of Σ_{t≥2} E KL_t,
// also when the TSampler reweights the objective, see BoundWeighter) and whether the
// step was applied (a non-finite loss or gradient skips the update).
func (tr *Trainer) TrainStep(data DataSampler, rng *rand.Rand) (loss float64, applied bool) {
	m := tr.Model
	D := m.Net.Dim()
	T := m.Sched.T
	n := tr.Cfg.Batch
	tr.x0 = grow(tr.x0, n*D)
	tr.ts = grow(tr.ts, n)
	data(rng, tr.x0)
	if ts := tr.Cfg.TSampler; ts != nil {
		tr.tw = grow(tr.tw, n)
		ts.Draw(rng, tr.ts, tr.tw)
	} else {
		for i := range tr.ts {
			tr.ts[i] = 2 + rng.IntN(T-1)
		}
	}
	kl := m.klBatch(tr.x0, tr.ts, rng, &tr.w, true)
	// bw, when the sampler trains on a reweighted objective, makes the reported loss an
	// unbiased estimate of the bound all the same.
	var bound float64
	bw, reweighted := tr.Cfg.TSampler.(BoundWeighter)
	if reweighted {
		for i, v := range kl {
			bound += v * bw.BoundWeight(tr.ts[i])
		}
	}
	if ts := tr.Cfg.TSampler; ts != nil {
		// Importance weights w_i = 1/(p_t (T−1)) on the loss and its gradient (unbiased).
		ts.Observe(tr.ts, kl)
		D2 := 2 * D
		for i := range kl {
			kl[i] *= tr.tw[i]
			wi := float32(tr.tw[i])
			for j := i * D2; j < (i+1)*D2; j++ {
				tr.w.dout[j] *= wi
			}
		}
	}
	for _, v := range kl {
		loss += v
	}
	scale := float64(T-1) / float64(n)
	loss *= scale
	tr.Step++
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, false
	}
	if reweighted {
		loss = bound * scale
	}
	s32 := float32(scale)
	for i := range tr.w.dout {
		tr.w.dout[i] *= s32
	}
	nn.ZeroGrads(tr.params)
	var dx []float32
	if tr.theta != nil {
		tr.dx = grow(tr.dx, n*D)
		dx = tr.dx
	}
	m.Net.Backward(tr.w.x32, tr.ts, tr.w.dout, dx)
	if ok, _ := nn.GradsFinite(tr.params); !ok {
		return loss, false
	}
	if tr.theta != nil {
		if !tr.stepSchedule(scale) {
			return loss, false
		}
	}
	tr.Opt.SetLR(tr.lrAt(tr.Step - 1))
	tr.Opt.Step(tr.params)
	if tr.ema != nil {
		tr.updateEMA()
	}
	return loss, true
}

// stepSchedule takes one Adam step on θ_t = logit β_t (t ≥ 2) from the frozen-noise gradient
// of the last batch and rebuilds the schedule tables. It reports false (and changes nothing)
// when the gradient or the new schedule is not valid.
func (tr *Trainer) stepSchedule(scale float64) bool {
	m := tr.Model
	g := m.scheduleGrad(tr.x0, tr.ts, &tr.w, tr.dx, scale)
	for t := 2; t <= m.Sched.T; t++ {
		b := m.Sched.Beta[t]
		v := g[t] * b * (1 - b) // dβ/dθ = β(1−β)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
		tr.theta.G[t-2] = float32(v)
	}
	old := append([]float32(nil), tr.theta.W...)
	tr.betaOpt.SetLR(tr.Cfg.BetaLR * tr.lrAt(tr.Step-1) / tr.Cfg.LR)
	tr.betaOpt.Step([]*nn.Param{tr.theta})
	betas := m.Sched.Betas()
	for t := 2; t <= m.Sched.T; t++ {
		betas[t-1] = sigmoid(float64(tr.theta.W[t-2]))
	}
	s, err := NewSchedule(betas)
	if err != nil {
		copy(tr.theta.W, old)
		return false
	}
	m.Sched = s
	return true
}

// Run trains for the remaining steps, calling progress (if non-nil) with every curve entry.
// When stop is non-nil it is polled before every step; once it returns true Run returns
// ErrStopped with the curve so far (the caller then writes a checkpoint).
func (tr *Trainer) Run(data DataSampler, rng *rand.Rand, progress func(TrainPoint), stop func() bool) ([]TrainPoint, error) {
	m := tr.Model
	D := m.Net.Dim()
	var curve []TrainPoint
	var badRun int
	for tr.Step < tr.Cfg.Steps {
		if stop != nil && stop() {
			return curve, ErrStopped
		}
		loss, ok := tr.TrainStep(data, rng)
		if !ok {
			tr.Skipped++
			badRun++
			if badRun >= 100 {
				return curve, fmt.Errorf("%w at step %d", ErrDiverged, tr.Step)
			}
			continue
		}
		badRun = 0
		// The constant is recomputed every step: a learned schedule moves it.
		tr.logAcc += m.Sched.BoundConstant(D) + NullLogLik(D) - loss
		tr.logCnt++
		if tr.Step%tr.Cfg.LogEvery == 0 || tr.Step == tr.Cfg.Steps {
			p := TrainPoint{Step: tr.Step, KBits: tr.logAcc / float64(tr.logCnt) / Ln2, LR: tr.Opt.LR(), Skipped: tr.Skipped}
			curve = append(curve, p)
			tr.logAcc, tr.logCnt = 0, 0 // before progress, which may write a checkpoint
			if progress != nil {
				progress(p)
			}
		}
	}
	return curve, nil
}
