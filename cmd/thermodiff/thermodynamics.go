package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/thermodiff/thermodiff/analysis"
	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
)

func init() {
	registerExperiment(experiment{
		Name: "thermodynamics", Order: 5,
		Summary: "a trained Swiss roll model as a nonequilibrium process: Jarzynski/eq. 9, dissipated work, BDMC vs exact density, ODE likelihood",
		Run:     runThermodynamics,
	})
}

// thermoDefaults are the Swiss roll settings of the quick accounting run (an MLP, lr 1e-2 →
// 1e-4, 1500 steps): a roll thick enough
// (raw noise 0.25, the peers' default) and a first step wide enough (β_1 = 1e-3) for the exact
// grid integral to fit in memory; the comparison-table models (noise 0.01, β_1 = 1e-6) are
// 0.0015 thick in standardized units and would need ~10⁸ grid cells.
var thermoDefaults = []string{"-noise", "0.25", "-beta1", "1e-3", "-steps", "1500", "-holdout", "2000"}

type thermoConfig struct {
	Out, From string
	Acc       analysis.ThermoConfig
	SR        swissRollConfig
	SRArgs    []string
}

func parseThermodynamics(args []string, stderr io.Writer) (thermoConfig, error) {
	var c thermoConfig
	fs := flag.NewFlagSet("reproduce thermodynamics", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: thermodiff reproduce thermodynamics [flags] [-- swissroll flags]")
		fmt.Fprintf(stderr, "The model is the Swiss roll experiment's, with its flags after --; defaults %v.\n", thermoDefaults)
		fs.PrintDefaults()
	}
	var seed uint64
	fs.StringVar(&c.Out, "out", "reports", "output directory (results go to OUT/thermodynamics)")
	fs.Uint64Var(&seed, "seed", 1, "random seed (as the swissroll experiment's -seed)")
	fs.StringVar(&c.From, "from", "", "a swissroll output directory (holding checkpoint.gob) to analyse instead of training; give its swissroll flags after --")
	fs.IntVar(&c.Acc.Points, "points", 100, "held-out points for the per-point Jarzynski estimate and the exact density")
	fs.IntVar(&c.Acc.Traj, "traj", 100, "forward trajectories per point")
	fs.IntVar(&c.Acc.Samples, "samples", 300, "model samples for the BDMC sandwich")
	fs.IntVar(&c.Acc.ODEPoints, "ode-points", 100, "held-out points for the probability-flow ODE (negative: skip)")
	fs.Float64Var(&c.Acc.ODETol, "ode-tol", 1e-5, "relative and absolute tolerance of the ODE integrator")
	fs.BoolVar(&c.Acc.NoGrid, "no-grid", false, "skip the exact grid integral")
	if err := parseFlags(fs, args, stderr, true); err != nil {
		return c, err
	}
	var ck checks
	ck.atLeast("points", c.Acc.Points, 2)
	ck.atLeast("traj", c.Acc.Traj, 2)
	ck.atLeast("samples", c.Acc.Samples, 2)
	ck.rate("ode-tol", c.Acc.ODETol)
	if ck.err != nil {
		return c, ck.err
	}
	if c.From != "" {
		if _, err := os.Stat(filepath.Join(c.From, "checkpoint.gob")); err != nil {
			return c, fmt.Errorf("%w: -from %s holds no checkpoint.gob (give a swissroll output directory, e.g. OUT/swissroll)", errUsage, c.From)
		}
	}
	c.SRArgs = append(append(append([]string{}, thermoDefaults...), "-seed", fmt.Sprint(seed)), fs.Args()...)
	sr, err := parseSwissRoll("swissroll", func(c *swissRollConfig) {
		c.Model, c.Train.LR, c.Train.LRFinal = "mlp", 1e-2, 1e-4
	}, c.SRArgs, stderr)
	if err != nil {
		return c, err
	}
	if sr.Holdout < c.Acc.Points || sr.Holdout < c.Acc.ODEPoints {
		return c, fmt.Errorf("%w: the swissroll -holdout (%d) must cover -points and -ode-points", errUsage, sr.Holdout)
	}
	c.SR = sr
	return c, checkMemory(c.memory()...)
}

// memory estimates the largest arrays: the swissroll model's (training, holdout) and the
// accounting's trajectories, every step of every trajectory kept, 256 points at a time.
func (c thermoConfig) memory() []memTerm {
	sr := c.SR
	steps := f64(sr.T+1) * 2 * 8
	terms := c.SR.memory()[:3] // readouts and schedule, a training batch, the holdout
	traj := f64(c.Acc.Traj)
	return append(terms,
		memTerm{"-samples, -points, -traj", "the model samples and every trajectory's work", f64(c.Acc.Samples)*(32+8*traj) + f64(c.Acc.Points)*(32+8*traj), false},
		memTerm{"-traj, -T", "the forward trajectories of the held-out points", f64(min(256, c.Acc.Points)) * f64(c.Acc.Traj) * steps, true},
		memTerm{"-samples, -traj, -T", "the model samples and their forward trajectories", f64(min(4096, c.Acc.Samples))*steps + f64(min(256, c.Acc.Samples))*f64(c.Acc.Traj)*steps, true},
	)
}

// thermoMetrics is DIR/thermodynamics/metrics.json.
type thermoMetrics struct {
	KBits                  float64    `json:"K_bits"`
	KStdErrBits            float64    `json:"K_stderr_bits"`
	MeanLogWBits           float64    `json:"single_traj_bound_bits"`
	EXPBits                float64    `json:"jarzynski_loglik_bits"`
	EXPStdErrBits          float64    `json:"jarzynski_loglik_stderr_bits"`
	GridBits               float64    `json:"exact_loglik_bits"`
	GridStdErrBits         float64    `json:"exact_loglik_stderr_bits"`
	EXPMinusGridBits       float64    `json:"jarzynski_minus_exact_bits"`
	EXPMinusGridStdErrBits float64    `json:"jarzynski_minus_exact_stderr_bits"`
	ZWithin2               float64    `json:"fraction_abs_z_below_2"`
	MaxAbsZ                float64    `json:"max_abs_z"`
	GridNote               string     `json:"grid_note,omitempty"`
	DissipatedBits         float64    `json:"dissipated_work_bits"`
	DissipatedStdErrBits   float64    `json:"dissipated_work_stderr_bits"`
	BDMCLowerBits          float64    `json:"bdmc_lower_bits"`
	BDMCLowerStdErrBits    float64    `json:"bdmc_lower_stderr_bits"`
	BDMCExactBits          float64    `json:"bdmc_exact_bits"`
	BDMCExactStdErrBits    float64    `json:"bdmc_exact_stderr_bits"`
	BDMCUpperBits          float64    `json:"bdmc_upper_bits"`
	BDMCUpperStdErrBits    float64    `json:"bdmc_upper_stderr_bits"`
	ODEBits                float64    `json:"ode_loglik_bits"`
	ODEStdErrBits          float64    `json:"ode_loglik_stderr_bits"`
	ODEEvals               int        `json:"ode_function_evals"`
	TrainSeconds           float64    `json:"train_seconds"`
	AccountingSeconds      float64    `json:"accounting_seconds"`
	Seed                   uint64     `json:"seed"`
	GitCommit              string     `json:"git_commit"`
	Provenance             provenance `json:"provenance"`
	ForwardStepWorkBits    []float64  `json:"forward_step_work_bits"`
	ReverseStepWorkBits    []float64  `json:"reverse_step_work_bits"`
	EntropyLearnedBits     []float64  `json:"reverse_entropy_bits"`
	EntropyProductionBits  []float64  `json:"forward_entropy_production_bits"`
}

func jsonNum(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

func runThermodynamics(args []string, stderr io.Writer) error {
	c, err := parseThermodynamics(args, stderr)
	if err != nil {
		return err
	}
	if err := checkOutDir(c.Out, "thermodynamics"); err != nil {
		return err
	}
	removeStaleTemps(filepath.Join(c.Out, "thermodynamics"), stderr)
	printBackend(stderr)
	sr := c.SR
	data, err := datasets.NewSwissRoll(sr.Noise)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	// The swissroll experiment's streams, so that -from reproduces its model and holdout.
	rngInit := rand.New(rand.NewPCG(sr.Seed, 1))
	srcTrain := rand.NewPCG(sr.Seed, 2)
	rngEval := rand.New(rand.NewPCG(sr.Seed, 3))
	rngAcc := rand.New(rand.NewPCG(sr.Seed, 5))
	m, err := sr.model(rngInit)
	if err != nil {
		return err
	}
	if sr.TSampling == "importance" {
		if sr.Train.TSampler, err = diffusion.NewImportanceT(sr.T); err != nil {
			return err
		}
	}
	dir, err := experimentDir(c.Out, "thermodynamics")
	if err != nil {
		return err
	}
	settings := sr.settings()
	settings["from"], settings["points"], settings["traj"], settings["samples"] = c.From, c.Acc.Points, c.Acc.Traj, c.Acc.Samples
	settings["ode_points"], settings["ode_tol"] = c.Acc.ODEPoints, c.Acc.ODETol
	prov := newProvenance(sr.Seed, settings)
	start := time.Now()
	tr, err := diffusion.NewTrainer(m, sr.Train)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if c.From != "" {
		path := filepath.Join(c.From, "checkpoint.gob")
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("-from: %w", err)
		}
		if err := tr.UnmarshalCheckpoint(b, srcTrain); err != nil {
			return fmt.Errorf("-from %s (give its swissroll flags after --): %w", path, err)
		}
		fmt.Fprintf(stderr, "thermodynamics: loaded %s (step %d)\n", path, tr.Step)
	} else {
		fmt.Fprintf(stderr, "thermodynamics: training %s net, %d steps (noise %.3g, β_1 = %.3g)\n", sr.Model, sr.Train.Steps, sr.Noise, sr.Beta1)
		if _, err := tr.Run(data.Fill, rand.New(srcTrain), nil, nil); err != nil {
			return err
		}
	}
	trainSec := time.Since(start).Seconds()
	holdout := data.Sample(sr.Holdout, rngEval)
	bound, err := m.EvalBound(holdout, rngEval)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "thermodynamics: %v\n", bound)
	t0 := time.Now()
	c.Acc.RollNoise = sr.Noise
	acc, err := analysis.NewThermoAccounting(m, holdout, c.Acc, rngAcc)
	if err != nil {
		return err
	}
	accSec := time.Since(t0).Seconds()
	maxZ := 0.0
	for _, z := range acc.Z {
		if !math.IsNaN(z) {
			maxZ = math.Max(maxZ, math.Abs(z))
		}
	}
	fmt.Fprintf(stderr, "thermodynamics: Jarzynski ln p = %.3f ± %.3f bits, exact %.3f ± %.3f, paired difference %.4f ± %.4f (%.0f%% |z| < 2, max |z| %.2f)\n",
		acc.MeanEXPBits, acc.MeanEXPStdErrBits, acc.MeanGridBits, acc.MeanGridStdErrBits, acc.MeanEXPMinusGridBits, acc.MeanEXPMinusGridStdErrBits, 100*acc.ZWithin(2), maxZ)
	if acc.GridNote != "" {
		fmt.Fprintf(stderr, "thermodynamics: grid integral skipped: %s\n", acc.GridNote)
	}
	fmt.Fprintf(stderr, "thermodynamics: dissipated work %.3f ± %.3f bits; BDMC %.3f ± %.3f ≤ %.3f ± %.3f (exact) ≤ %.3f ± %.3f; ODE ln p = %.3f ± %.3f bits (%d evaluations)\n",
		acc.DissipatedBits, acc.DissipatedStdErrBits, acc.BDMCLowerBits, acc.BDMCLowerStdErrBits, acc.BDMCExactBits, acc.BDMCExactStdErrBits,
		acc.BDMCUpperBits, acc.BDMCUpperStdErrBits, acc.ODEBits, acc.ODEStdErrBits, acc.ODEEvals)
	prov.WallSecond = time.Since(start).Seconds()
	met := thermoMetrics{
		KBits: bound.KBits, KStdErrBits: bound.KStdErrBits, MeanLogWBits: acc.MeanLogWBits,
		EXPBits: acc.MeanEXPBits, EXPStdErrBits: acc.MeanEXPStdErrBits,
		GridBits: jsonNum(acc.MeanGridBits), GridStdErrBits: jsonNum(acc.MeanGridStdErrBits),
		EXPMinusGridBits: jsonNum(acc.MeanEXPMinusGridBits), EXPMinusGridStdErrBits: jsonNum(acc.MeanEXPMinusGridStdErrBits),
		ZWithin2: jsonNum(acc.ZWithin(2)), MaxAbsZ: maxZ, GridNote: acc.GridNote,
		DissipatedBits: acc.DissipatedBits, DissipatedStdErrBits: acc.DissipatedStdErrBits,
		BDMCLowerBits: acc.BDMCLowerBits, BDMCLowerStdErrBits: acc.BDMCLowerStdErrBits,
		BDMCExactBits: jsonNum(acc.BDMCExactBits), BDMCExactStdErrBits: jsonNum(acc.BDMCExactStdErrBits),
		BDMCUpperBits: acc.BDMCUpperBits, BDMCUpperStdErrBits: acc.BDMCUpperStdErrBits,
		ODEBits: jsonNum(acc.ODEBits), ODEStdErrBits: jsonNum(acc.ODEStdErrBits), ODEEvals: acc.ODEEvals,
		TrainSeconds: trainSec, AccountingSeconds: accSec, Seed: sr.Seed, GitCommit: prov.GitCommit, Provenance: prov,
		ForwardStepWorkBits: acc.ForwardStepWorkBits, ReverseStepWorkBits: acc.ReverseStepWorkBits,
		EntropyLearnedBits: acc.EntropyLearned, EntropyProductionBits: acc.EntropyProductionBits,
	}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), met); err != nil {
		return err
	}
	aprov := analysis.NewProvenance("thermodiff reproduce thermodynamics "+strings.Join(args, " "), sr.Seed, analysis.SettingsFromMap(settings))
	aprov.Commit = prov.GitCommit
	aprov.WallTime = time.Duration(prov.WallSecond * float64(time.Second))
	notes := []string{
		fmt.Sprintf("Model: the swissroll experiment's (%s net, %s parameterization, %s schedule with β_1 = %.3g, raw roll noise %.3g, %d steps%s).",
			sr.Model, sr.Param, sr.Schedule, sr.Beta1, sr.Noise, tr.Step, map[bool]string{true: ", loaded from " + c.From, false: ""}[c.From != ""]),
		"Work W = −ln[π(x^(T)) ∏_t p(x^(t−1)|x^(t))/q(x^(t)|x^(t−1))] (kT = 1), the last step being the fixed edge step of eq. 44. " +
			"Eq. 9 is Jarzynski's equality p(x⁰) = ⟨e^{−W}⟩; thermo.EXPForward gives −ln p per point with its delta-method error.",
		"Exact density: p(x^(t)) propagated backward from π on regular grids (spacing 0.4 × the narrowest reverse standard deviation of each step, kernels cut at 6–7σ, density cut 1e-13 of the maximum), the last step evaluated exactly at each point (diffusion.GridLogDensity).",
		"BDMC: a model sample's generating trajectory is an exact draw from the model's posterior over x^(1…T), so the mean of ln w along it is an upper bound on E ln p(x⁰) over model samples; forward importance sampling on the same samples is the lower bound.",
		"Probability-flow ODE: β(τ) piecewise constant (= −ln(1−β_t) on (t−1, t]), the score linear in τ between the per-step scores implied by the reverse means (Tweedie), s_2 held on [0, 2]; Dormand–Prince 5(4), exact 2×2 Jacobian trace. It is the likelihood of the deterministic flow of the learned score — a different model from the discrete chain.",
		"Forward entropy production KL(q_{t−1}‖π) − KL(q_t‖π) = H(q_t) − H(q_{t−1}) (the data have E‖x‖² = D), for the Swiss roll itself: H(q_t) by Monte Carlo with q_t's density a 1-D quadrature over the roll's angle (analysis.SwissRollEntropyProduction).",
	}
	if acc.GridNote != "" {
		notes = append(notes, "The grid integral was skipped: "+acc.GridNote)
	}
	if err := acc.Report(bound.KBits, bound.KStdErrBits, aprov, notes).WriteFile(filepath.Join(dir, "report.html")); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "thermodynamics: wrote %s and %s\n", filepath.Join(dir, "metrics.json"), filepath.Join(dir, "report.html"))
	return nil
}
