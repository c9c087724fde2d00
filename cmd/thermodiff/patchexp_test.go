package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thermodiff/thermodiff/datasets"
)

// tinyPatchArgs shrinks the patch experiments to a few seconds.
var tinyPatchArgs = []string{"-T", "20", "-steps", "6", "-batch", "4", "-test", "6", "-bound-k", "1",
	"-samples", "1", "-conditioned", "1", "-sample-size", "16", "-cond-size", "16", "-layers", "1", "-channels", "4", "-scales", "2"}

func readPatchMetrics(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func checkPatchOutputs(t *testing.T, dir string, paperK float64) {
	t.Helper()
	m := readPatchMetrics(t, filepath.Join(dir, "metrics.json"))
	for _, k := range []string{"K_bits_per_pixel", "K_minus_Lnull_bits_per_pixel", "K_stderr_bits_per_pixel", "inpaint_hole_rmse", "denoise_rmse", "sample_mean", "sample_sd"} {
		v, ok := m[k].(float64)
		if !ok || math.IsNaN(v) {
			t.Errorf("%s: %v", k, m[k])
		}
	}
	if m["paper_K_bits_per_pixel"] != paperK {
		t.Errorf("paper K %v, want %v", m["paper_K_bits_per_pixel"], paperK)
	}
	// K − L_null = K + 2.0471·C per pixel (PAPER.md §2.8).
	C := m["values_per_pixel"].(float64)
	if d := m["K_minus_Lnull_bits_per_pixel"].(float64) - m["K_bits_per_pixel"].(float64); math.Abs(d-C*0.5*math.Log2(2*math.Pi*math.E)) > 1e-9 {
		t.Errorf("K − L_null − K = %v, want %v", d, C*2.0471)
	}
	for _, f := range []string{"report.html", "samples.png", "inpaint.png", "denoise.png", "patches.png", "trajectory.png"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, ".png") {
			if _, err := png.Decode(bytes.NewReader(b)); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

func TestDeadLeavesTinyRunAndResume(t *testing.T) {
	out := t.TempDir()
	args := append([]string{"reproduce", "deadleaves", "-out", out, "-image-size", "32", "-patch", "8", "-train-images", "3", "-test-images", "2"}, tinyPatchArgs...)
	if err := run(args, io.Discard); err != nil {
		t.Fatal(err)
	}
	checkPatchOutputs(t, filepath.Join(out, "deadleaves"), paperDeadLeavesK)
	if got := readPatchMetrics(t, filepath.Join(out, "deadleaves", "metrics.json"))["provenance"].(map[string]any)["settings"].(map[string]any); got["large"] != "tiled" || got["tile_stride"] != 4.0 {
		t.Errorf("default large-image sampler %v, stride %v; want tiled, half the 8-pixel patch", got["large"], got["tile_stride"])
	}
	// Flat-region statistics of samples beside the perfect model and the data, at both sizes:
	// six rows whose area shares sum to 1.
	rows, _ := readPatchMetrics(t, filepath.Join(out, "deadleaves", "metrics.json"))["flat_regions"].([]any)
	if len(rows) != 6 {
		t.Fatalf("flat_regions has %d rows, want 6 (samples, perfect model, crops at two sizes)", len(rows))
	}
	for _, r := range rows {
		sum := 0.0
		for _, v := range r.(map[string]any)["area_share_by_scale"].([]any) {
			sum += v.(float64)
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("%v: area shares sum to %v", r.(map[string]any)["images"], sum)
		}
	}
	// The upsampling mode is recorded, and a checkpoint of one is refused by the other.
	if err := run(append(args, "-resume", "-upsample", "bilinear"), io.Discard); err == nil || !strings.Contains(err.Error(), "-upsample") {
		t.Errorf("-resume -upsample bilinear on a nearest checkpoint: %v", err)
	}
	// -resume from the final checkpoint trains no further steps and evaluates again (here with
	// the resized fully convolutional network on the larger images).
	if err := run(append(args, "-resume", "-large", "resized"), io.Discard); err != nil {
		t.Fatal(err)
	}
	checkPatchOutputs(t, filepath.Join(out, "deadleaves"), paperDeadLeavesK)
	// Resuming with another batch or objective would not give the uninterrupted run: refused.
	for _, other := range [][]string{{"-batch", "5"}, {"-objective", "simple"}} {
		if err := run(append(append(args, "-resume"), other...), io.Discard); err == nil || !strings.Contains(err.Error(), other[0]+" ") {
			t.Errorf("-resume %v: %v", other, err)
		}
	}
	// A corrupt checkpoint is refused with a clear error.
	os.WriteFile(filepath.Join(out, "deadleaves", "checkpoint.gob"), []byte("garbage"), 0o644)
	if err := run(append(args, "-resume"), io.Discard); err == nil || !strings.Contains(err.Error(), "-resume") {
		t.Errorf("corrupt checkpoint: %v", err)
	}
	if err := run([]string{"reproduce", "deadleaves", "-out", out, "-hole", "64"}, io.Discard); !errors.Is(err, errUsage) {
		t.Errorf("hole larger than the image: %v", err)
	}
	for _, bad := range [][]string{{"-large", "stretched"}, {"-tile-stride", "-1"}, {"-patch", "8", "-tile-stride", "9"}, {"-patch", "16", "-sample-size", "8"}, {"-objective", "elbo"}, {"-upsample", "cubic"}, {"-param", "x0"}, {"-lr-decay", "cosine"}} {
		if err := run(append([]string{"reproduce", "deadleaves", "-out", out}, bad...), io.Discard); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v", bad, err)
		}
	}
}

func TestTextureTinyRun(t *testing.T) {
	out := t.TempDir()
	dir := t.TempDir()
	g := image.NewGray(image.Rect(0, 0, 32, 48))
	for i := range g.Pix {
		g.Pix[i] = byte((i*7)%256) ^ byte(i/32*13)
	}
	var b bytes.Buffer
	png.Encode(&b, g)
	os.WriteFile(filepath.Join(dir, "bark.png"), b.Bytes(), 0o644)
	// Trained with the simple objective (t drawn with DDPM's weights; K is still the bound),
	// the ε-prediction parameterization, the step as an input plane and bilinear upsampling.
	args := append([]string{"reproduce", "texture", "-out", out, "-data", dir, "-texture", "bark", "-train-rows", "24", "-patch", "8", "-objective", "simple", "-param", "eps", "-time-input", "-upsample", "bilinear", "-lr-decay", "const"}, tinyPatchArgs...)
	if err := run(args, io.Discard); err != nil {
		t.Fatal(err)
	}
	checkPatchOutputs(t, filepath.Join(out, "texture"), paperBarkK)
	if got := readPatchMetrics(t, filepath.Join(out, "texture", "metrics.json"))["provenance"].(map[string]any)["settings"].(map[string]any); got["objective"] != "simple" || got["param"] != "eps" || got["time_input"] != true || got["upsample"] != "bilinear" || got["lr_decay"] != "const" {
		t.Errorf("objective, param, time input, upsampling, lr decay recorded as %v, %v, %v, %v, %v", got["objective"], got["param"], got["time_input"], got["upsample"], got["lr_decay"])
	}
	// With a constant learning rate the run is extended by -resume with a larger -steps (the
	// later -steps wins): it trains on from step 6 to 9.
	if err := run(append(args, "-resume", "-steps", "9"), io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := readPatchMetrics(t, filepath.Join(out, "texture", "metrics.json"))["steps"]; got != 9.0 {
		t.Errorf("extended run reports %v steps, want 9", got)
	}
	// An explicit -data without the file is an error, not a skip.
	if err := run([]string{"reproduce", "texture", "-out", out, "-data", dir, "-texture", "gravel"}, io.Discard); err == nil {
		t.Error("missing texture in -data accepted")
	}
	// Outside the repository (no data/textures, no scripts/textures.sh) the default location
	// is skipped, and the run says so rather than exiting silently.
	t.Chdir(t.TempDir())
	var msg bytes.Buffer
	if err := run([]string{"reproduce", "texture", "-out", out}, &msg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg.String(), "texture: skipped") || !strings.Contains(msg.String(), "-data") {
		t.Errorf("skipped run printed %q, want the reason and -data", msg.String())
	}
	if s, _ := readPatchMetrics(t, filepath.Join(out, "texture", "metrics.json"))["skipped"].(string); s == "" {
		t.Error("metrics do not say skipped")
	}
}

// CIFAR-10: without -data the run is skipped (metrics say so, reproduce all goes on); a wrong
// -data is an error; small files in the binary layout run end to end (RGB network).
func TestCIFAR10Run(t *testing.T) {
	out := t.TempDir()
	var msg bytes.Buffer
	if err := run([]string{"reproduce", "cifar10", "-out", out}, &msg); err != nil {
		t.Fatalf("no data must not fail: %v", err)
	}
	if !strings.Contains(msg.String(), "data_batch_1.bin") {
		t.Errorf("no hint where to put the data: %q", msg.String())
	}
	m := readPatchMetrics(t, filepath.Join(out, "cifar10", "metrics.json"))
	if s, _ := m["skipped"].(string); !strings.Contains(s, "no data") {
		t.Errorf("metrics do not say skipped: %v", m)
	}
	// The skip page shows the run's seed and commit, as metrics.json does.
	page, err := os.ReadFile(filepath.Join(out, "cifar10", "report.html"))
	if err != nil {
		t.Error(err)
	}
	prov, _ := m["provenance"].(map[string]any)
	commit, _ := prov["git_commit"].(string)
	commit, _, _ = strings.Cut(commit, "+") // "+dirty" is escaped on the page
	if commit == "" || !strings.Contains(string(page), "<td>commit</td><td>"+commit) || !strings.Contains(string(page), "<td>seed</td><td>1</td>") {
		t.Errorf("skip page lacks the seed or commit %q of metrics.json", commit)
	}
	data := t.TempDir()
	if err := run([]string{"reproduce", "cifar10", "-out", out, "-data", data}, io.Discard); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("empty data directory: %v", err)
	}
	rec := make([]byte, datasets.CIFARRecord)
	for i := range rec {
		rec[i] = byte(i * 31)
	}
	rec[0] = 4
	two := append(append([]byte{}, rec...), rec...)
	for _, f := range append(append([]string{}, datasets.CIFARTrainFiles...), datasets.CIFARTestFile) {
		os.WriteFile(filepath.Join(data, f), two, 0o644)
	}
	args := []string{"reproduce", "cifar10", "-out", out, "-data", data, "-T", "20", "-steps", "4", "-batch", "2", "-test", "2", "-bound-k", "1",
		"-samples", "1", "-conditioned", "1", "-layers", "1", "-channels", "4", "-scales", "2"}
	if err := run(args, io.Discard); err != nil {
		t.Fatal(err)
	}
	checkPatchOutputs(t, filepath.Join(out, "cifar10"), paperCIFARK)
	os.WriteFile(filepath.Join(data, datasets.CIFARTestFile), two[:100], 0o644)
	if err := run(args, io.Discard); !errors.Is(err, datasets.ErrCIFARFormat) {
		t.Errorf("truncated test batch: %v", err)
	}
}

// x^(t) is shown at T, halving down to about T/32, and 0.
func TestTrajectorySteps(t *testing.T) {
	for _, c := range []struct {
		T    int
		want []int
	}{{1000, []int{1000, 500, 250, 125, 62, 31, 0}}, {500, []int{500, 250, 125, 62, 31, 15, 0}}, {20, []int{20, 10, 5, 2, 1, 0}}, {2, []int{2, 1, 0}}} {
		if got := trajectorySteps(c.T); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("T = %d: %v, want %v", c.T, got, c.want)
		}
	}
}

// The bound's chunk keeps 256 patches up to 32×32 (earlier results unchanged) and the pixels
// of 256 patches of 32×32 above.
func TestEvalRows(t *testing.T) {
	for _, c := range [][2]int{{8 * 8, 256}, {16 * 16, 256}, {32 * 32, 256}, {64 * 64, 64}, {128 * 128, 16}, {1024 * 1024, 1}} {
		if got := evalRows(c[0]); got != c[1] {
			t.Errorf("evalRows(%d) = %d, want %d", c[0], got, c[1])
		}
	}
}
