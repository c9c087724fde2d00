package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/thermodiff/thermodiff/analysis"
)

// patchReportText is an experiment's text for its report.
type patchReportText struct {
	Title, Summary string
	// PaperFigure names the paper's figures the panels stand in for.
	SamplesCaption, InpaintCaption, DenoiseCaption string
	Notes                                          []string
	BoundNote                                      string
	// Regions, when set, adds the flat-region comparison (regionResults, regionChart).
	Regions []regionRow
}

func gridPNG(imgs [][]float64, side, channels, cols, scale int) ([]byte, error) {
	if channels == 3 {
		return analysis.RGBImageGridPNG(imgs, side, side, cols, scale)
	}
	return analysis.ImageGridPNG(imgs, side, side, cols, scale)
}

// writePatchReport writes DIR/<name>/{metrics.json, report.html, samples.png, patches.png,
// trajectory.png, inpaint.png, denoise.png}.
func writePatchReport(c patchConfig, met patchMetrics, fig patchFigure, txt patchReportText, args []string) error {
	dir := filepath.Join(c.Out, c.Name)
	met.Notes = append(txt.Notes, objectiveNote(c.Objective))
	if err := writeJSON(filepath.Join(dir, "metrics.json"), met); err != nil {
		return err
	}
	scale := max(1, 256/fig.Size)
	// Samples beside data of the same size (Figure 4 (a) vs (c)).
	var samp [][]float64
	cols := min(len(fig.Samples), 4)
	samp = append(samp, fig.Samples...)
	if len(fig.DataCrops) > 0 {
		samp = append(samp, fig.DataCrops[:min(len(fig.DataCrops), cols)]...)
	}
	samplesPNG, err := gridPNG(samp, fig.Size, fig.Channels, cols, scale)
	if err != nil {
		return err
	}
	pscale := max(1, 64/fig.Patch)
	var pp [][]float64
	pp = append(pp, fig.PatchSamples...)
	pp = append(pp, fig.PatchData[:min(len(fig.PatchData), len(fig.PatchSamples))]...)
	patchPNG, err := gridPNG(pp, fig.Patch, fig.Channels, max(1, len(fig.PatchSamples)), pscale)
	if err != nil {
		return err
	}
	trajPNG, err := gridPNG(fig.Trajectory, fig.Size, fig.Channels, len(fig.Trajectory), max(1, 128/fig.Size))
	if err != nil {
		return err
	}
	// Inpainting: one row per image: clean | hole initialised with noise | inpainted.
	var inp, den [][]float64
	for i := range fig.Clean {
		inp = append(inp, fig.Clean[i], fig.HoleInit[i], fig.Inpainted[i])
		den = append(den, fig.Clean[i], fig.Noisy[i], fig.Denoised[i])
	}
	cscale := max(1, 192/fig.CondSize)
	inpPNG, err := gridPNG(inp, fig.CondSize, fig.Channels, 3, cscale)
	if err != nil {
		return err
	}
	denPNG, err := gridPNG(den, fig.CondSize, fig.Channels, 3, cscale)
	if err != nil {
		return err
	}
	for name, b := range map[string][]byte{"samples.png": samplesPNG, "patches.png": patchPNG, "trajectory.png": trajPNG, "inpaint.png": inpPNG, "denoise.png": denPNG} {
		if err := writeFileAtomic(filepath.Join(dir, name), b); err != nil {
			return err
		}
	}
	paperSE := func(v float64) float64 { return v }
	r := analysis.Report{
		Title:   txt.Title,
		Summary: txt.Summary,
		Results: []analysis.Result{
			{Name: "K", Unit: "bits/pixel", Paper: met.PaperK, PaperStdErr: paperSE(met.PaperStdErr), Ours: met.KBits, OursStdErr: met.KStdErr, Note: txt.BoundNote},
			{Name: "K − L_null", Unit: "bits/pixel", Paper: met.PaperKMinusNull, PaperStdErr: met.PaperKMinusNullSE, Ours: met.KMinusNull, OursStdErr: met.KMinusNullStdErr,
				Note: fmt.Sprintf("%d holdout patches of %d×%d, %d sampled t each; ceiling of the schedule %.3f; untrained network %.3f", met.TestPatches, c.Net.Height, c.Net.Width, c.BoundK, met.CeilingKMinusNull, met.UntrainedKMinusNull)},
			{Name: "inpainting RMSE in the hole", Unit: "scaled units", Paper: math.NaN(), Ours: met.InpaintHoleRMSE, Note: fmt.Sprintf("one posterior sample per image; filling with the data mean gives %.3f", met.InpaintHoleRMSEMean)},
			{Name: "denoising RMSE (SNR 1)", Unit: "scaled units", Paper: math.NaN(), Ours: met.DenoiseRMSE, Note: fmt.Sprintf("one posterior sample per image; the noisy input has %.3f", met.NoisyRMSE)},
			{Name: "training time", Unit: "s", Paper: math.NaN(), Ours: met.TrainSeconds, Note: fmt.Sprintf("%d steps of %d patches, %.2f steps/s, %d skipped; %d parameters", met.Steps, c.Train.Batch, met.StepsPerSecond, met.SkippedSteps, met.Params)},
		},
		Provenance: analysis.Provenance{
			Command:   "thermodiff reproduce " + c.Name + " " + strings.Join(args, " "),
			Seed:      met.Seed,
			Commit:    met.GitCommit,
			GoVersion: met.Provenance.GoVersion,
			WallTime:  time.Duration(met.Provenance.WallSecond * float64(time.Second)),
			Settings:  analysis.SettingsFromMap(c.settings()),
			Extra: []analysis.Setting{{Name: "BLAS", Value: met.Provenance.BLAS},
				{Name: "peak RSS", Value: fmt.Sprintf("%.0f MB", met.PeakRSSMB)},
				{Name: "evaluation time", Value: fmt.Sprintf("%.0f s", met.EvalSeconds)}},
		},
	}
	r.Results = append(r.Results, regionResults(txt.Regions)...)
	if t, err := time.Parse(time.RFC3339, met.Provenance.Started); err == nil {
		r.Provenance.Started = t
	}
	r.Figures = append(r.Figures,
		analysis.Figure{Caption: txt.SamplesCaption, Image: samplesPNG},
		analysis.Figure{Caption: fmt.Sprintf("Top: %d samples at the training patch size (%d×%d); bottom: holdout patches of the data.", len(fig.PatchSamples), fig.Patch, fig.Patch), Image: patchPNG},
		analysis.Figure{Caption: fmt.Sprintf("The reverse process of one %d×%d sample (as Figure 1's middle row): x^(t) at t = %s, left to right, on the data's grey scale (values outside it clipped). It shows at which t the structure of the sample appears.", fig.Size, fig.Size, joinInts(fig.TrajectoryT)), Image: trajPNG},
		analysis.Figure{Caption: txt.InpaintCaption, Image: inpPNG},
		analysis.Figure{Caption: txt.DenoiseCaption, Image: denPNG},
	)
	if ch := regionChart(txt.Regions); ch != nil {
		r.AddChart(fmt.Sprintf("Sizes of the flat regions (neighbouring pixels within %d grey levels joined): the share of pixels in regions of area 4^k … 4^(k+1) pixels, for the samples (solid), the holdout data as a perfect model would give them through the sampler's fixed last step (noise of 4.7 grey levels per pixel), and the holdout data. Dead leaves with radius density ∝ r⁻³ spread their area evenly over the scales; pixels in specks (k = 0) are noise or fragments.", regionTolGrey), ch)
	}
	if len(met.Curve) > 0 {
		it := make([]int, len(met.Curve))
		k := make([]float64, len(met.Curve))
		P := float64(c.Net.Height * c.Net.Width)
		null := 0.5 * math.Log2(2*math.Pi*math.E) * float64(c.Net.Channels)
		for i, p := range met.Curve {
			it[i] = p.Step
			k[i] = p.KBits/P + null
		}
		r.AddChart("Training curve: minibatch estimate of K − L_null (bits/pixel) against the step.", analysis.TrainingCurveOf("K − L_null", "bits/pixel", it, k, met.PaperKMinusNull))
	}
	r.Notes = met.Notes
	return r.WriteFile(filepath.Join(dir, "report.html"))
}

// joinInts writes 1000, 500, 0.
func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}
