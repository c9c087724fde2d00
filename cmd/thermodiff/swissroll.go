package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"time"

	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
)

func init() {
	registerExperiment(experiment{
		Name: "swissroll", Resumable: true, Order: 1,
		Summary: "2-D Swiss roll, Gaussian diffusion, T = 40, the paper's 16-unit normalized RBF network (Table 1, Figure 1)",
		Run: func(args []string, stderr io.Writer) error {
			return runSwissRoll("swissroll", paperSwissRollDefaults, args, stderr)
		},
	})
	registerExperiment(experiment{
		Name: "swissroll-mlp", Resumable: true, Order: 2,
		Summary: "the same Swiss roll and schedule with a 2→128→128→128 MLP and learned β_2…T (beyond the paper's network)",
		Run: func(args []string, stderr io.Writer) error {
			return runSwissRoll("swissroll-mlp", mlpSwissRollDefaults, args, stderr)
		},
	})
}

// paperSwissRollDefaults is the paper's setting (App. D.1.1, §2.4.1): the 16-unit normalized
// RBF, β_2…T learned by gradient ascent on K from a geometric start, a small fixed β_1, T = 40.
// The data thickness and β_1 are not given by the paper; 0.01 raw noise and β_1 = 1e-6 leave a
// ceiling above the paper's 2.35 bits (RESULTS.md).
func paperSwissRollDefaults(c *swissRollConfig) {
	c.Model = "rbf"
	c.Train.Steps = 30000
	c.Train.LR, c.Train.LRFinal = 3e-2, 1e-3
	c.Train.LearnBeta = true // §2.4.1: β_2…T learned by gradient ascent on K, β_1 fixed
}

// mlpSwissRollDefaults keeps the data and schedule and swaps in a higher-capacity network and
// the paper's learned schedule: the setting that beats the paper's K in minutes.
func mlpSwissRollDefaults(c *swissRollConfig) {
	c.Model = "mlp"
	c.Train.Steps = 10000
	c.Train.LR, c.Train.LRFinal = 1e-2, 1e-4
	c.Train.LearnBeta = true
}

// swissRollConfig is the experiment's full configuration; its defaults are the quick
// reproduction run by `reproduce all`.
type swissRollConfig struct {
	Out      string
	Seed     uint64
	T        int
	Schedule string
	Beta1    float64
	BetaT    float64
	Noise    float64
	Model    string
	Units    int
	Param    string
	// TSampling is "uniform" (default) or "importance" (diffusion.ImportanceT).
	TSampling string
	Train     diffusion.TrainConfig
	Holdout   int
	ISPoints  int
	ISTraj    int
	Samples   int
	// CheckpointEvery is the number of steps between checkpoints (0: only at the end and on
	// interrupt); Resume continues from OUT/swissroll/checkpoint.gob.
	CheckpointEvery int
	Resume          bool
	Fresh           bool
}

func parseSwissRoll(name string, defaults func(*swissRollConfig), args []string, stderr io.Writer) (swissRollConfig, error) {
	c := swissRollConfig{Train: diffusion.DefaultTrainConfig(), Model: "rbf"}
	defaults(&c)
	fs := flag.NewFlagSet("reproduce "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Out, "out", "reports", "output directory (results go to OUT/"+name+")")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed (training, evaluation and sampling streams derive from it)")
	fs.IntVar(&c.T, "T", 40, "number of diffusion steps")
	fs.StringVar(&c.Schedule, "schedule", "geometric", "β schedule: geometric (β_1 … β_T), reference (the reference code's 1/linspace(T,2,T)), linear, cosine")
	fs.Float64Var(&c.Beta1, "beta1", 1e-6, "β_1 for the geometric and linear schedules (the fixed last step's noise floor)")
	fs.Float64Var(&c.BetaT, "betaT", 0.5, "β_T for the geometric and linear schedules")
	fs.Float64Var(&c.Noise, "noise", 0.01, "Swiss roll thickness: raw isotropic noise before standardization")
	fs.StringVar(&c.Model, "model", c.Model, "reverse network: rbf (the paper's 16-unit normalized RBF) or mlp (2→128→128→128 LeakyReLU)")
	fs.IntVar(&c.Units, "units", 16, "RBF hidden units (a square: 16 = 4×4)")
	fs.StringVar(&c.Param, "param", "reference", paramHelp)
	fs.StringVar(&c.TSampling, "t-sampling", "uniform", "training steps t: uniform or importance (p_t ∝ √E[L_t²], Nichol & Dhariwal 2021)")
	fs.IntVar(&c.Train.Steps, "steps", c.Train.Steps, "training steps")
	fs.IntVar(&c.Train.Batch, "batch", c.Train.Batch, "training batch size")
	fs.Float64Var(&c.Train.LR, "lr", c.Train.LR, "initial learning rate (decays exponentially to -lr-final)")
	fs.Float64Var(&c.Train.LRFinal, "lr-final", c.Train.LRFinal, "final learning rate")
	fs.StringVar(&c.Train.Optimizer, "optimizer", c.Train.Optimizer, "adam or rmsprop")
	fs.BoolVar(&c.Train.LearnBeta, "learn-beta", c.Train.LearnBeta, "learn β_2…β_T by gradient ascent on K (the paper's §2.4.1); β_1 stays fixed")
	fs.Float64Var(&c.Train.BetaLR, "beta-lr", c.Train.BetaLR, "learning rate of the schedule's logits with -learn-beta")
	fs.IntVar(&c.Holdout, "holdout", 20000, "holdout points for the bound K (all T−1 terms each)")
	fs.IntVar(&c.ISPoints, "is-points", 2000, "holdout points for the importance-sampled log-likelihood")
	fs.IntVar(&c.ISTraj, "is-traj", 100, "forward trajectories per point for the importance-sampled log-likelihood")
	fs.IntVar(&c.Samples, "samples", 1500, "samples drawn for Figure 1 (forward and reverse, every step on the slider)")
	fs.IntVar(&c.CheckpointEvery, "checkpoint-every", 5000, "steps between checkpoints to OUT/"+name+"/checkpoint.gob (0: only at the end and on interrupt)")
	fs.BoolVar(&c.Resume, "resume", false, "continue training from OUT/"+name+"/checkpoint.gob (same flags and seed; -steps cannot change: the learning rate decays exponentially over them)")
	fs.BoolVar(&c.Fresh, "fresh", false, "discard OUT/"+name+"/checkpoint.gob of an interrupted run and train from the start")
	if err := parseFlags(fs, args, stderr, false); err != nil {
		return c, err
	}
	return c, c.validate()
}

// validate checks every flag (before anything is created or computed).
func (c *swissRollConfig) validate() error {
	var ck checks
	ck.atLeast("T", c.T, 2)
	ck.oneOf("schedule", c.Schedule, "geometric", "reference", "linear", "cosine")
	ck.openUnit("beta1", c.Beta1)
	ck.openUnit("betaT", c.BetaT)
	ck.nonNegative("noise", c.Noise)
	ck.oneOf("model", c.Model, "rbf", "mlp")
	ck.square("units", c.Units)
	ck.oneOf("param", c.Param, "reference", "paper", "eps", "range")
	ck.oneOf("t-sampling", c.TSampling, "uniform", "importance")
	ck.atLeast("steps", c.Train.Steps, 1)
	ck.atLeast("batch", c.Train.Batch, 1)
	ck.rate("lr", c.Train.LR)
	ck.rate("lr-final", c.Train.LRFinal)
	ck.oneOf("optimizer", c.Train.Optimizer, "adam", "rmsprop")
	ck.rate("beta-lr", c.Train.BetaLR)
	ck.atLeast("holdout", c.Holdout, 2)
	ck.atLeast("is-points", c.ISPoints, 1)
	ck.atLeast("is-traj", c.ISTraj, 1)
	ck.atLeast("samples", c.Samples, 1)
	ck.atLeast("checkpoint-every", c.CheckpointEvery, 0)
	if ck.err != nil {
		return ck.err
	}
	if c.Train.LearnBeta {
		switch p, _ := parseParam(c.Param); {
		case !p.SupportsLearnBeta():
			return fmt.Errorf("%w: -learn-beta supports -param reference and paper, not %s (pass -learn-beta=false)", errUsage, c.Param)
		case c.TSampling == "importance":
			return fmt.Errorf("%w: -learn-beta does not support -t-sampling importance (pass -learn-beta=false)", errUsage)
		}
	}
	if err := checkMemory(c.memory()...); err != nil {
		return err
	}
	// The schedule's own checks (e.g. a linear schedule's endpoints); cheap once -T fits.
	if _, err := c.schedule(); err != nil {
		return err
	}
	return nil
}

// memory estimates the largest arrays of a run: the per-step readouts and schedule (∝ T), a
// training batch's activations, the holdout, the importance-sampling trajectories and the
// reverse samples kept at every step for Figure 1 (and written into the report).
func (c swissRollConfig) memory() []memTerm {
	const D = 2
	width, perRow := 128, 5000.0 // the MLP's last hidden layer; its activations per row
	if c.Model == "rbf" {
		width, perRow = c.Units, 16*f64(c.Units)+100
	}
	T := f64(c.T)
	return []memTerm{
		{"-T", "the per-step readouts and the schedule", T * (f64(width*2*D)*bytesPerParam + 200), false},
		{"-batch", "a training batch's activations", f64(c.Train.Batch) * (perRow + 100), true},
		{"-holdout", "the holdout points", f64(c.Holdout) * 40, false},
		{"-is-traj", "the importance-sampling trajectories", f64(min(256, c.ISPoints, c.Holdout)) * f64(c.ISTraj) * (80 + perRow), true},
		{"-samples, -T", "the reverse samples at every step (Figure 1)", f64(c.Samples) * ((T+1)*56 + perRow), true},
	}
}

// runSpec is the run as its checkpoint records it: the flags that define the training.
func (c swissRollConfig) runSpec(name string) runSpec {
	fixed, why := lrStepsFixed(c.Train.LRDecay)
	return runSpec{Name: name, Out: c.Out, Seed: c.Seed, Steps: c.Train.Steps, StepsFixed: fixed, StepsWhy: why,
		Resume: c.Resume, Fresh: c.Fresh,
		Settings: map[string]any{
			"-T": c.T, "-schedule": c.Schedule, "-beta1": c.Beta1, "-betaT": c.BetaT, "-noise": c.Noise,
			"-model": c.Model, "-units": c.Units, "-param": c.Param, "-t-sampling": c.TSampling,
			"-batch": c.Train.Batch, "-lr": c.Train.LR, "-lr-final": c.Train.LRFinal, "-optimizer": c.Train.Optimizer,
			"-learn-beta": c.Train.LearnBeta, "-beta-lr": c.Train.BetaLR,
		}}
}

func (c swissRollConfig) schedule() (*diffusion.Schedule, error) {
	var s *diffusion.Schedule
	var err error
	switch c.Schedule {
	case "reference":
		s, err = diffusion.ReferenceSchedule(c.T, 0.001)
	case "geometric":
		s, err = diffusion.GeometricSchedule(c.T, c.Beta1, c.BetaT)
	case "linear":
		s, err = diffusion.LinearSchedule(c.T, c.Beta1, c.BetaT)
	case "cosine":
		s, err = diffusion.CosineSchedule(c.T, 0.008)
	default:
		return nil, fmt.Errorf("%w: unknown -schedule %q (geometric, reference, linear, cosine)", errUsage, c.Schedule)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	return s, nil
}

func (c swissRollConfig) model(rng *rand.Rand) (*diffusion.Model, error) {
	s, err := c.schedule()
	if err != nil {
		return nil, err
	}
	p, err := parseParam(c.Param)
	if err != nil {
		return nil, err
	}
	var net diffusion.ReverseNet
	switch c.Model {
	case "rbf":
		net, err = diffusion.NewRBFNet(2, c.T, c.Units, rng)
	case "mlp":
		net, err = diffusion.NewMLPNet(2, c.T, []int{128, 128, 128}, rng)
	default:
		return nil, fmt.Errorf("%w: unknown -model %q (rbf, mlp)", errUsage, c.Model)
	}
	if err != nil {
		return nil, err
	}
	return &diffusion.Model{Sched: s, Net: net, Param: p}, nil
}

func (c swissRollConfig) settings() map[string]any {
	return map[string]any{
		"T": c.T, "schedule": c.Schedule, "beta1": c.Beta1, "betaT": c.BetaT, "noise": c.Noise,
		"model": c.Model, "units": c.Units, "param": c.Param, "t_sampling": c.TSampling, "steps": c.Train.Steps, "batch": c.Train.Batch,
		"lr": c.Train.LR, "lr_final": c.Train.LRFinal, "optimizer": c.Train.Optimizer,
		"learn_beta": c.Train.LearnBeta, "beta_lr": c.Train.BetaLR,
		"holdout": c.Holdout, "is_points": c.ISPoints, "is_traj": c.ISTraj, "samples": c.Samples,
	}
}

// swissRollMetrics is DIR/swissroll/metrics.json.
type swissRollMetrics struct {
	KBits              float64    `json:"K_bits"`
	KStdErrBits        float64    `json:"K_stderr_bits"`
	KMinusNullBits     float64    `json:"K_minus_Lnull_bits"`
	NullBits           float64    `json:"Lnull_bits"`
	ISLogLikBits       float64    `json:"IS_loglik_bits"`
	ISLogLikStdErrBits float64    `json:"IS_loglik_stderr_bits"`
	SingleTrajKBits    float64    `json:"single_traj_K_bits"`
	CeilingBits        float64    `json:"K_minus_Lnull_ceiling_bits"`
	PaperKBits         float64    `json:"paper_K_bits"`
	PaperKMinusNull    float64    `json:"paper_K_minus_Lnull_bits"`
	TrainSeconds       float64    `json:"train_seconds"`
	StepsPerSecond     float64    `json:"train_steps_per_second"`
	Params             int        `json:"parameters"`
	Seed               uint64     `json:"seed"`
	GitCommit          string     `json:"git_commit"`
	Provenance         provenance `json:"provenance"`
	KLPerStepBits      []float64  `json:"KL_per_step_bits"`
	Curve              []curvePt  `json:"training_curve"`
}

type curvePt struct {
	Step  int     `json:"step"`
	KBits float64 `json:"K_bits"`
	LR    float64 `json:"lr"`
}

// Paper's Table 1 row "Swiss Roll".
const (
	paperSwissRollK      = 2.35
	paperSwissRollKMNull = 6.45
)

// runSwissRoll trains, evaluates and reports one Swiss roll run into OUT/name.
func runSwissRoll(name string, defaults func(*swissRollConfig), args []string, stderr io.Writer) error {
	c, err := parseSwissRoll(name, defaults, args, stderr)
	if err != nil {
		return err
	}
	spec := c.runSpec(name)
	if err := spec.preflight(stderr); err != nil {
		return err
	}
	printBackend(stderr)
	data, err := datasets.NewSwissRoll(c.Noise)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	// Independent streams: network init, training, evaluation, sampling.
	rngInit := rand.New(rand.NewPCG(c.Seed, 1))
	srcTrain := rand.NewPCG(c.Seed, 2)
	rngTrain := rand.New(srcTrain)
	rngEval := rand.New(rand.NewPCG(c.Seed, 3))
	rngSample := rand.New(rand.NewPCG(c.Seed, 4))
	m, err := c.model(rngInit)
	if err != nil {
		return err
	}
	dir, err := experimentDir(c.Out, name)
	if err != nil {
		return err
	}
	switch c.TSampling {
	case "uniform":
	case "importance":
		if c.Train.TSampler, err = diffusion.NewImportanceT(c.T); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: unknown -t-sampling %q (uniform, importance)", errUsage, c.TSampling)
	}
	prov := newProvenance(c.Seed, c.settings())
	start := time.Now()
	tr, err := diffusion.NewTrainer(m, c.Train)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	sess, err := startTrainSession(spec, tr, srcTrain, c.CheckpointEvery, stderr)
	if err != nil {
		return err
	}
	defer sess.close()
	fmt.Fprintf(stderr, "%s: training %s net (%d parameters), %s schedule (β_1 = %.3g, ᾱ_T = %.4f), %d steps of %d\n", name,
		c.Model, nnParams(m), c.Schedule, m.Sched.Beta[1], m.Sched.AlphaBar[c.T], c.Train.Steps, c.Train.Batch)
	last := time.Now()
	curve, err := tr.Run(data.Fill, rngTrain, func(p diffusion.TrainPoint) {
		if time.Since(last) > 2*time.Second || p.Step == c.Train.Steps {
			last = time.Now()
			fmt.Fprintf(stderr, "%s: step %6d/%d  train K ≈ %7.3f bits  lr %.2g  (%.0f s)\n", name, p.Step, c.Train.Steps, p.KBits, p.LR, sess.elapsed())
		}
		sess.periodic(p)
	}, sess.stop)
	trainSec, err := sess.finish(err)
	sess.close()
	if err != nil {
		return err
	}
	curve = sess.curve // the whole run's, earlier interrupted processes included

	fmt.Fprintf(stderr, "%s: evaluating K on %d holdout points (all %d terms each)\n", name, c.Holdout, c.T-1)
	holdout := data.Sample(c.Holdout, rngEval)
	bound, err := m.EvalBound(holdout, rngEval)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, bound)
	fmt.Fprintf(stderr, "%s: importance-sampled log-likelihood, %d points × %d trajectories\n", name, c.ISPoints, c.ISTraj)
	isl, err := m.ISLogLik(holdout[:2*min(c.ISPoints, c.Holdout)], c.ISTraj, rngEval)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s: IS log p = %.3f ± %.3f bits (single-trajectory mean %.3f)\n", name, isl.LogLikBits, isl.StdErrBits, isl.SingleTrajBits)

	prov.WallSecond = time.Since(start).Seconds()
	met := swissRollMetrics{
		KBits: bound.KBits, KStdErrBits: bound.KStdErrBits, KMinusNullBits: bound.KMinusNullBits, NullBits: bound.NullBits,
		ISLogLikBits: isl.LogLikBits, ISLogLikStdErrBits: isl.StdErrBits, SingleTrajKBits: isl.SingleTrajBits,
		CeilingBits: m.Sched.BoundConstant(2) / diffusion.Ln2,
		PaperKBits:  paperSwissRollK, PaperKMinusNull: paperSwissRollKMNull,
		TrainSeconds: trainSec, StepsPerSecond: sess.stepsPerSecond(trainSec), Params: nnParams(m),
		Seed: c.Seed, GitCommit: prov.GitCommit, Provenance: prov, KLPerStepBits: bound.KLPerStepBits,
	}
	for _, p := range curve {
		met.Curve = append(met.Curve, curvePt{Step: p.Step, KBits: p.KBits, LR: p.LR})
	}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), met); err != nil {
		return err
	}
	if err := writeSwissRollReport(filepath.Join(dir, "report.html"), m, curve, bound, isl, met, c, data, rngSample, args); err != nil {
		return err
	}
	if err := spec.finished(tr.Step); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%s: wrote %s and %s\n", name, filepath.Join(dir, "metrics.json"), filepath.Join(dir, "report.html"))
	return nil
}

func nnParams(m *diffusion.Model) int {
	n := 0
	for _, p := range m.Net.Params() {
		n += len(p.W)
	}
	return n
}
