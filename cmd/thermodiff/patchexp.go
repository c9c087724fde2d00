package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/thermodiff/thermodiff/diffusion"
)

// The image experiments of issue 7 (dead leaves, texture, CIFAR-10) share one pipeline: a
// fully convolutional reverse network (diffusion.FCNNet) trained on patches, the sampled test
// bound, samples at a larger size (the same weights, on overlapping patch-size tiles or
// Resized: -large), inpainting of a central hole
// (Figure 5) and denoising at SNR 1 (Figure 3). This file holds the configuration, flags and
// the pipeline; each experiment supplies its data and its report text.

// patchConfig is the configuration shared by the patch experiments.
type patchConfig struct {
	Name            string
	Out             string
	Seed            uint64
	Full            bool
	T               int
	Net             diffusion.FCNConfig // Height, Width = the training patch
	Train           diffusion.TrainConfig
	TestPatches     int // holdout patches for the bound
	BoundK          int // steps t drawn per holdout patch
	Samples         int // samples drawn at SampleSize
	SampleSize      int // side of the samples (larger than the patch)
	Conditioned     int // holdout images inpainted and denoised
	CondSize        int // their side
	Hole            int // side of the central hole
	Chunk           int
	Objective       string // "bound" (the paper's: t uniform) or "simple" (t ∝ DDPM's noise-prediction weights)
	Param           diffusion.Parameterization
	Large           string // how images larger than the patch are run: "tiled" or "resized"
	TileStride      int    // tiled: pixels between tile origins
	CheckpointEvery int
	Resume          bool
	Fresh           bool
	settingsExtra   map[string]any // an experiment's own settings, recorded in the provenance
	trainSettings   map[string]any // an experiment's own flags that define its training data (by flag name)
}

// patchDefaults are an experiment's quick and full settings.
type patchDefaults struct {
	T                                  int
	Patch, FullPatch                   int
	Steps, FullSteps, Batch, FullBatch int
	Net, FullNet                       diffusion.FCNConfig
	SampleSize, FullSampleSize         int
	CondSize, FullCondSize             int
	Samples, FullSamples               int
	Test, FullTest                     int
	FullHelp                           string
}

// patchExtra registers an experiment's own flags on fs and returns their check, run after the
// shared flags are parsed and checked: it fills the defaults of its flags (set says which were
// given), records failures in ck and returns the memory its data take.
type patchExtra func(fs *flag.FlagSet) func(c *patchConfig, set map[string]bool, ck *checks) []memTerm

// parsePatch parses and checks the shared flags and an experiment's own (extra, may be nil).
func parsePatch(name string, d patchDefaults, args []string, stderr io.Writer, extra patchExtra) (patchConfig, error) {
	c := patchConfig{Name: name, Train: diffusion.DefaultTrainConfig()}
	c.Train.LR, c.Train.LRFinal, c.Train.LogEvery = 2e-3, 2e-4, 50
	fs := flag.NewFlagSet("reproduce "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Out, "out", "reports", "output directory (results go to OUT/"+name+")")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed (data, init, training, evaluation and sampling streams derive from it)")
	fs.BoolVar(&c.Full, "full", false, d.FullHelp)
	fs.IntVar(&c.T, "T", d.T, "number of diffusion steps (reference schedule, +0.001 at step 1)")
	steps := fs.Int("steps", 0, fmt.Sprintf("training steps (default %d quick, %d with -full)", d.Steps, d.FullSteps))
	batch := fs.Int("batch", 0, fmt.Sprintf("patches per step (default %d quick, %d with -full)", d.Batch, d.FullBatch))
	patch := fs.Int("patch", 0, fmt.Sprintf("training patch side in pixels (default %d quick, %d with -full)", d.Patch, d.FullPatch))
	fs.Float64Var(&c.Train.LR, "lr", c.Train.LR, "initial learning rate (Adam; see -lr-decay)")
	fs.Float64Var(&c.Train.LRFinal, "lr-final", c.Train.LRFinal, "final learning rate (exp) or floor (reference)")
	fs.StringVar(&c.Train.LRDecay, "lr-decay", c.Train.LRDecay, lrDecayHelp)
	fs.StringVar(&c.Objective, "objective", "bound", "training objective: bound (default; the paper's: t uniform, every KL_t as in K) or simple (DDPM's noise-prediction weighting, t drawn ∝ (1−β_t)(1−ᾱ_{t−1})/β_t, which weights large-scale structure more); K is what is evaluated and reported either way")
	param := fs.String("param", "reference", paramHelp)
	fs.Float64Var(&c.Train.EMA, "ema", 0, "decay of a moving average of the weights used for evaluation (0: none)")
	layers := fs.Int("layers", 0, "multi-scale conv layers (default: the quick or full network)")
	channels := fs.Int("channels", 0, "channels per conv layer (default: the quick or full network)")
	scales := fs.Int("scales", 0, "scales per multi-scale conv layer (default: the quick or full network)")
	act := fs.String("act", "leakyrelu", "nonlinearity: leakyrelu (reference code) or softplus (the paper's conv layers)")
	timeInput := fs.Bool("time-input", false, "also feed the step t to the convolutions as a constant input plane (beyond the paper: its conv layers see only x^(t), t enters through the bump readout)")
	upsample := fs.String("upsample", "nearest", "how the multi-scale layers upsample coarse scales: nearest (constant 2^s×2^s blocks) or bilinear (smooth); the paper does not say")
	workers := fs.Int("workers", 2, "goroutines a batch is split over")
	test := fs.Int("test", 0, fmt.Sprintf("holdout patches for the bound (default %d quick, %d with -full)", d.Test, d.FullTest))
	fs.IntVar(&c.BoundK, "bound-k", 4, "steps t drawn per holdout patch for the bound (stratified over 2…T)")
	samples := fs.Int("samples", 0, fmt.Sprintf("samples drawn (default %d quick, %d with -full)", d.Samples, d.FullSamples))
	sampleSize := fs.Int("sample-size", 0, fmt.Sprintf("side of the samples (default %d quick, %d with -full)", d.SampleSize, d.FullSampleSize))
	fs.IntVar(&c.Conditioned, "conditioned", 3, "holdout images inpainted and denoised")
	condSize := fs.Int("cond-size", 0, fmt.Sprintf("side of the inpainted/denoised images (default %d quick, %d with -full)", d.CondSize, d.FullCondSize))
	hole := fs.Int("hole", 0, "side of the central inpainting hole (default: 3/8 of -cond-size, rounded to even)")
	fs.IntVar(&c.Chunk, "chunk", 64, "rows per network call when sampling (memory)")
	fs.StringVar(&c.Large, "large", "tiled", "how the patch network runs on larger images (samples, inpainting, denoising): tiled (overlapping patch-size tiles, outputs blended; every context is one the network was trained on) or resized (the convolutions run on the whole image: far from its edge the network sees neighbourhoods without padding that it never saw in training)")
	tileStride := fs.Int("tile-stride", 0, "pixels between tile origins with -large tiled (default half the patch)")
	fs.IntVar(&c.CheckpointEvery, "checkpoint-every", 500, "steps between checkpoints to OUT/"+name+"/checkpoint.gob (0: only at the end and on interrupt)")
	fs.BoolVar(&c.Resume, "resume", false, "continue training from OUT/"+name+"/checkpoint.gob (same flags and seed; -steps may grow, see -lr-decay)")
	fs.BoolVar(&c.Fresh, "fresh", false, "discard OUT/"+name+"/checkpoint.gob of an interrupted run and train from the start")
	var extraCheck func(c *patchConfig, set map[string]bool, ck *checks) []memTerm
	if extra != nil {
		extraCheck = extra(fs)
	}
	if err := parseFlags(fs, args, stderr, false); err != nil {
		return c, err
	}
	set := flagsSet(fs)
	var ck checks
	for _, f := range []struct {
		name string
		v    int
	}{{"steps", *steps}, {"batch", *batch}, {"patch", *patch}, {"layers", *layers}, {"channels", *channels}, {"scales", *scales},
		{"test", *test}, {"samples", *samples}, {"sample-size", *sampleSize}, {"cond-size", *condSize}, {"hole", *hole}, {"tile-stride", *tileStride}} {
		ck.givenPositive(set, f.name, f.v)
	}
	if ck.err != nil {
		return c, ck.err
	}
	pick := func(flagV, quick, full int) int {
		switch {
		case flagV != 0:
			return flagV
		case c.Full:
			return full
		}
		return quick
	}
	c.Net = d.Net
	if c.Full {
		c.Net = d.FullNet
	}
	c.Train.Steps = pick(*steps, d.Steps, d.FullSteps)
	c.Train.Batch = pick(*batch, d.Batch, d.FullBatch)
	p := pick(*patch, d.Patch, d.FullPatch)
	c.Net.Height, c.Net.Width = p, p
	c.Net.ConvLayers = pick(*layers, c.Net.ConvLayers, c.Net.ConvLayers)
	c.Net.ConvChannels = pick(*channels, c.Net.ConvChannels, c.Net.ConvChannels)
	c.Net.Scales = pick(*scales, c.Net.Scales, c.Net.Scales)
	c.Net.Workers = *workers
	c.TestPatches = pick(*test, d.Test, d.FullTest)
	c.Samples = pick(*samples, d.Samples, d.FullSamples)
	c.SampleSize = pick(*sampleSize, d.SampleSize, d.FullSampleSize)
	c.CondSize = pick(*condSize, d.CondSize, d.FullCondSize)
	c.Hole = *hole
	c.TileStride = *tileStride
	if c.TileStride == 0 {
		c.TileStride = max(1, c.Net.Height/2)
	}
	if c.Hole == 0 {
		c.Hole = 2 * int(math.Round(float64(c.CondSize)*3/16))
	}
	ck.oneOf("upsample", *upsample, "nearest", "bilinear")
	c.Net.Upsample = *upsample
	c.Net.TimeInput = *timeInput
	ck.oneOf("param", *param, "reference", "paper", "eps", "range")
	c.Param, _ = parseParam(*param)
	ck.oneOf("act", *act, "leakyrelu", "softplus")
	c.Net.Act = *act
	c.checkShared(&ck)
	var mem []memTerm
	if ck.err == nil && extraCheck != nil {
		mem = extraCheck(&c, set, &ck)
	}
	if ck.err != nil {
		return c, ck.err
	}
	if err := c.Net.Validate(); err != nil {
		return c, fmt.Errorf("%w: %v", errUsage, err)
	}
	if err := c.Train.Validate(); err != nil {
		return c, fmt.Errorf("%w: %v", errUsage, err)
	}
	if err := checkMemory(append(c.memory(), mem...)...); err != nil {
		return c, err
	}
	return c, nil
}

// checkShared checks the shared flags once their defaults are filled in.
func (c *patchConfig) checkShared(ck *checks) {
	ck.atLeast("T", c.T, 2)
	ck.rate("lr", c.Train.LR)
	ck.rate("lr-final", c.Train.LRFinal)
	ck.oneOf("lr-decay", c.Train.LRDecay, "exp", "reference", "const")
	ck.oneOf("objective", c.Objective, "bound", "simple")
	ck.decay("ema", c.Train.EMA)
	ck.intIn("workers", c.Net.Workers, 1, maxWorkers)
	ck.intIn("scales", c.Net.Scales, 1, maxScales)
	ck.atLeast("test", c.TestPatches, 2)
	ck.intIn("bound-k", c.BoundK, 1, max(1, c.T-1))
	ck.atLeast("conditioned", c.Conditioned, 1)
	ck.atLeast("chunk", c.Chunk, 1)
	ck.atLeast("checkpoint-every", c.CheckpointEvery, 0)
	ck.oneOf("large", c.Large, "tiled", "resized")
	if ck.err != nil {
		return
	}
	mult := 1 << (c.Net.Scales - 1)
	switch {
	case c.Net.Height%mult != 0:
		ck.failf("-patch %d must be a multiple of %d (2^(scales−1), %d scales)", c.Net.Height, mult, c.Net.Scales)
	case c.SampleSize%mult != 0 || c.CondSize%mult != 0:
		ck.failf("-sample-size %d and -cond-size %d must be positive multiples of %d (%d scales)", c.SampleSize, c.CondSize, mult, c.Net.Scales)
	case c.Large == "tiled" && (c.SampleSize < c.Net.Height || c.CondSize < c.Net.Height):
		ck.failf("-large tiled needs -sample-size %d and -cond-size %d to be at least the %d-pixel patch (or use -large resized)", c.SampleSize, c.CondSize, c.Net.Height)
	case c.TileStride < 1 || c.TileStride > c.Net.Height:
		ck.failf("-tile-stride %d must be in [1, %d] (the patch side)", c.TileStride, c.Net.Height)
	case c.Hole < 1 || c.Hole >= c.CondSize:
		ck.failf("-hole %d must be in [1, %d) (below -cond-size)", c.Hole, c.CondSize)
	}
}

// fcnPixelBytes is the activation memory of one pixel of the network (forward and backward).
func fcnPixelBytes(n diffusion.FCNConfig) float64 {
	return 4 * f64(4*n.ConvChannels*n.Scales*n.ConvLayers+3*n.UpperHidden*n.UpperLayers+4*n.J+16+8*n.Channels)
}

// memory estimates the largest arrays of a run: the schedule (∝ T), a training batch's
// activations, the holdout patches, the bound's and the samplers' network rows, and the
// samples and conditioned images.
func (c patchConfig) memory() []memTerm {
	n := c.Net
	C, P := f64(n.Channels), f64(n.Height*n.Width)
	pix := fcnPixelBytes(n)
	S, CS := f64(c.SampleSize*c.SampleSize), f64(c.CondSize*c.CondSize)
	// Tiled images run 256 patch-size tiles per call; resized ones whole images, chunk at a time.
	sampler := f64(256) * P * pix
	switch {
	case c.SampleSize == n.Height && c.CondSize == n.Height: // the patch network itself
		sampler = f64(min(c.Chunk, max(c.Samples, c.Conditioned))) * P * pix
	case c.Large == "resized":
		sampler = f64(min(c.Chunk, max(c.Samples, c.Conditioned))) * max(S, CS) * pix
	}
	return []memTerm{
		{"-T", "the schedule and the training curve", f64(c.T) * 200, false},
		{"-batch, -patch", "a training batch's activations", f64(c.Train.Batch) * P * (pix + 8*3*C), true},
		{"-test, -patch", "the holdout patches", f64(c.TestPatches) * P * C * 8, false},
		{"-bound-k, -patch", "the bound's network rows", f64(max(evalRows(int(P)), c.BoundK)) * P * (pix + 8*3*C), true},
		{"-chunk, -sample-size", "the sampler's network rows", sampler, true},
		{"-samples, -sample-size", "the samples", f64(c.Samples) * S * C * 8 * 4, false},
		{"-conditioned, -cond-size", "the inpainted and denoised images", f64(c.Conditioned) * CS * C * 8 * 10, false},
	}
}

// runSpec is the run as its checkpoint records it: the flags that define the training (the
// experiment's own ones in trainSettings).
func (c patchConfig) runSpec() runSpec {
	fixed, why := lrStepsFixed(c.Train.LRDecay)
	n := c.Net
	m := map[string]any{
		"-T": c.T, "-full": c.Full, "-patch": n.Height, "-layers": n.ConvLayers, "-channels": n.ConvChannels, "-scales": n.Scales,
		"-act": n.Act, "-upsample": n.Upsample, "-time-input": n.TimeInput, "-workers": n.Workers,
		"-batch": c.Train.Batch, "-lr": c.Train.LR, "-lr-final": c.Train.LRFinal, "-lr-decay": c.Train.LRDecay,
		"-objective": c.Objective, "-param": c.Param.String(), "-ema": c.Train.EMA,
	}
	for k, v := range c.trainSettings {
		m[k] = v
	}
	return runSpec{Name: c.Name, Out: c.Out, Seed: c.Seed, Steps: c.Train.Steps, StepsFixed: fixed, StepsWhy: why,
		Resume: c.Resume, Fresh: c.Fresh, Settings: m}
}

func (c patchConfig) settings() map[string]any {
	n := c.Net
	m := map[string]any{
		"T": c.T, "schedule": "reference (1/linspace(T,2,T), +0.001 at step 1)", "param": c.Param.String(), "full": c.Full,
		"network": "fully convolutional (no dense pathway)", "channels_in": n.Channels, "patch": n.Height,
		"conv_layers": n.ConvLayers, "conv_channels": n.ConvChannels, "scales": n.Scales,
		"upper_layers": n.UpperLayers, "upper_hidden": n.UpperHidden, "J": n.J, "act": n.Act, "upsample": n.Upsample, "time_input": n.TimeInput, "workers": n.Workers,
		"steps": c.Train.Steps, "batch": c.Train.Batch, "lr": c.Train.LR, "lr_final": c.Train.LRFinal, "lr_decay": c.Train.LRDecay, "optimizer": c.Train.Optimizer,
		"ema": c.Train.EMA, "test_patches": c.TestPatches, "bound_k": c.BoundK, "samples": c.Samples, "sample_size": c.SampleSize,
		"conditioned": c.Conditioned, "cond_size": c.CondSize, "hole": c.Hole, "large": c.Large,
		"objective": c.Objective,
	}
	if c.Large == "tiled" && max(c.SampleSize, c.CondSize) > c.Net.Height {
		m["tile_stride"] = c.TileStride // only where some image is tiled (not CIFAR-10's)
	}
	for k, v := range c.settingsExtra {
		m[k] = v
	}
	return m
}

// patchData is what an experiment supplies: a training sampler of scaled patches, holdout
// patches (scaled, n × Dim), holdout images of CondSize² for conditioning (scaled), and the
// map of scaled values back to [0, 1] for display.
type patchData struct {
	Train   diffusion.DataSampler
	Test    []float64
	Cond    []float64
	Unscale func(z []float64) []float64
}

// patchMetrics is DIR/<name>/metrics.json (keys read by the index page).
type patchMetrics struct {
	Experiment          string      `json:"experiment"`
	KBits               float64     `json:"K_bits_per_pixel"`
	KStdErr             float64     `json:"K_stderr_bits_per_pixel"`
	KMinusNull          float64     `json:"K_minus_Lnull_bits_per_pixel"`
	KMinusNullStdErr    float64     `json:"K_minus_Lnull_stderr_bits_per_pixel"`
	PaperK              float64     `json:"paper_K_bits_per_pixel"`
	PaperKMinusNull     float64     `json:"paper_K_minus_Lnull_bits_per_pixel"`
	PaperStdErr         float64     `json:"paper_K_stderr_bits_per_pixel,omitempty"`
	PaperKMinusNullSE   float64     `json:"paper_K_minus_Lnull_stderr_bits_per_pixel,omitempty"`
	CeilingKMinusNull   float64     `json:"K_minus_Lnull_ceiling_bits_per_pixel"`
	UntrainedKMinusNull float64     `json:"K_minus_Lnull_untrained_bits_per_pixel"`
	PixelValues         int         `json:"values_per_pixel"`
	TestPatches         int         `json:"test_patches"`
	TrainSeconds        float64     `json:"train_seconds"`
	EvalSeconds         float64     `json:"eval_seconds"`
	Steps               int         `json:"steps"`
	StepsPerSecond      float64     `json:"train_steps_per_second"`
	SkippedSteps        int         `json:"skipped_steps"`
	Params              int         `json:"parameters"`
	Seed                uint64      `json:"seed"`
	GitCommit           string      `json:"git_commit"`
	InpaintHoleRMSE     float64     `json:"inpaint_hole_rmse"`
	InpaintHoleRMSEMean float64     `json:"inpaint_hole_rmse_mean_fill"`
	DenoiseRMSE         float64     `json:"denoise_rmse"`
	NoisyRMSE           float64     `json:"noisy_rmse"`
	SampleMean          float64     `json:"sample_mean"` // of the large samples, scaled units (data: 0)
	SampleSD            float64     `json:"sample_sd"`   // (data: 1)
	PeakRSSMB           float64     `json:"peak_rss_mb"`
	FlatRegions         []regionRow `json:"flat_regions,omitempty"` // dead leaves: samples beside data
	Notes               []string    `json:"notes,omitempty"`
	Provenance          provenance  `json:"provenance"`
	Curve               []curvePt   `json:"training_curve"`
}

// patchFigure holds the report's images, scaled back to [0, 1].
type patchFigure struct {
	Size, CondSize             int
	Samples, DataCrops         [][]float64 // SampleSize²·C
	Clean, HoleInit, Inpainted [][]float64 // CondSize²·C
	Noisy, Denoised            [][]float64
	PatchSamples, PatchData    [][]float64 // patch size
	// PerfectCrops and PerfectPatches are DataCrops and PatchData as a perfect model would
	// draw them with this sampler (lastStepNoise): the reference for the samples' fine detail.
	PerfectCrops, PerfectPatches          [][]float64
	Trajectory                            [][]float64 // one sample's x^(t), SampleSize², at TrajectoryT
	TrajectoryT                           []int
	Channels, Patch                       int
	SampleSeconds, InpaintSec, DenoiseSec float64
}

// trajectorySteps are the steps t at which the report shows x^(t) of one sample: T, then
// halving down to about T/32, then 0 (structure appears late in the reverse process).
func trajectorySteps(T int) []int {
	ts := []int{T}
	for t := T / 2; t >= max(1, T/32); t /= 2 {
		if t != ts[len(ts)-1] {
			ts = append(ts, t)
		}
	}
	return append(ts, 0)
}

// evalRows is how many patches of P pixels the bound evaluates at once: 256 up to 32×32, fewer
// for larger patches so that the activations stay those of 256 patches of 32×32 (a run on
// 64×64 patches, evaluated 256 at a time, peaked at 7.4 GB RSS against 1.9 GB on 32×32).
func evalRows(P int) int { return max(1, min(256, 256*1024/P)) }

// begin is where a patch experiment's work starts, once all its flags are checked: the
// checkpoint and -out checks of runSpec.preflight, then the backend line.
func (c patchConfig) begin(stderr io.Writer) error {
	if err := c.runSpec().preflight(stderr); err != nil {
		return err
	}
	printBackend(stderr)
	return nil
}

// runPatch trains and evaluates; dataCrops (SampleSize², for Figure 4a) may be nil.
func runPatch(c patchConfig, data patchData, dataCrops []float64, stderr io.Writer) (patchMetrics, patchFigure, error) {
	var met patchMetrics
	var fig patchFigure
	if _, err := experimentDir(c.Out, c.Name); err != nil {
		return met, fig, err
	}
	C := c.Net.Channels
	P := c.Net.Height * c.Net.Width
	D := C * P
	rngInit := rand.New(rand.NewPCG(c.Seed, 11))
	srcTrain := rand.NewPCG(c.Seed, 12)
	rngTrain := rand.New(srcTrain)
	rngEval := rand.New(rand.NewPCG(c.Seed, 13))
	rngSample := rand.New(rand.NewPCG(c.Seed, 14))
	sched, err := diffusion.ReferenceSchedule(c.T, 0.001)
	if err != nil {
		return met, fig, fmt.Errorf("%w: %v", errUsage, err)
	}
	net, err := diffusion.NewFCNNet(c.Net, c.T, rngInit)
	if err != nil {
		return met, fig, fmt.Errorf("%w: %v", errUsage, err)
	}
	m := &diffusion.Model{Sched: sched, Net: net, Param: c.Param}
	if c.Objective == "simple" {
		if c.Train.TSampler, err = diffusion.NewEpsilonT(sched); err != nil {
			return met, fig, err
		}
	}
	tr, err := diffusion.NewTrainer(m, c.Train)
	if err != nil {
		return met, fig, fmt.Errorf("%w: %v", errUsage, err)
	}
	prov := newProvenance(c.Seed, c.settings())
	start := time.Now()
	// The untrained network is the forward kernel reversed: its bound is the baseline.
	if len(data.Test)%D != 0 || len(data.Test) < 2*D {
		return met, fig, fmt.Errorf("%s: %d holdout values are not ≥ 2 patches of %d", c.Name, len(data.Test), D)
	}
	b0, err := m.EvalBoundSampled(data.Test[:min(len(data.Test), 200*D)], 1, evalRows(P), rand.New(rand.NewPCG(c.Seed, 15)), nil)
	if err != nil {
		return met, fig, err
	}
	met.UntrainedKMinusNull = b0.KMinusNullBits / float64(P)
	sess, err := startTrainSession(c.runSpec(), tr, srcTrain, c.CheckpointEvery, stderr)
	if err != nil {
		return met, fig, err
	}
	defer sess.close()
	perPix := float64(P) // bits per pixel: a pixel holds C values (the paper's CIFAR convention)
	nullPix := diffusion.NullLogLik(D) / diffusion.Ln2 / perPix
	fmt.Fprintf(stderr, "%s: training a %d-parameter fully convolutional network (%d×%d ch, %d scales, %d×%d 1×1) on %d×%d patches, T = %d, %d steps of %d\n",
		c.Name, nnParams(m), c.Net.ConvLayers, c.Net.ConvChannels, c.Net.Scales, c.Net.UpperLayers, c.Net.UpperHidden, c.Net.Height, c.Net.Width, c.T, c.Train.Steps, c.Train.Batch)
	firstStep := tr.Step
	last := time.Now()
	curve, err := tr.Run(data.Train, rngTrain, func(p diffusion.TrainPoint) {
		if time.Since(last) > 10*time.Second || p.Step == c.Train.Steps {
			last = time.Now()
			el := sess.elapsed()
			fmt.Fprintf(stderr, "%s: step %6d/%d  train K−L_null ≈ %.3f bits/pixel  lr %.2g  (%.0f s, %.2f steps/s)\n",
				c.Name, p.Step, c.Train.Steps, p.KBits/perPix-nullPix, p.LR, el, float64(p.Step-firstStep)/el)
		}
		sess.periodic(p)
	}, sess.stop)
	trainSec, err := sess.finish(err)
	sess.close()
	if err != nil {
		return met, fig, err
	}
	curve = sess.curve // the whole run's, earlier interrupted processes included
	if tr.SwapEMA() {
		fmt.Fprintf(stderr, "%s: evaluating the moving average of the weights (decay %g)\n", c.Name, c.Train.EMA)
	}
	evalStart := time.Now()
	b, err := m.EvalBoundSampled(data.Test, c.BoundK, evalRows(P), rngEval, nil)
	if err != nil {
		return met, fig, err
	}
	met.KMinusNull = b.KMinusNullBits / perPix
	met.KMinusNullStdErr = b.KStdErrBits / perPix
	met.KBits = b.KBits / perPix
	met.KStdErr = met.KMinusNullStdErr
	met.CeilingKMinusNull = m.Sched.BoundConstant(D) / diffusion.Ln2 / perPix
	met.TestPatches, met.PixelValues = b.N, C
	fmt.Fprintf(stderr, "%s: K = %.3f ± %.3f, K − L_null = %.3f ± %.3f bits/pixel on %d holdout patches (untrained %.3f, ceiling %.3f)\n",
		c.Name, met.KBits, met.KStdErr, met.KMinusNull, met.KMinusNullStdErr, b.N, met.UntrainedKMinusNull, met.CeilingKMinusNull)

	// Samples larger than the training patches: the same weights on SampleSize² images.
	t0 := time.Now()
	bigNet, err := c.largeNet(net, c.SampleSize)
	if err != nil {
		return met, fig, err
	}
	big := &diffusion.Model{Sched: sched, Net: bigNet, Param: m.Param}
	xs, err := big.SampleChunked(c.Samples, c.Chunk, rngSample, nil)
	if err != nil {
		return met, fig, err
	}
	met.SampleMean, met.SampleSD = meanSD(xs)
	fig.Samples = rowsOf(data.Unscale(xs), big.Net.Dim())
	fig.SampleSeconds = time.Since(t0).Seconds()
	fig.Size, fig.CondSize, fig.Channels, fig.Patch = c.SampleSize, c.CondSize, C, c.Net.Height
	rngPerfect := rand.New(rand.NewPCG(c.Seed, 17))
	if dataCrops != nil {
		fig.DataCrops = rowsOf(data.Unscale(dataCrops), big.Net.Dim())
		fig.PerfectCrops = rowsOf(data.Unscale(lastStepNoise(dataCrops, sched.Beta[1], rngPerfect)), big.Net.Dim())
	}
	ps, err := m.SampleChunked(min(16, c.Samples*4), c.Chunk, rngSample, nil)
	if err != nil {
		return met, fig, err
	}
	fig.PatchSamples = rowsOf(data.Unscale(ps), D)
	held := data.Test[:min(len(data.Test), 16*D)]
	fig.PatchData = rowsOf(data.Unscale(held), D)
	fig.PerfectPatches = rowsOf(data.Unscale(lastStepNoise(held, sched.Beta[1], rngPerfect)), D)
	// The reverse trajectory of one more large sample (its own stream, so the rest is as before).
	fig.TrajectoryT = trajectorySteps(c.T)
	_, snaps, err := big.Sample(1, rand.New(rand.NewPCG(c.Seed, 16)), fig.TrajectoryT)
	if err != nil {
		return met, fig, err
	}
	for _, t := range fig.TrajectoryT {
		fig.Trajectory = append(fig.Trajectory, data.Unscale(snaps[t]))
	}
	fmt.Fprintf(stderr, "%s: drew %d samples of %d×%d (%s; mean %.3f, sd %.3f in the data's units, where the data have 0 and 1) (%.0f s)\n",
		c.Name, c.Samples, c.SampleSize, c.SampleSize, c.Large, met.SampleMean, met.SampleSD, fig.SampleSeconds)

	// Inpainting (Figure 5): the central Hole² region of each holdout image replaced by
	// N(0, 1) noise (the chain's start), then sampled with every known pixel clamped.
	t0 = time.Now()
	condNet, err := c.largeNet(net, c.CondSize)
	if err != nil {
		return met, fig, err
	}
	cm := &diffusion.Model{Sched: sched, Net: condNet, Param: m.Param}
	CD := condNet.Dim()
	S := c.CondSize
	known := make([]bool, CD)
	lo := (S - c.Hole) / 2
	for ch := 0; ch < C; ch++ {
		for y := 0; y < S; y++ {
			for x := 0; x < S; x++ {
				known[ch*S*S+y*S+x] = !(x >= lo && x < lo+c.Hole && y >= lo && y < lo+c.Hole)
			}
		}
	}
	cond := data.Cond
	if len(cond)%CD != 0 || len(cond) == 0 {
		return met, fig, fmt.Errorf("%s: %d conditioning values are not whole %d×%d images", c.Name, len(cond), S, S)
	}
	inp, err := cm.Inpaint(cond, known, c.Chunk, rngSample)
	if err != nil {
		return met, fig, err
	}
	holeInit := append([]float64(nil), cond...)
	var se, seMean, nh float64
	for i := range holeInit {
		if !known[i%CD] {
			holeInit[i] = rngSample.NormFloat64()
			se += (inp[i] - cond[i]) * (inp[i] - cond[i])
			seMean += cond[i] * cond[i] // the data mean is 0 in scaled units
			nh++
		}
	}
	met.InpaintHoleRMSE, met.InpaintHoleRMSEMean = math.Sqrt(se/nh), math.Sqrt(seMean/nh)
	fig.InpaintSec = time.Since(t0).Seconds()
	// Denoising at SNR 1 (Figure 3): y = x + N(0, 1) in the unit-variance units, posterior
	// sampled with r(x) = N(y; x, 1) multiplied exactly into every step, chain started at y.
	t0 = time.Now()
	noisy := make([]float64, len(cond))
	for i, v := range cond {
		noisy[i] = v + rngSample.NormFloat64()
	}
	den, err := cm.Denoise(noisy, 1, c.Chunk, rngSample)
	if err != nil {
		return met, fig, err
	}
	var sd, sn float64
	for i := range cond {
		sd += (den[i] - cond[i]) * (den[i] - cond[i])
		sn += (noisy[i] - cond[i]) * (noisy[i] - cond[i])
	}
	met.DenoiseRMSE, met.NoisyRMSE = math.Sqrt(sd/float64(len(cond))), math.Sqrt(sn/float64(len(cond)))
	fig.DenoiseSec = time.Since(t0).Seconds()
	fig.Clean = rowsOf(data.Unscale(cond), CD)
	fig.HoleInit = rowsOf(data.Unscale(holeInit), CD)
	fig.Inpainted = rowsOf(data.Unscale(inp), CD)
	fig.Noisy = rowsOf(data.Unscale(noisy), CD)
	fig.Denoised = rowsOf(data.Unscale(den), CD)
	fmt.Fprintf(stderr, "%s: inpainted %d images (hole RMSE %.3f vs %.3f for the mean) in %.0f s, denoised (RMSE %.3f vs noisy %.3f) in %.0f s\n",
		c.Name, len(fig.Clean), met.InpaintHoleRMSE, met.InpaintHoleRMSEMean, fig.InpaintSec, met.DenoiseRMSE, met.NoisyRMSE, fig.DenoiseSec)

	met.Experiment = c.Name
	met.EvalSeconds = time.Since(evalStart).Seconds()
	met.TrainSeconds, met.Steps, met.Seed, met.GitCommit = trainSec, tr.Step, c.Seed, prov.GitCommit
	met.StepsPerSecond = sess.stepsPerSecond(trainSec)
	met.SkippedSteps, met.Params = tr.Skipped, nnParams(m)
	met.PeakRSSMB = peakRSSMB()
	prov.WallSecond = time.Since(start).Seconds()
	met.Provenance = prov
	for _, p := range curve {
		met.Curve = append(met.Curve, curvePt{Step: p.Step, KBits: p.KBits, LR: p.LR})
	}
	return met, fig, nil
}

// largeNet is the patch network run on size×size images: itself at the patch size, else
// tiled (diffusion.TiledNet) or resized (FCNNet.Resized) as -large says.
func (c patchConfig) largeNet(net *diffusion.FCNNet, size int) (diffusion.ReverseNet, error) {
	switch {
	case size == net.Cfg.Height && size == net.Cfg.Width:
		return net, nil
	case c.Large == "resized":
		return net.Resized(size, size)
	}
	return diffusion.NewTiledNet(net, size, size, c.TileStride)
}

// meanSD returns the mean and standard deviation of x.
func meanSD(x []float64) (mean, sd float64) {
	if len(x) == 0 {
		return 0, 0
	}
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)))
}

// largeDesc says in a caption how the larger images were sampled and how their grey levels
// compare with the data's.
func (c patchConfig) largeDesc(met patchMetrics) string {
	how := "the same convolutional weights run on the whole larger image (-large resized)"
	if c.Large == "tiled" {
		how = fmt.Sprintf("the network run on overlapping %d×%d tiles %d pixels apart, outputs blended with a triangular window (-large tiled)", c.Net.Height, c.Net.Width, c.TileStride)
	}
	return fmt.Sprintf("%s; the samples' values have mean %.2f and standard deviation %.2f in the scaled units where the data have 0 and 1", how, met.SampleMean, met.SampleSD)
}
