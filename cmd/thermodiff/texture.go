package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/thermodiff/thermodiff/analysis"
	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
)

func init() {
	registerExperiment(experiment{
		Name: "texture", Resumable: true, Order: 7,
		Summary: "grey texture photograph (skimage gravel/grass/brick, substitute for the paper's bark), Gaussian diffusion, T = 500, fully convolutional model on patches; bound K (Table 1), central-hole inpainting (Figure 5), samples, denoising",
		Run:     runTexture,
	})
}

// Table 1 of the paper (arXiv v8), bark.
const (
	paperBarkK          = -0.55
	paperBarkKMinusNull = 1.5
)

const defaultTextureDir = "data/textures"

var textureDefaults = patchDefaults{
	T: 500, Patch: 16, FullPatch: 32,
	Steps: 1500, FullSteps: 20000, Batch: 32, FullBatch: 32,
	Net: diffusion.FCNConfig{Channels: 1, ConvLayers: 2, ConvChannels: 16, Scales: 3,
		UpperLayers: 2, UpperHidden: 32, J: 10, Act: "leakyrelu", Workers: 2},
	FullNet: diffusion.FCNConfig{Channels: 1, ConvLayers: 4, ConvChannels: 32, Scales: 4,
		UpperLayers: 2, UpperHidden: 64, J: 10, Act: "leakyrelu", Workers: 2},
	SampleSize: 64, FullSampleSize: 128, CondSize: 64, FullCondSize: 128,
	Samples: 4, FullSamples: 8, Test: 2000, FullTest: 10000,
	FullHelp: "the long run: 4 multi-scale layers of 32 channels with 4 scales, 32×32 patches, batch 32, 20,000 steps, 10,000 holdout patches, 8 samples and 3 inpaintings of 128×128 with a 48×48 hole: training takes about 16 minutes on 2 idle cores with the default engine (the dead-leaves network: BenchmarkFCNDeadLeavesFullTrainStep, 21 steps/s), then some minutes of evaluation; -steps shortens it, -resume continues",
}

func runTexture(args []string, stderr io.Writer) error {
	var dataDir, name string
	var trainRows int
	c, err := parsePatch("texture", textureDefaults, args, stderr, func(fs *flag.FlagSet) func(*patchConfig, map[string]bool, *checks) []memTerm {
		fs.StringVar(&dataDir, "data", "", "directory with the texture PNGs (default "+defaultTextureDir+", filled by scripts/textures.sh, which is run when the files are missing)")
		fs.StringVar(&name, "texture", "gravel", "which photograph: gravel, grass or brick (skimage; any NAME.png in -data works)")
		fs.IntVar(&trainRows, "train-rows", 384, "the top rows of the photograph train the model, the rest is the holdout region")
		return func(c *patchConfig, _ map[string]bool, ck *checks) []memTerm {
			switch {
			case dataDir == "":
				ck.oneOf("texture", name, datasets.TextureNames...)
			case name == "" || strings.ContainsAny(name, `/\`):
				ck.failf("-texture must name a PNG in -data (NAME for NAME.png), got %q", name)
			}
			if dataDir != "" {
				if fi, err := os.Stat(dataDir); err != nil || !fi.IsDir() {
					ck.failf("-data %s is not a directory", dataDir)
				}
			}
			if trainRows < c.Net.Height {
				ck.failf("-train-rows must be at least the %d-pixel patch, got %d", c.Net.Height, trainRows)
			}
			c.trainSettings = map[string]any{"-texture": name, "-train-rows": trainRows}
			return nil
		}
	})
	if err != nil {
		return err
	}
	if err := c.begin(stderr); err != nil {
		return err
	}
	img, err := loadTextureOrExtract(dataDir, name, stderr)
	if errors.Is(err, errNoTextures) {
		// Only the default location may be missing (reproduce all on a machine without apt).
		fmt.Fprintf(stderr, "texture: skipped: %v\n", err)
		return writeSkipped(c, "no texture data: "+err.Error(), "Texture photographs (substitute for bark, Figure 5)")
	}
	if err != nil {
		return err
	}
	if trainRows < c.Net.Height || img.Height-trainRows < max(c.Net.Height, c.CondSize) || img.Width < max(c.SampleSize, c.CondSize) {
		return fmt.Errorf("%w: a %d×%d photograph split at row %d cannot hold %d-pixel patches and %d-pixel holdout images", errUsage, img.Width, img.Height, trainRows, c.Net.Height, c.CondSize)
	}
	train, test := img.SplitRows(trainRows)
	sc := datasets.FitScalingImages([]datasets.GreyImage{train})
	c.settingsExtra = map[string]any{"texture": name, "train_rows": trainRows, "image": fmt.Sprintf("%d×%d", img.Width, img.Height),
		"scaling": fmt.Sprintf("z = (x − %.4f)·%.4f, x ∈ [0,1] dequantized", sc.Mean, sc.Scale)}
	fmt.Fprintf(stderr, "texture: %s (%d×%d): rows 0…%d train, %d… holdout; scaling mean %.4f, scale %.4f\n", name, img.Width, img.Height, trainRows-1, trainRows, sc.Mean, sc.Scale)
	data := greyPatchData(c, sc, []datasets.GreyImage{train}, []datasets.GreyImage{test}, rand.New(rand.NewPCG(c.Seed, 22)))
	var crops []float64
	if test.Height >= c.SampleSize {
		crops = greyCrops([]datasets.GreyImage{test}, c.SampleSize, 4, sc, rand.New(rand.NewPCG(c.Seed, 23)))
	}
	met, fig, err := runPatch(c, data, crops, stderr)
	if err != nil {
		return err
	}
	met.PaperK, met.PaperKMinusNull = paperBarkK, paperBarkKMinusNull
	txt := patchReportText{
		Title: "Texture inpainting (Sohl-Dickstein et al. 2015, §3.2.1, Table 1 'Bark', Figure 5) — on a substitute texture",
		Summary: fmt.Sprintf("Gaussian diffusion over T = %d steps (reference schedule, β_1 = %.4f) on the grey-scale photograph '%s' (skimage, CC0; %d×%d: the top %d rows train, the rest is held out), dequantized and scaled to unit variance. Fully convolutional reverse network (%d multi-scale layers × %d channels × %d scales, %d 1×1 layers, J = %d; %d parameters) trained on %d×%d patches for %d steps of %d in %.0f s.",
			c.T, 0.001+1/float64(c.T), name, img.Width, img.Height, trainRows, c.Net.ConvLayers, c.Net.ConvChannels, c.Net.Scales, c.Net.UpperLayers, c.Net.J, met.Params, c.Net.Height, c.Net.Width, met.Steps, c.Train.Batch, met.TrainSeconds),
		SamplesCaption: fmt.Sprintf("%d samples of %d×%d from the model trained on %d×%d patches (%s); last row: holdout crops of the photograph.", len(fig.Samples), c.SampleSize, c.SampleSize, c.Net.Height, c.Net.Width, c.largeDesc(met)),
		InpaintCaption: fmt.Sprintf("Figure 5: left (a), holdout %d×%d crops of the photograph; middle (b), the central %d×%d region replaced with isotropic Gaussian noise, the sampler's initialisation p̃(x^(T)); right (c), inpainted by sampling from the posterior with r = δ on the known pixels (clamped at every step).", c.CondSize, c.CondSize, c.Hole, c.Hole),
		DenoiseCaption: "Denoising (as Figure 3): left, holdout crops; middle, with Gaussian noise of variance 1 in the unit-variance units (SNR 1); right, a sample from the posterior (r(x) = N(y; x, 1) multiplied exactly into every step, chain started at y).",
		BoundNote:      "holdout patches of the photograph's bottom rows; the paper's value is for bark (see notes)",
		Notes: []string{
			"Data: the paper's bark images (UIUC texture database T01–T04, Lazebnik et al. 2005) are not available here; the photograph is one of the three grey textures Debian's python3-skimage ships under CC0 (scripts/textures.sh extracts them into data/textures/). It is a different material, so the bound is not comparable digit for digit with the paper's −0.55 bits/pixel; the training and holdout regions are disjoint rows of one photograph.",
			"Bound: K − L_null on holdout patches of the training-patch size, per-patch stratified steps t and fresh noise (unbiased for eq. 14), bits per pixel, standard error over patches.",
			"Network: conv-only multi-scale network (no dense pathway), reference-code parameterization, Adam with exponential learning-rate decay instead of SFO.",
		},
	}
	if !c.Full {
		txt.Notes = append(txt.Notes, fmt.Sprintf("This is the quick setting (%d steps on %d×%d patches, %d parameters): the inpaintings show what minutes of training give. Run with -full for the long run.", met.Steps, c.Net.Height, c.Net.Width, met.Params))
	}
	if err := writePatchReport(c, met, fig, txt, args); err != nil {
		return err
	}
	if err := c.runSpec().finished(met.Steps); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "texture: wrote %s/texture/{metrics.json,report.html,samples.png,patches.png,trajectory.png,inpaint.png,denoise.png}\n", c.Out)
	return nil
}

var errNoTextures = errors.New("texture photographs not found")

// loadTextureOrExtract loads dir/name.png. With dir empty it uses data/textures and, when the
// file is missing there, runs scripts/textures.sh (if present) once; errNoTextures then means
// they could not be had. An explicit dir must hold the file.
func loadTextureOrExtract(dir, name string, stderr io.Writer) (datasets.GreyImage, error) {
	if dir != "" {
		return datasets.LoadTexture(dir, name)
	}
	dir = defaultTextureDir
	p := filepath.Join(dir, name+".png")
	if _, err := os.Stat(p); err != nil {
		if !slices.Contains(datasets.TextureNames, name) {
			return datasets.GreyImage{}, fmt.Errorf("%w: %s is not one of %v and is not in %s", errUsage, name, datasets.TextureNames, dir)
		}
		script := filepath.Join("scripts", "textures.sh")
		if _, err := os.Stat(script); err != nil {
			return datasets.GreyImage{}, fmt.Errorf("%w: %s missing and %s not found (run thermodiff from the repository root, or pass -data DIR); %s", errNoTextures, p, script, datasets.TextureHelp)
		}
		fmt.Fprintf(stderr, "texture: %s missing; running %s\n", p, script)
		cmd := exec.Command("bash", script, dir)
		cmd.Stdout, cmd.Stderr = stderr, stderr
		if err := cmd.Run(); err != nil {
			return datasets.GreyImage{}, fmt.Errorf("%w: %s failed (%v); %s", errNoTextures, script, err, datasets.TextureHelp)
		}
	}
	return datasets.LoadTexture(dir, name)
}

// writeSkipped records an experiment that could not run for lack of data: metrics.json with
// "skipped" and a report saying what to do; it returns nil so that reproduce all goes on.
func writeSkipped(c patchConfig, why, title string) error {
	dir, err := experimentDir(c.Out, c.Name)
	if err != nil {
		return err
	}
	prov := newProvenance(c.Seed, c.settings())
	m := map[string]any{"experiment": c.Name, "skipped": why, "provenance": prov}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), m); err != nil {
		return err
	}
	r := analysis.Report{
		Title:   title + " — skipped",
		Summary: "Not run: " + why,
		Results: []analysis.Result{{Name: "K", Unit: "bits/pixel", Paper: math.NaN(), Ours: math.NaN(), Note: "skipped: no data"}},
		Notes:   []string{why},
		// The page shows the same seed and commit as metrics.json (issue 22: it showed seed 0
		// and commit "unknown").
		Provenance: analysis.Provenance{
			Command:   "thermodiff reproduce " + c.Name,
			Seed:      prov.Seed,
			Commit:    prov.GitCommit,
			GoVersion: prov.GoVersion,
			Settings:  analysis.SettingsFromMap(c.settings()),
		},
	}
	return r.WriteFile(filepath.Join(dir, "report.html"))
}
