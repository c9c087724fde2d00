package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
)

func init() {
	registerExperiment(experiment{
		Name: "deadleaves", Resumable: true, Order: 6,
		Summary: "dead leaves (generated, r⁻³ disks), Gaussian diffusion, T = 1000, fully convolutional multi-scale network on patches; bound K (Table 1/2), samples larger than the patches (Figure 4), inpainting, denoising",
		Run:     runDeadLeaves,
	})
}

// Table 1 / Table 2 of the paper (arXiv v8), dead leaves.
const (
	paperDeadLeavesK          = 1.489
	paperDeadLeavesKMinusNull = 3.536
)

var deadLeavesDefaults = patchDefaults{
	T: 1000, Patch: 16, FullPatch: 32,
	Steps: 1500, FullSteps: 20000, Batch: 32, FullBatch: 32,
	Net: diffusion.FCNConfig{Channels: 1, ConvLayers: 2, ConvChannels: 16, Scales: 3,
		UpperLayers: 2, UpperHidden: 32, J: 10, Act: "leakyrelu", Workers: 2},
	FullNet: diffusion.FCNConfig{Channels: 1, ConvLayers: 4, ConvChannels: 32, Scales: 4,
		UpperLayers: 2, UpperHidden: 64, J: 10, Act: "leakyrelu", Workers: 2},
	SampleSize: 64, FullSampleSize: 128, CondSize: 64, FullCondSize: 128,
	Samples: 4, FullSamples: 8, Test: 2000, FullTest: 10000,
	FullHelp: "the long run: 4 multi-scale layers of 32 channels with 4 scales, 32×32 patches, batch 32, 20,000 steps, 2,000 training and 200 holdout images of 256×256, 10,000 holdout patches, 8 samples of 128×128: training takes about 16 minutes on 2 idle cores with the default engine (BenchmarkFCNDeadLeavesFullTrainStep: 21 steps/s; 13 on a CPU without AVX-512), then some minutes of evaluation (peak RSS about 2.5 GB); -steps shortens it, -resume continues",
}

func runDeadLeaves(args []string, stderr io.Writer) error {
	gen := datasets.DefaultDeadLeaves()
	var nTrain, nTest int
	c, err := parsePatch("deadleaves", deadLeavesDefaults, args, stderr, func(fs *flag.FlagSet) func(*patchConfig, map[string]bool, *checks) []memTerm {
		fs.IntVar(&gen.Size, "image-size", 0, "side of the generated dead-leaves images (default 128 quick, 256 with -full)")
		fs.Float64Var(&gen.RMin, "rmin", gen.RMin, "smallest disk radius in pixels")
		fs.Float64Var(&gen.RMax, "rmax", gen.RMax, "largest disk radius in pixels (radius density ∝ r⁻³ on [rmin, rmax])")
		fs.IntVar(&nTrain, "train-images", 0, "generated training images (default 200 quick, 2000 with -full)")
		fs.IntVar(&nTest, "test-images", 0, "generated holdout images (default 40 quick, 200 with -full)")
		return func(c *patchConfig, set map[string]bool, ck *checks) []memTerm {
			ck.givenPositive(set, "image-size", gen.Size)
			ck.givenPositive(set, "train-images", nTrain)
			ck.givenPositive(set, "test-images", nTest)
			if gen.Size == 0 {
				gen.Size = map[bool]int{false: 128, true: 256}[c.Full]
			}
			if nTrain == 0 {
				nTrain = map[bool]int{false: 200, true: 2000}[c.Full]
			}
			if nTest == 0 {
				nTest = map[bool]int{false: 40, true: 200}[c.Full]
			}
			if !(gen.RMin >= 0.5) || math.IsInf(gen.RMin, 0) {
				ck.failf("-rmin must be a finite number ≥ 0.5 (a smaller disk may cover no pixel centre), got %v", gen.RMin)
			}
			if !(gen.RMax >= gen.RMin) || math.IsInf(gen.RMax, 0) {
				ck.failf("-rmax must be a finite number ≥ -rmin %v, got %v", gen.RMin, gen.RMax)
			}
			if need := max(c.Net.Height, c.SampleSize, c.CondSize); gen.Size < need {
				ck.failf("-image-size %d must be at least the patch, sample and conditioning sizes (%d)", gen.Size, need)
			}
			c.trainSettings = map[string]any{"-image-size": gen.Size, "-rmin": gen.RMin, "-rmax": gen.RMax, "-train-images": nTrain}
			return []memTerm{{"-train-images, -test-images, -image-size", "the generated images", f64(nTrain+nTest) * f64(gen.Size) * f64(gen.Size) * 2, false}}
		}
	})
	if err != nil {
		return err
	}
	if err := gen.Validate(); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if err := c.begin(stderr); err != nil {
		return err
	}
	c.settingsExtra = map[string]any{"image_size": gen.Size, "rmin": gen.RMin, "rmax": gen.RMax, "grey_levels": "uniform bytes 0…255, dequantized", "train_images": nTrain, "test_images": nTest}
	t0 := time.Now()
	rngData := rand.New(rand.NewPCG(c.Seed, 21))
	train, err := gen.GenerateN(nTrain, rngData)
	if err != nil {
		return err
	}
	test, err := gen.GenerateN(nTest, rngData)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "deadleaves: generated %d + %d images of %d×%d (radii %g…%g, r⁻³) in %.1f s\n", nTrain, nTest, gen.Size, gen.Size, gen.RMin, gen.RMax, time.Since(t0).Seconds())
	sc := datasets.DeadLeavesScaling()
	data := greyPatchData(c, sc, train, test, rand.New(rand.NewPCG(c.Seed, 22)))
	crops := greyCrops(test, c.SampleSize, 4, sc, rand.New(rand.NewPCG(c.Seed, 23)))
	met, fig, err := runPatch(c, data, crops, stderr)
	if err != nil {
		return err
	}
	met.PaperK, met.PaperKMinusNull = paperDeadLeavesK, paperDeadLeavesKMinusNull
	if met.FlatRegions, err = regionRows(fig); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "deadleaves: %s\n", regionSummary(met.FlatRegions))
	txt := patchReportText{
		Title: "Dead leaves (Sohl-Dickstein et al. 2015, §3.2.1, Tables 1–2, Figure 4)",
		Summary: fmt.Sprintf("Gaussian diffusion over T = %d steps (reference schedule, β_1 = %.4f) on generated dead-leaves images (disks with radius density ∝ r⁻³ on [%g, %g] px, uniform grey levels, occluding front to back until covered; %d training and %d holdout images of %d×%d, dequantized and scaled exactly to unit variance). Fully convolutional reverse network (%d multi-scale layers × %d channels × %d scales, %d 1×1 layers, J = %d bump readout; %d parameters) trained on %d×%d patches for %d steps of %d in %.0f s.",
			c.T, 0.001+1/float64(c.T), gen.RMin, gen.RMax, nTrain, nTest, gen.Size, gen.Size, c.Net.ConvLayers, c.Net.ConvChannels, c.Net.Scales, c.Net.UpperLayers, c.Net.J, met.Params, c.Net.Height, c.Net.Width, met.Steps, c.Train.Batch, met.TrainSeconds),
		SamplesCaption: fmt.Sprintf("Figure 4 (c): %d samples of %d×%d from the model trained on %d×%d patches (%s); last row, Figure 4 (a): holdout dead-leaves crops of the same size.", len(fig.Samples), c.SampleSize, c.SampleSize, c.Net.Height, c.Net.Width, c.largeDesc(met)),
		InpaintCaption: fmt.Sprintf("Inpainting (as Figure 5): left, holdout %d×%d images; middle, the central %d×%d region replaced with N(0, 1) noise (the chain's start, p̃(x^(T))); right, a sample from the posterior with every other pixel clamped at every step (r = δ on the known pixels).", c.CondSize, c.CondSize, c.Hole, c.Hole),
		DenoiseCaption: "Denoising (as Figure 3): left, holdout images; middle, with Gaussian noise of variance 1 in the unit-variance units (SNR 1); right, a sample from the posterior (r(x) = N(y; x, 1) multiplied exactly into every step, chain started at y).",
		BoundNote:      "holdout patches of the generated images; the paper's value is for Theis et al. 2012's images (see notes)",
		Regions:        met.FlatRegions,
		Notes: []string{
			"Data: Theis et al. 2012's dead-leaves images (used by the paper) are not available, so images are generated (datasets.DeadLeaves, Lee, Mumford & Huang 2001). The bound depends on the generator's parameters: the radius range sets how much of a patch is flat (flat regions of dequantized 8-bit data are almost free to code, up to the schedule's ceiling of ½·log2(1/β_1) per value), and the grey-level law and dequantization set the cost of the edges. Our number is therefore comparable in kind with the paper's 1.489 bits/pixel, not digit for digit.",
			"Bound: K − L_null is estimated on holdout patches of the same size as the training patches, with per-patch stratified steps t and fresh noise (an unbiased estimate of eq. 14); bits per pixel; the standard error is over patches. The paper's patch size is not known (PAPER.md §4.6).",
			"Network: the conv-only form of the paper's image network (no dense pathway, which cannot run on larger images); reference-code parameterization μ = √(1−β_t)x + √β_t z^μ, v = σ(z^β/√T + logit β_t); Adam with exponential learning-rate decay instead of SFO.",
		},
	}
	if !c.Full {
		txt.Notes = append(txt.Notes, fmt.Sprintf("This is the quick setting (%d steps on %d×%d patches, %d parameters), meant to run in minutes: the samples show what a few minutes of training give, not the paper's model. Run with -full for the long run.", met.Steps, c.Net.Height, c.Net.Width, met.Params))
	}
	if err := writePatchReport(c, met, fig, txt, args); err != nil {
		return err
	}
	if err := c.runSpec().finished(met.Steps); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "deadleaves: wrote %s/deadleaves/{metrics.json,report.html,samples.png,patches.png,trajectory.png,inpaint.png,denoise.png}\n", c.Out)
	return nil
}

// greyPatchData builds the patch data of grey images: training patches drawn afresh from the
// training images (dequantized afresh), TestPatches fixed holdout patches, and Conditioned
// holdout crops of CondSize².
func greyPatchData(c patchConfig, sc datasets.Scaling, train, test []datasets.GreyImage, rng *rand.Rand) patchData {
	p := c.Net.Height
	P := p * p
	buf := make([]byte, P)
	sampler := func(r *rand.Rand, x []float64) {
		b := make([]byte, P)
		for i := 0; i < len(x)/P; i++ {
			datasets.RandomPatch(train, p, p, r, b)
			sc.Dequantize(b, r, x[i*P:(i+1)*P])
		}
	}
	testX := make([]float64, c.TestPatches*P)
	for i := 0; i < c.TestPatches; i++ {
		datasets.RandomPatch(test, p, p, rng, buf)
		sc.Dequantize(buf, rng, testX[i*P:(i+1)*P])
	}
	return patchData{
		Train:   sampler,
		Test:    testX,
		Cond:    greyCrops(test, c.CondSize, c.Conditioned, sc, rng),
		Unscale: func(z []float64) []float64 { out := make([]float64, len(z)); sc.Unscale(z, out); return out },
	}
}

// greyCrops returns n random size² crops of imgs, dequantized and scaled.
func greyCrops(imgs []datasets.GreyImage, size, n int, sc datasets.Scaling, rng *rand.Rand) []float64 {
	S := size * size
	out := make([]float64, n*S)
	b := make([]byte, S)
	for i := 0; i < n; i++ {
		datasets.RandomPatch(imgs, size, size, rng, b)
		sc.Dequantize(b, rng, out[i*S:(i+1)*S])
	}
	return out
}
