package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"

	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
)

func init() {
	registerExperiment(experiment{
		Name: "cifar10", Resumable: true, Order: 8,
		Summary: "CIFAR-10 (needs -data DIR with the binary version; skipped without), Gaussian diffusion, T = 1000, fully convolutional multi-scale network on RGB; bound K (Table 1), denoising (Figure 3), inpainting, samples",
		Run:     runCIFAR10,
	})
}

// Table 1 of the paper (arXiv v8, footnote 3: dequantized data), CIFAR-10, bits per RGB pixel.
const (
	paperCIFARK          = 5.4
	paperCIFARKMinusNull = 11.5
	paperCIFARStdErr     = 0.2
)

var cifarDefaults = patchDefaults{
	T: 1000, Patch: 32, FullPatch: 32,
	Steps: 1000, FullSteps: 100000, Batch: 16, FullBatch: 64,
	Net: diffusion.FCNConfig{Channels: 3, ConvLayers: 2, ConvChannels: 24, Scales: 3,
		UpperLayers: 2, UpperHidden: 48, J: 10, Act: "leakyrelu", Workers: 2},
	FullNet: diffusion.FCNConfig{Channels: 3, ConvLayers: 6, ConvChannels: 64, Scales: 3,
		UpperLayers: 3, UpperHidden: 100, J: 10, Act: "leakyrelu", Workers: 2},
	SampleSize: 32, FullSampleSize: 32, CondSize: 32, FullCondSize: 32,
	Samples: 8, FullSamples: 49, Test: 1000, FullTest: 10000,
	FullHelp: "the long run: 6 multi-scale layers of 64 channels (3 scales), 3 per-pixel layers of 100 (conv-only: the reference code's CIFAR network adds a dense pathway), batch 64, 100,000 steps, the bound on all 10,000 test images: days on 2 cores in pure Go; -steps shortens it",
}

func runCIFAR10(args []string, stderr io.Writer) error {
	var dataDir string
	c, err := parsePatch("cifar10", cifarDefaults, args, stderr, func(fs *flag.FlagSet) func(*patchConfig, map[string]bool, *checks) []memTerm {
		fs.StringVar(&dataDir, "data", "", "the CIFAR-10 binary-version directory cifar-10-batches-bin (data_batch_1.bin … data_batch_5.bin, test_batch.bin); without it the experiment is skipped")
		return func(c *patchConfig, _ map[string]bool, ck *checks) []memTerm {
			if c.Net.Height != datasets.CIFARSide || c.SampleSize != datasets.CIFARSide || c.CondSize != datasets.CIFARSide {
				ck.failf("CIFAR-10 images are 32×32: -patch, -sample-size and -cond-size must be 32 (got %d, %d, %d)", c.Net.Height, c.SampleSize, c.CondSize)
			}
			if dataDir != "" {
				if fi, err := os.Stat(dataDir); err != nil || !fi.IsDir() {
					ck.failf("-data %s is not a directory", dataDir)
				}
			}
			return nil
		}
	})
	if err != nil {
		return err
	}
	if err := c.begin(stderr); err != nil {
		return err
	}
	if dataDir == "" {
		fmt.Fprintf(stderr, "cifar10: skipped: %s\n", datasets.CIFARHelp)
		return writeSkipped(c, "no data (-data not given). "+datasets.CIFARHelp, "CIFAR-10 (Table 1, Figure 3)")
	}
	cf, err := datasets.LoadCIFAR10(dataDir)
	if err != nil {
		return err
	}
	if cf.Test.Len() < max(2, c.Conditioned) || cf.Train.Len() < 1 {
		return fmt.Errorf("cifar10: %s holds %d training and %d test images; need at least one training and %d test images", cf.Dir, cf.Train.Len(), cf.Test.Len(), max(2, c.Conditioned))
	}
	c.TestPatches = min(c.TestPatches, cf.Test.Len())
	sc := datasets.FitScaling(cf.Train.Images)
	c.settingsExtra = map[string]any{"data_dir": cf.Dir, "train_images": cf.Train.Len(), "test_images": cf.Test.Len(),
		"scaling": fmt.Sprintf("z = (x − %.4f)·%.4f, x ∈ [0,1] dequantized, one scalar for all channels", sc.Mean, sc.Scale)}
	fmt.Fprintf(stderr, "cifar10: %d training and %d test images from %s; scaling mean %.4f, scale %.4f\n", cf.Train.Len(), cf.Test.Len(), cf.Dir, sc.Mean, sc.Scale)
	const D = datasets.CIFARImageBytes
	rng := rand.New(rand.NewPCG(c.Seed, 22))
	test := make([]float64, c.TestPatches*D)
	for i := 0; i < c.TestPatches; i++ {
		sc.Dequantize(cf.Test.Image(i), rng, test[i*D:(i+1)*D])
	}
	cond := make([]float64, c.Conditioned*D)
	for i := 0; i < c.Conditioned; i++ {
		sc.Dequantize(cf.Test.Image(cf.Test.Len()-1-i), rng, cond[i*D:(i+1)*D])
	}
	data := patchData{
		Train: func(r *rand.Rand, x []float64) {
			for i := 0; i < len(x)/D; i++ {
				sc.Dequantize(cf.Train.Image(r.IntN(cf.Train.Len())), r, x[i*D:(i+1)*D])
			}
		},
		Test:    test,
		Cond:    cond,
		Unscale: func(z []float64) []float64 { out := make([]float64, len(z)); sc.Unscale(z, out); return out },
	}
	met, fig, err := runPatch(c, data, test[:min(len(test), 4*D)], stderr)
	if err != nil {
		return err
	}
	met.PaperK, met.PaperKMinusNull = paperCIFARK, paperCIFARKMinusNull
	met.PaperStdErr, met.PaperKMinusNullSE = paperCIFARStdErr, paperCIFARStdErr
	txt := patchReportText{
		Title: "CIFAR-10 (Sohl-Dickstein et al. 2015, §3.2.1, Table 1, Figure 3)",
		Summary: fmt.Sprintf("Gaussian diffusion over T = %d steps (reference schedule) on CIFAR-10 (dequantized with U(−½, ½)/255, scaled to unit variance with one scalar). Fully convolutional reverse network on RGB (%d multi-scale layers × %d channels × %d scales, %d 1×1 layers, J = %d; %d parameters) trained for %d steps of %d in %.0f s. Bits per pixel are per RGB pixel (3 values), as the paper's.",
			c.T, c.Net.ConvLayers, c.Net.ConvChannels, c.Net.Scales, c.Net.UpperLayers, c.Net.J, met.Params, met.Steps, c.Train.Batch, met.TrainSeconds),
		SamplesCaption: fmt.Sprintf("Figure 3 (d): %d samples from the model; last row: test images.", len(fig.Samples)),
		InpaintCaption: fmt.Sprintf("Inpainting: test images; the central %d×%d region replaced with noise; a posterior sample with the other pixels clamped.", c.Hole, c.Hole),
		DenoiseCaption: "Figure 3: left (a), holdout images; middle (b), corrupted with Gaussian noise of variance 1 (SNR 1); right (c), denoised: a sample from the posterior conditioned on (b) (r(x) = N(y; x, 1) multiplied exactly into every step, chain started at y).",
		BoundNote:      "test images, per RGB pixel",
		Notes: []string{
			"Network: conv-only (the reference code's CIFAR network adds a dense pathway in parallel); reference-code parameterization; Adam with exponential decay instead of RMSProp.",
			"Bound: K − L_null on dequantized, scaled test images with per-image stratified steps t and fresh noise (unbiased for eq. 14), bits per RGB pixel, standard error over images.",
		},
	}
	if !c.Full {
		txt.Notes = append(txt.Notes, fmt.Sprintf("This is the quick setting (%d steps, %d parameters); the paper's model trained for days on a GPU. Run with -full for the long run.", met.Steps, met.Params))
	}
	if err := writePatchReport(c, met, fig, txt, args); err != nil {
		return err
	}
	if err := c.runSpec().finished(met.Steps); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "cifar10: wrote %s/cifar10/{metrics.json,report.html,samples.png,patches.png,trajectory.png,inpaint.png,denoise.png}\n", c.Out)
	return nil
}
