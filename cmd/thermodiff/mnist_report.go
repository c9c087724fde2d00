package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/thermodiff/thermodiff/analysis"
)

// writeMNISTReport writes DIR/mnist/report.html (through the analysis report builder) and the
// sample grid as DIR/mnist/samples.png.
func writeMNISTReport(dir string, c mnistConfig, met mnistMetrics, fig mnistFigure, args []string) error {
	grid := func(imgs [][]float64, cols int) ([]byte, error) { return analysis.ImageGridPNG(imgs, 28, 28, cols, 3) }
	nGrid := min(len(fig.Samples), 100)
	samplesPNG, err := grid(fig.Samples[:nGrid], 10)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "samples.png"), samplesPNG); err != nil {
		return err
	}
	// Denoising and inpainting: one row per kind, one column per test image.
	n := min(len(fig.Clean), 16)
	var den, inp [][]float64
	den = append(den, fig.Clean[:n]...)
	den = append(den, fig.Noisy[:n]...)
	den = append(den, fig.Denoised[:n]...)
	inp = append(inp, fig.Clean[:n]...)
	inp = append(inp, fig.Masked[:n]...)
	inp = append(inp, fig.Inpainted[:n]...)
	denPNG, err := grid(den, n)
	if err != nil {
		return err
	}
	inpPNG, err := grid(inp, n)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "denoise.png"), denPNG); err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "inpaint.png"), inpPNG); err != nil {
		return err
	}
	r := analysis.Report{
		Title: "MNIST (Sohl-Dickstein et al. 2015, §3.2, Table 2, Figure App.1)",
		Summary: fmt.Sprintf("Gaussian diffusion over T = %d steps (reference schedule, β_1 = 0.002) on dequantized MNIST scaled to unit variance; reverse network: %d-layer %d-channel %d-scale convolutional pathway ∥ %d-layer dense pathway (width %d, %d outputs per pixel), %d per-pixel layers, J = %d bump readout (%d parameters). Trained %d steps of %d (%s) in %.0f s.",
			c.T, c.Net.ConvLayers, c.Net.ConvChannels, c.Net.Scales, c.Net.DenseLayers, c.Net.DenseHidden, c.Net.DenseOut, c.Net.UpperLayers, c.Net.J, met.Params, met.Steps, c.Train.Batch, c.Train.Optimizer, met.TrainSeconds),
		Results: []analysis.Result{
			{Name: "Parzen log-likelihood (diffusion)", Unit: "bits", Paper: paperMNISTParzen, PaperStdErr: paperMNISTParzenStdErr, Ours: met.ParzenBits, OursStdErr: met.ParzenStdErr,
				Note: fmt.Sprintf("%d model samples as centres, σ = %.3g chosen on %d validation images, %d test images", met.Samples, met.ParzenSigma, c.ParzenValid, c.ParzenTest)},
			{Name: "Parzen log-likelihood (perfect model)", Unit: "bits", Paper: paperMNISTPerfect, PaperStdErr: paperMNISTPerfectStdErr, Ours: met.PerfectParzenBits, OursStdErr: met.PerfectParzenStdErr,
				Note: fmt.Sprintf("%d training images as centres", c.PerfectCentres)},
			{Name: "Parzen log-likelihood (training images, same number of centres)", Unit: "bits", Paper: math.NaN(), Ours: met.PerfectSameNBits, OursStdErr: met.PerfectSameNStdErr,
				Note: fmt.Sprintf("%d training images: the ceiling for %d model samples", met.Samples, met.Samples)},
			{Name: "K − L_null", Unit: "bits/pixel", Paper: math.NaN(), Ours: met.KMinusNullBitsPerPixel, OursStdErr: met.KStdErr,
				Note: fmt.Sprintf("test set, %d images × %d sampled t; ceiling %.3f; the paper reports no bound for MNIST", c.TestPoints, c.BoundK, met.CeilingBitsPerPixel)},
			{Name: "K", Unit: "bits/pixel", Paper: math.NaN(), Ours: met.KBitsPerPixel, OursStdErr: met.KStdErr, Note: "log-density of the scaled data (no Jacobian)"},
			{Name: "training time", Unit: "s", Paper: math.NaN(), Ours: met.TrainSeconds, Note: fmt.Sprintf("%d steps, %.2f steps/s, %d skipped", met.Steps, met.StepsPerSecond, met.SkippedSteps)},
		},
		Provenance: analysis.Provenance{
			Command:   "thermodiff reproduce mnist " + strings.Join(args, " "),
			Seed:      met.Seed,
			Commit:    met.GitCommit,
			GoVersion: met.Provenance.GoVersion,
			WallTime:  time.Duration(met.Provenance.WallSecond * float64(time.Second)),
			Settings:  analysis.SettingsFromMap(c.settings()),
			Extra: []analysis.Setting{{Name: "BLAS", Value: met.Provenance.BLAS},
				{Name: "peak RSS", Value: fmt.Sprintf("%.0f MB", met.PeakRSSMB)},
				{Name: "scaling", Value: fmt.Sprintf("z = (x − %.4f)·%.4f, x ∈ [0,1] dequantized", met.Scaling.Mean, met.Scaling.Scale)}},
		},
	}
	if t, err := time.Parse(time.RFC3339, met.Provenance.Started); err == nil {
		r.Provenance.Started = t
	}
	r.Figures = append(r.Figures,
		analysis.Figure{Caption: fmt.Sprintf("Figure App.1: %d samples x^(0) from the model (true samples, not means), pixels mapped back to [0, 1] and clipped for display.", nGrid), Image: samplesPNG},
		analysis.Figure{Caption: "Denoising (as Figure 3 for CIFAR-10): top, test images; middle, with Gaussian noise of variance 1 in the unit-variance units (SNR 1); bottom, one sample from the posterior given the noisy image (r(x) = N(y; x, 1) multiplied exactly into every reverse step, chain started at y).", Image: denPNG},
		analysis.Figure{Caption: "Inpainting (as Figure 5): top, test images; middle, the right half observed (grey: unknown); bottom, the left half sampled from the posterior with the right half clamped at every step.", Image: inpPNG},
	)
	if len(met.Curve) > 0 {
		it := make([]int, len(met.Curve))
		k := make([]float64, len(met.Curve))
		for i, p := range met.Curve {
			it[i] = p.Step
			k[i] = (p.KBits + 0.5*math.Log2(2*math.Pi*math.E)*784) / 784
		}
		r.AddChart("Training curve: minibatch estimate of K − L_null (bits/pixel) against the step.", analysis.TrainingCurveOf("K − L_null", "bits/pixel", it, k, math.NaN()))
	}
	if len(met.ParzenValidation) > 0 {
		var s, v []float64
		for _, p := range met.ParzenValidation {
			s = append(s, p.Sigma)
			v = append(v, p.Bits)
		}
		r.AddChart("Parzen bandwidth selection: mean log-likelihood (bits) of the validation images against σ (pixels in [0, 1]).",
			analysis.LineChart("Parzen validation", "σ", "bits", analysis.Series{Name: "model samples", X: s, Y: v}))
	}
	r.Notes = mnistNotes(c, met)
	if err := r.WriteFile(filepath.Join(dir, "report.html")); err != nil {
		return err
	}
	return nil
}

func mnistNotes(c mnistConfig, met mnistMetrics) []string {
	notes := []string{
		"Data: the first 50,000 training images train the model (dequantized with U(−½, ½)/255 noise, drawn afresh for every use, and scaled with one scalar mean and scale from all their pixels); training images 50,000… are the Parzen validation split and the 10,000 test images the test set, as in Goodfellow et al.'s Parzen protocol.",
		"Parzen: Gaussian kernels on the samples mapped back to [0, 1] pixel units (not clipped), σ from numpy.logspace(−1, 0, 10) chosen on the validation split, log-sum-exp in float64; the standard error is over test images. The estimate depends strongly on the number of centres: the paper's numbers (and the usual protocol) use 10,000 samples; the row with the same number of training images shows what a perfect model would score with this run's number of samples.",
		"Bound: K − L_null is estimated on dequantized, scaled test images from per-image uniformly drawn steps t ∈ {2…T} and fresh noise, weighted by T − 1 (an unbiased estimate of eq. 14; the reference code weights by T). The standard error is over images.",
		"Network and training follow the reference code (ReferenceParam μ = √(1−β_t)x + √β_t z^μ, v = σ(z^β/√T + logit β_t); LeakyReLU(0.05)) except: He/Glorot initialisation instead of Blocks' orthogonal one, a zero-initialised last layer (the untrained model is the forward kernel reversed), t drawn per example, and (by default) Adam with exponential learning-rate decay.",
		objectiveNote(c.Objective),
	}
	if !c.Full {
		notes = append(notes, fmt.Sprintf("This is the quick setting (%d steps, a %d-parameter network, %d samples); the reference code trained its MNIST network for 412,500 steps of 512. Run with -full for the reference network.", met.Steps, met.Params, met.Samples))
	}
	return notes
}

// peakRSSMB reads the process's peak resident set size (VmHWM) from /proc, 0 if unavailable.
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb float64
			if _, err := fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%f", &kb); err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}

// objectiveNote says which objective trained the model and what that does to the numbers.
func objectiveNote(objective string) string {
	if objective == "simple" {
		return "Objective: DDPM's \"simple\" weighting (Ho et al. 2020; diffusion.EpsilonT), not the paper's bound: t is drawn ∝ (1−β_t)(1−ᾱ_{t−1})/β_t, which makes Σ_t p_t KL_t the unweighted noise-prediction error and moves the training effort from the smallest t (where the bound's weight sits: fine texture) to the middle and large t (shapes: a digit's strokes, a disk's outline). Each KL_t keeps its own optimum, so K is still a valid bound and is evaluated with the bound's weights; the training curve is reweighted back to K (noisier: rarely drawn small t carry large weights). With the bound as objective the quick MNIST run's samples were stroke fragments (RESULTS.md)."
	}
	return "Objective: the paper's bound K (t uniform on 2…T, every KL_t weighted as in eq. 14)."
}
