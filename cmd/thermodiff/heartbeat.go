package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
	"github.com/thermodiff/thermodiff/diffusion/nn"
)

func init() {
	registerExperiment(experiment{
		Name: "heartbeat", Resumable: true, Order: 2,
		Summary: "binary heartbeat, binomial diffusion, T = 2000, sigmoid MLP with per-step readouts (Table 1, Figure 2)",
		Run:     runHeartbeat,
	})
}

// Paper's Table 1 row "Binary Heartbeat" (bits/sequence).
const (
	paperHeartbeatK      = -2.414
	paperHeartbeatKMNull = 12.024
	heartbeatRho         = 0.2 // p(x_i^(T) = 1), App. D.1.2
)

// heartbeatConfig is the experiment's configuration; its defaults are the quick reproduction
// run by `reproduce all`.
type heartbeatConfig struct {
	Out        string
	Seed       uint64
	T          int
	Hidden     int
	Depth      int
	Gain       float64
	CopyGain   float64
	Init       string
	Train      diffusion.HeartbeatTrainConfig
	MaxTrain   time.Duration
	Budget     time.Duration
	EvalChains int
	ISPoints   int
	ISTraj     int
	Samples    int
	Oracle     int
	// CheckpointEvery is the number of steps between checkpoints to OUT/heartbeat/checkpoint.gob
	// (0: only at the end and on interrupt); Resume continues from it.
	CheckpointEvery int
	Resume          bool
	Fresh           bool
	stopAt          int // tests: behave as if Ctrl-C came after this step (0: never)
}

func parseHeartbeat(args []string, stderr io.Writer) (heartbeatConfig, error) {
	c := heartbeatConfig{Train: diffusion.DefaultHeartbeatTrainConfig()}
	fs := flag.NewFlagSet("reproduce heartbeat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Out, "out", "reports", "output directory (results go to OUT/heartbeat)")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed (initialisation, training, evaluation and sampling streams derive from it)")
	fs.IntVar(&c.T, "T", 2000, "number of diffusion steps")
	fs.IntVar(&c.Hidden, "hidden", 50, "units per hidden layer")
	fs.IntVar(&c.Depth, "depth", 3, "hidden layers")
	fs.Float64Var(&c.Gain, "gain", 4, "Glorot-normal gain of the hidden layers")
	fs.Float64Var(&c.CopyGain, "copy-gain", 2, "pre-activation a of the copy units of -init reversal (each copy unit starts at 1−σ(−a) or σ(−a)); measured at 4000 steps: a = 2 reached K = −2.502 bits, 1 −2.585, 4 −2.518, 8 −2.525")
	fs.StringVar(&c.Init, "init", "reversal", "initialisation: reversal (the network starts as the exact reversal of the stationary chain, K = L_null) or random (zero readouts, f_b = ½)")
	fs.IntVar(&c.Train.Steps, "steps", c.Train.Steps, "training steps")
	fs.IntVar(&c.Train.Batch, "batch", c.Train.Batch, "x^(t) draws (trunk passes) per step")
	fs.IntVar(&c.Train.Block, "block", c.Train.Block, "consecutive steps whose readouts share each draw (1: plain estimator)")
	fs.Float64Var(&c.Train.LR, "lr", c.Train.LR, "initial Adam learning rate (decays exponentially to -lr-final)")
	fs.Float64Var(&c.Train.LREnd, "lr-final", c.Train.LREnd, "final learning rate")
	fs.BoolVar(&c.Train.RaoBlackwell, "rao-blackwell", c.Train.RaoBlackwell, "average the posterior target over the training sequences given x^(t)")
	fs.IntVar(&c.Train.DrawMinStep, "draw-min", c.Train.DrawMinStep, "draw x^(t) at step max(t, DRAW-MIN) and reweight (oversamples the rare noisy inputs of the first steps; 0: off)")
	fs.Float64Var(&c.Train.EMA, "ema", c.Train.EMA, "decay of the parameter average used for evaluation (0: last iterate)")
	fs.IntVar(&c.Train.Workers, "workers", c.Train.Workers, "goroutines for the readouts and the loss")
	fs.DurationVar(&c.MaxTrain, "max-train", 9*time.Minute+30*time.Second, "stop training early (and say so) after this long")
	fs.DurationVar(&c.Budget, "budget", 0, "stop training after this wall-clock time if -steps are not done by then; the learning rate decays with the larger of the step and time fractions (the number of steps, and so the result, then depends on the machine's speed); 0 (the default): -steps alone, so the same seed gives the same numbers on any machine")
	fs.IntVar(&c.EvalChains, "eval-chains", 1000, "chains per sequence for the bound K (all T−1 terms each; 5 sequences)")
	fs.IntVar(&c.ISPoints, "is-points", 20, "points per sequence for the importance-sampled log-likelihood")
	fs.IntVar(&c.ISTraj, "is-traj", 100, "forward trajectories per point for the importance-sampled log-likelihood")
	fs.IntVar(&c.Oracle, "oracle-chains", 50, "chains per sequence for the ceiling K of the best factorised reverse kernel (0: skip)")
	fs.IntVar(&c.Samples, "samples", 2000, "samples drawn for Figure 2 and the exact-heartbeat fraction")
	fs.IntVar(&c.CheckpointEvery, "checkpoint-every", 5000, "steps between checkpoints to OUT/heartbeat/checkpoint.gob (0: only at the end and on interrupt)")
	fs.BoolVar(&c.Resume, "resume", false, "continue training from OUT/heartbeat/checkpoint.gob (same flags and seed; with -budget the rest of the budget is used; -steps cannot change: the learning rate decays over them)")
	fs.BoolVar(&c.Fresh, "fresh", false, "discard OUT/heartbeat/checkpoint.gob of an interrupted run and train from the start")
	if err := parseFlags(fs, args, stderr, false); err != nil {
		return c, err
	}
	return c, c.validate()
}

// validate checks every flag (before anything is created or computed).
func (c heartbeatConfig) validate() error {
	var ck checks
	ck.atLeast("T", c.T, 2)
	ck.oneOf("init", c.Init, "reversal", "random")
	ck.atLeast("hidden", c.Hidden, 1)
	ck.atLeast("depth", c.Depth, 1)
	if c.Init == "reversal" && c.Hidden < datasets.HeartbeatLength {
		ck.failf("-init reversal needs -hidden ≥ %d, got %d", datasets.HeartbeatLength, c.Hidden)
	}
	ck.rate("gain", c.Gain)
	if !(c.CopyGain > 0 && c.CopyGain <= 30) {
		ck.failf("-copy-gain must be in (0, 30], got %v", c.CopyGain)
	}
	ck.atLeast("steps", c.Train.Steps, 1)
	ck.atLeast("batch", c.Train.Batch, 1)
	ck.atLeast("block", c.Train.Block, 1)
	ck.rate("lr", c.Train.LR)
	ck.rate("lr-final", c.Train.LREnd)
	ck.atLeast("draw-min", c.Train.DrawMinStep, 0)
	ck.decay("ema", c.Train.EMA)
	ck.intIn("workers", c.Train.Workers, 1, maxWorkers)
	if c.MaxTrain <= 0 {
		ck.failf("-max-train must be positive, got %v", c.MaxTrain)
	}
	if c.Budget < 0 || c.Budget > c.MaxTrain {
		ck.failf("-budget must be in [0, -max-train %v], got %v", c.MaxTrain, c.Budget)
	}
	ck.atLeast("eval-chains", c.EvalChains, 1)
	ck.atLeast("is-points", c.ISPoints, 1)
	ck.atLeast("is-traj", c.ISTraj, 1)
	ck.atLeast("oracle-chains", c.Oracle, 0)
	ck.atLeast("samples", c.Samples, 1)
	ck.atLeast("checkpoint-every", c.CheckpointEvery, 0)
	if ck.err != nil {
		return ck.err
	}
	return checkMemory(c.memory()...)
}

// memory estimates the largest arrays of a run: the per-step readouts and tables (∝ T), a
// training step's rows (-batch draws × -block steps), and the chains of the bound, the
// importance sampling, the samples and the ceiling (5 sequences each where per sequence).
func (c heartbeatConfig) memory() []memTerm {
	D, H := f64(datasets.HeartbeatLength), f64(c.Hidden)
	perRow := f64(c.Depth)*H*8 + D*32 + 64 // a chain's trunk activations, bits and logits
	trunk := D*H + H*H*f64(c.Depth-1) + H*f64(c.Depth)
	return []memTerm{
		{"-T, -hidden", "the per-step readouts and tables", f64(c.T)*((H*D+D)*bytesPerParam+120) + trunk*bytesPerParam, false},
		{"-batch, -block", "a training step's rows", f64(c.Train.Batch) * (f64(c.Train.Block)*(8*H+8*D+56) + f64(c.Depth)*16*H), false},
		{"-eval-chains", "the chains of the bound", 5 * f64(c.EvalChains) * perRow, true},
		{"-is-points, -is-traj", "the importance-sampling trajectories", 5 * f64(c.ISPoints) * f64(c.ISTraj) * perRow, true},
		{"-samples", "the samples", f64(c.Samples) * (perRow + 16*D), true},
		{"-oracle-chains", "the chains of the ceiling", 5 * f64(c.Oracle) * perRow, true},
	}
}

// runSpec is the run as its checkpoint records it. The learning rate follows the step
// fraction i/(-steps − 1), so -steps must not change on -resume.
func (c heartbeatConfig) runSpec() runSpec {
	return runSpec{Name: "heartbeat", Out: c.Out, Seed: c.Seed, Steps: c.Train.Steps, StepsFixed: true,
		StepsWhy: "its learning rate decays over the fraction of -steps done", Resume: c.Resume, Fresh: c.Fresh,
		Settings: map[string]any{
			"-T": c.T, "-hidden": c.Hidden, "-depth": c.Depth, "-gain": c.Gain, "-copy-gain": c.CopyGain, "-init": c.Init,
			"-batch": c.Train.Batch, "-block": c.Train.Block, "-lr": c.Train.LR, "-lr-final": c.Train.LREnd,
			"-rao-blackwell": c.Train.RaoBlackwell, "-draw-min": c.Train.DrawMinStep, "-ema": c.Train.EMA,
			"-workers": c.Train.Workers, "-max-train": c.MaxTrain.String(), "-budget": c.Budget.String(),
		}}
}

func (c heartbeatConfig) settings() map[string]any {
	return map[string]any{
		"T": c.T, "rho": heartbeatRho, "hidden": c.Hidden, "depth": c.Depth, "gain": c.Gain, "copy_gain": c.CopyGain, "init": c.Init,
		"steps": c.Train.Steps, "batch": c.Train.Batch, "block": c.Train.Block, "lr": c.Train.LR, "lr_final": c.Train.LREnd,
		"rao_blackwell": c.Train.RaoBlackwell, "workers": c.Train.Workers, "draw_min": c.Train.DrawMinStep, "ema": c.Train.EMA, "max_train": c.MaxTrain.String(), "budget": c.Budget.String(),
		"eval_chains_per_sequence": c.EvalChains, "is_points_per_sequence": c.ISPoints, "is_traj": c.ISTraj, "samples": c.Samples, "oracle_chains_per_sequence": c.Oracle,
	}
}

// heartbeatMetrics is DIR/heartbeat/metrics.json.
type heartbeatMetrics struct {
	KBits                 float64    `json:"K_bits"`
	KStdErrBits           float64    `json:"K_stderr_bits"`
	KMinusNullBits        float64    `json:"K_minus_Lnull_bits"`
	KMinusNullStdErrBits  float64    `json:"K_minus_Lnull_stderr_bits"`
	NullBits              float64    `json:"Lnull_bits"`
	TrueLogLikBits        float64    `json:"true_loglik_bits"`
	EdgeEntropyBits       float64    `json:"edge_entropy_bits"`
	CeilingKBits          *float64   `json:"ceiling_K_bits,omitempty"` // nil: not computed
	CeilingKStdErrBits    *float64   `json:"ceiling_K_stderr_bits,omitempty"`
	PaperKBits            float64    `json:"paper_K_bits"`
	PaperKMinusNull       float64    `json:"paper_K_minus_Lnull_bits"`
	ISLogLikBits          float64    `json:"IS_loglik_bits"`
	ISLogLikStdErrBits    float64    `json:"IS_loglik_stderr_bits"`
	SingleTrajKBits       float64    `json:"single_traj_K_bits"`
	SingleTrajKStdErrBits float64    `json:"single_traj_K_stderr_bits"`
	ExactFraction         float64    `json:"exact_heartbeat_fraction"`
	Samples               int        `json:"samples"`
	Chains                int        `json:"chains"`
	TrainSeconds          float64    `json:"train_seconds"`
	TrainSteps            int        `json:"train_steps"`
	StoppedEarly          bool       `json:"train_stopped_early"`
	SkippedSteps          int        `json:"skipped_steps"`
	StepsPerSecond        float64    `json:"train_steps_per_second"`
	EvalSeconds           float64    `json:"eval_seconds"`
	Params                int        `json:"parameters"`
	Seed                  uint64     `json:"seed"`
	GitCommit             string     `json:"git_commit"`
	Provenance            provenance `json:"provenance"`
	KLPerStepBits         []float64  `json:"KL_per_step_bits"`
	Curve                 []curvePt  `json:"training_curve"`
}

// heartbeatFigure holds the data of Figure 2.
type heartbeatFigure struct {
	Samples, Noise [][]float64 // aligned samples x^(0) and their initial noise x^(T)
}

func runHeartbeat(args []string, stderr io.Writer) error {
	c, err := parseHeartbeat(args, stderr)
	if err != nil {
		return err
	}
	return heartbeatWrite(c, stderr)
}

// heartbeatWrite runs the configured experiment and writes its metrics and report.
func heartbeatWrite(c heartbeatConfig, stderr io.Writer) error {
	if err := c.runSpec().preflight(stderr); err != nil {
		return err
	}
	printBackend(stderr)
	dir, err := experimentDir(c.Out, "heartbeat")
	if err != nil {
		return err
	}
	met, fig, err := heartbeatRun(c, dir, stderr)
	if err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), met); err != nil {
		return err
	}
	if err := writeHeartbeatReport(filepath.Join(dir, "report.html"), c, met, fig); err != nil {
		return err
	}
	if err := c.runSpec().finished(met.TrainSteps); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "heartbeat: wrote %s and %s\n", filepath.Join(dir, "metrics.json"), filepath.Join(dir, "report.html"))
	return nil
}

// heartbeatRun trains and evaluates the model; it writes only its checkpoint to dir.
func heartbeatRun(c heartbeatConfig, dir string, stderr io.Writer) (heartbeatMetrics, heartbeatFigure, error) {
	var met heartbeatMetrics
	var fig heartbeatFigure
	s, err := diffusion.NewBinomialSchedule(c.T, heartbeatRho)
	if err != nil {
		return met, fig, fmt.Errorf("%w: %v", errUsage, err)
	}
	// Independent streams: network init, training, evaluation, sampling.
	rngInit := rand.New(rand.NewPCG(c.Seed, 1))
	srcTrain := rand.NewPCG(c.Seed, 2)
	rngTrain := rand.New(srcTrain)
	rngEval := rand.New(rand.NewPCG(c.Seed, 3))
	rngSample := rand.New(rand.NewPCG(c.Seed, 4))
	m, err := diffusion.NewHeartbeatMLP(datasets.HeartbeatLength, c.Hidden, c.Depth, c.T, c.Gain, rngInit)
	if err != nil {
		return met, fig, fmt.Errorf("%w: %v", errUsage, err)
	}
	if c.Init == "reversal" {
		if err := m.InitExactReversal(s, c.CopyGain); err != nil {
			return met, fig, err
		}
	}
	// The training set is the generator's support: the 5 equiprobable sequences, each drawn
	// with probability 1/5 per example, exactly as datasets.Heartbeat draws them.
	seqs := datasets.HeartbeatSequences()
	tr, err := diffusion.NewHeartbeatTrainer(s, m, seqs, c.Train, rngTrain)
	if err != nil {
		return met, fig, fmt.Errorf("%w: %v", errUsage, err)
	}
	prov := newProvenance(c.Seed, c.settings())
	met.Params = nn.NumParams(m.Params())
	var edge float64
	for _, q := range seqs {
		edge += s.EdgeEntropy(q) / float64(len(seqs))
	}
	length := fmt.Sprintf("%d steps", c.Train.Steps)
	if c.Budget > 0 {
		length = fmt.Sprintf("%d steps or %v", c.Train.Steps, c.Budget)
	}
	fmt.Fprintf(stderr, "heartbeat: training MLP %d→%d×%d→per-step readouts (%d parameters), T = %d, %s of %d draws × block %d (draws at t ≥ %d), lr %.2g→%.2g, Rao-Blackwell %v, EMA %g\n",
		m.D, c.Hidden, c.Depth, met.Params, c.T, length, c.Train.Batch, c.Train.Block, c.Train.DrawMinStep, c.Train.LR, c.Train.LREnd, c.Train.RaoBlackwell, c.Train.EMA)
	ck := heartbeatCheckpointer{spec: c.runSpec(), tr: tr, src: srcTrain, path: filepath.Join(dir, "checkpoint.gob")}
	if c.Resume {
		if err := ck.load(); err != nil {
			return met, fig, err
		}
		if tr.StepsDone() > c.Train.Steps {
			return met, fig, fmt.Errorf("%w: -resume: -steps %d is below the checkpoint's step %d", errUsage, c.Train.Steps, tr.StepsDone())
		}
		fmt.Fprintf(stderr, "heartbeat: resumed from %s at step %d (%.0f s of training before)\n", ck.path, tr.StepsDone(), ck.p.Seconds)
	} else if err := ck.spec.discard(); err != nil {
		return met, fig, fmt.Errorf("discarding the earlier checkpoint: %w", err)
	}
	wallStart := time.Now()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, stopSignals...)
	defer signal.Stop(sig)
	start := time.Now()
	last := start
	// elapsed is the training time of this run, earlier interrupted processes included.
	elapsed := func() time.Duration { return time.Duration(ck.p.Seconds*float64(time.Second)) + time.Since(start) }
	steps := c.Train.Steps
	if c.Budget > 0 {
		fmt.Fprintf(stderr, "heartbeat: time budget %v: training stops after %d steps or %v, the learning rate following whichever fraction is larger\n", c.Budget, steps, c.Budget)
	}
	lrNow := func(i int) float64 {
		f := float64(i) / float64(max(1, steps-1))
		if c.Budget > 0 {
			f = max(f, float64(elapsed())/float64(c.Budget))
		}
		return tr.LRAt(f)
	}
	save := func() error {
		ck.p.Seconds += time.Since(start).Seconds()
		start = time.Now()
		return ck.save()
	}
	p := &ck.p
	curveEvery := max(1, steps/150)
	for i := tr.StepsDone(); i < steps && !p.Done; i++ {
		lr := lrNow(i)
		loss, err := tr.StepLR(lr)
		if err != nil {
			if !errors.Is(err, diffusion.ErrSkippedStep) {
				return met, fig, err
			}
			p.Skipped++
			fmt.Fprintf(stderr, "heartbeat: %v\n", err)
			if p.Skipped > 100 {
				return met, fig, fmt.Errorf("heartbeat: %d steps skipped for non-finite loss; giving up", p.Skipped)
			}
			continue
		}
		p.Acc += loss
		p.Nacc++
		done := i+1 == steps || (c.Budget > 0 && elapsed() >= c.Budget)
		over := elapsed() > c.MaxTrain
		// The curve gets a point every curveEvery steps (so metrics.json is the same on any
		// machine); progress is printed every 3 s with the latest point.
		if (i+1)%curveEvery == 0 || done || over {
			k := -(p.Acc/float64(p.Nacc) + edge) / math.Ln2
			p.Curve = append(p.Curve, curvePt{Step: i + 1, KBits: k, LR: lr})
			p.Acc, p.Nacc = 0, 0
		}
		if n := len(p.Curve); n > 0 && (time.Since(last) > 3*time.Second || done || over) {
			last = time.Now()
			fmt.Fprintf(stderr, "heartbeat: step %6d  train K ≈ %9.3f bits  lr %.2g  (%.0f s)\n", i+1, p.Curve[n-1].KBits, lr, elapsed().Seconds())
		}
		if over && !done {
			p.StoppedEarly = true
			fmt.Fprintf(stderr, "heartbeat: -max-train %v reached: training stopped early at step %d\n", c.MaxTrain, i+1)
		}
		p.Done = done || over
		interrupted := c.stopAt == i+1
		select {
		case <-sig:
			interrupted = true
		default:
		}
		if interrupted && !p.Done {
			if err := save(); err != nil {
				return met, fig, fmt.Errorf("%w at step %d and the checkpoint could not be written: %w", errInterrupted, i+1, err)
			}
			return met, fig, fmt.Errorf("%w at step %d; checkpoint written to %s (rerun with the same flags and -resume)", errInterrupted, i+1, ck.path)
		}
		if c.CheckpointEvery > 0 && (i+1)%c.CheckpointEvery == 0 && !p.Done {
			if err := save(); err != nil {
				fmt.Fprintf(stderr, "heartbeat: warning: checkpoint not written: %v\n", err)
			}
		}
	}
	p.Done = true
	if err := save(); err != nil { // before UseAverage, which overwrites the weights
		return met, fig, err
	}
	signal.Stop(sig)
	tr.UseAverage()
	met.Curve = p.Curve
	met.TrainSeconds = p.Seconds
	met.TrainSteps = tr.StepsDone()
	met.SkippedSteps = p.Skipped
	met.StoppedEarly = p.StoppedEarly
	met.StepsPerSecond = float64(met.TrainSteps) / max(met.TrainSeconds, 1e-9)

	evalStart := time.Now()
	x0 := make([]float64, 0, len(seqs)*c.EvalChains*m.D)
	for _, q := range seqs { // stratified: every sequence has the same number of chains
		for range c.EvalChains {
			x0 = append(x0, q...)
		}
	}
	fmt.Fprintf(stderr, "heartbeat: evaluating K on %d chains (all %d terms each)\n", len(x0)/m.D, c.T-1)
	b, err := diffusion.EvalBinomialBound(s, m, x0, rngEval)
	if err != nil {
		return met, fig, err
	}
	fmt.Fprintf(stderr, "heartbeat: %v\n", b)
	isx := make([]float64, 0, len(seqs)*c.ISPoints*m.D)
	for _, q := range seqs {
		for range c.ISPoints {
			isx = append(isx, q...)
		}
	}
	fmt.Fprintf(stderr, "heartbeat: importance-sampled log-likelihood, %d points × %d trajectories\n", len(isx)/m.D, c.ISTraj)
	ll, err := diffusion.BinomialISLogLik(s, m, isx, c.ISTraj, rngEval)
	if err != nil {
		return met, fig, err
	}
	fmt.Fprintf(stderr, "heartbeat: %v (single-trajectory mean %.4f ± %.4f)\n", ll, ll.SingleTraj, ll.SingleTrajStdErr)
	fmt.Fprintf(stderr, "heartbeat: drawing %d samples\n", c.Samples)
	xs, xT, err := diffusion.SampleBinomial(s, m, c.Samples, nil, rngSample)
	if err != nil {
		return met, fig, err
	}
	exact := 0
	for r := 0; r < c.Samples; r++ {
		if _, ok := datasets.HeartbeatPhase(xs[r*m.D : (r+1)*m.D]); ok {
			exact++
		}
	}
	if c.Oracle > 0 {
		// The bound of the Bayes-optimal factorised kernel (the posterior mean over the 5
		// sequences): the most any network of this form can reach at this T.
		var ox []float64
		for _, q := range seqs {
			for range c.Oracle {
				ox = append(ox, q...)
			}
		}
		ob, err := diffusion.EvalBinomialBound(s, diffusion.PosteriorMeanReverse{S: s, Data: seqs}, ox, rngEval)
		if err != nil {
			return met, fig, err
		}
		met.CeilingKBits, met.CeilingKStdErrBits = &ob.K, &ob.KStdErr
		fmt.Fprintf(stderr, "heartbeat: ceiling (best factorised kernel): %v\n", ob)
	}
	met.EvalSeconds = time.Since(evalStart).Seconds()
	var trueLL float64
	for _, q := range seqs {
		trueLL += datasets.HeartbeatLogProb(q) / math.Ln2 / float64(len(seqs))
	}
	met.KBits, met.KStdErrBits = b.K, b.KStdErr
	met.KMinusNullBits, met.KMinusNullStdErrBits = b.KMinusLnull, b.KMinusLnullStdErr
	met.NullBits, met.EdgeEntropyBits = b.Lnull, b.Edge
	met.TrueLogLikBits = trueLL
	met.PaperKBits, met.PaperKMinusNull = paperHeartbeatK, paperHeartbeatKMNull
	met.ISLogLikBits, met.ISLogLikStdErrBits = ll.LogLik, ll.StdErr
	met.SingleTrajKBits, met.SingleTrajKStdErrBits = ll.SingleTraj, ll.SingleTrajStdErr
	met.ExactFraction = float64(exact) / float64(c.Samples)
	met.Samples, met.Chains = c.Samples, b.Chains
	met.KLPerStepBits = b.KLPerStep
	prov.WallSecond = time.Since(wallStart).Seconds()
	met.Seed, met.GitCommit, met.Provenance = c.Seed, prov.GitCommit, prov
	fmt.Fprintf(stderr, "heartbeat: K = %.4f ± %.4f bits (paper %.3f), K − L_null = %.3f, IS log p = %.4f, exact heartbeats %.1f%%, trained %.0f s\n",
		met.KBits, met.KStdErrBits, paperHeartbeatK, met.KMinusNullBits, met.ISLogLikBits, 100*met.ExactFraction, met.TrainSeconds)
	fig = heartbeatFigureData(xs, xT, m.D, 20)
	return met, fig, nil
}

// heartbeatFigureData aligns the first rows samples so that a pulse falls in the first
// column (a circular shift by the phase that best matches the heartbeat pattern, as in the
// paper's Figure 2) and keeps each sample's initial noise x^(T) unshifted beside it.
func heartbeatFigureData(xs, xT []float64, D, rows int) heartbeatFigure {
	var f heartbeatFigure
	n := len(xs) / D
	for r := 0; r < min(rows, n); r++ {
		x := xs[r*D : (r+1)*D]
		best, bestScore := 0, -1
		for p := range datasets.HeartbeatPeriod {
			score := 0
			for j, v := range x {
				if (j%datasets.HeartbeatPeriod == p) == (v == 1) {
					score++
				}
			}
			if score > bestScore {
				best, bestScore = p, score
			}
		}
		row := make([]float64, D)
		for j := range row {
			row[j] = x[(j+best)%D]
		}
		f.Samples = append(f.Samples, row)
		f.Noise = append(f.Noise, append([]float64(nil), xT[r*D:(r+1)*D]...))
	}
	return f
}
