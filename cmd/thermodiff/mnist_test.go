package main

import (
	"github.com/thermodiff/thermodiff/diffusion/nn"

	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMNISTBadInput(t *testing.T) {
	tmp := t.TempDir()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"-frob"}, "flag"},
		{"zero T", []string{"-T", "1"}, "-T"},
		{"zero steps", []string{"-steps", "-3"}, "-steps"},
		{"bad act", []string{"-act", "relu6"}, "-act"},
		{"bad objective", []string{"-objective", "elbo"}, "-objective"},
		{"bad workers", []string{"-workers", "0"}, "-workers"},
		{"too many test images", []string{"-test", "20000"}, "-test"},
		{"zero samples", []string{"-samples", "-1"}, "-samples"},
		{"bad parzen split", []string{"-parzen-valid", "1"}, "-parzen-valid"},
		{"bad optimizer", []string{"-optimizer", "sgd", "-data", tmp}, "optimizer"},
		{"bad lr decay", []string{"-lr-decay", "cosine", "-data", tmp}, "-lr-decay"},
		{"bad ema", []string{"-ema", "1", "-data", tmp}, "-ema"},
		{"extra argument", []string{"now"}, "unexpected"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := run(append([]string{"reproduce", "mnist", "-out", tmp}, c.args...), io.Discard)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, errUsage) {
				t.Errorf("not a usage error: %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
	// A data directory without the files names the missing file.
	err := run([]string{"reproduce", "mnist", "-out", tmp, "-data", tmp}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "train-images-idx3-ubyte") {
		t.Fatalf("empty -data directory: %v", err)
	}
}

// A tiny end-to-end run on the real MNIST files (skipped when the GoMNIST module cannot be
// found): metrics.json has every key the issue names, the same seed gives the same numbers,
// and the report and sample grid are written.
func TestMNISTTinyRunDeterministic(t *testing.T) {
	dataDir, err := findMNIST("", io.Discard)
	if err != nil {
		t.Skip(err)
	}
	tiny := func(out string) map[string]any {
		args := []string{"reproduce", "mnist", "-out", out, "-data", dataDir, "-seed", "3", "-T", "20", "-steps", "4", "-batch", "8",
			"-test", "40", "-samples", "6", "-perfect-centres", "30", "-parzen-valid", "20", "-parzen-test", "20", "-conditioned", "2"}
		if err := run(args, io.Discard); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(out, "mnist", "metrics.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"report.html", "samples.png", "denoise.png", "inpaint.png", "checkpoint.gob"} {
			if _, err := os.Stat(filepath.Join(out, "mnist", f)); err != nil {
				t.Error(err)
			}
		}
		return m
	}
	a, b := tiny(t.TempDir()), tiny(t.TempDir())
	for _, k := range []string{"K_minus_Lnull_bits_per_pixel", "K_stderr", "parzen_bits", "parzen_stderr", "paper_parzen_bits", "perfect_parzen_bits", "train_seconds", "steps", "seed", "git_commit", "provenance"} {
		if _, ok := a[k]; !ok {
			t.Errorf("metrics.json lacks %q", k)
		}
	}
	// metrics.json names the BLAS engine that ran (openblas by default where installed).
	if prov, _ := a["provenance"].(map[string]any); prov["blas"] != nn.Backend() || prov["blas"] == "" || prov["blas_detail"] != nn.BackendNote() {
		t.Errorf("provenance blas = %v (%v), want %s", prov["blas"], prov["blas_detail"], nn.BackendLine())
	}
	if a["paper_parzen_bits"] != 317.0 {
		t.Errorf("paper_parzen_bits = %v", a["paper_parzen_bits"])
	}
	for k, v := range a {
		switch k {
		case "train_seconds", "eval_seconds", "train_steps_per_second", "provenance", "peak_rss_mb":
			continue
		}
		ja, _ := json.Marshal(v)
		jb, _ := json.Marshal(b[k])
		if string(ja) != string(jb) {
			t.Errorf("%s differs between runs with the same seed: %s vs %s", k, ja, jb)
		}
	}
}

// -resume continues from the checkpoint (a finished run re-evaluates), and a checkpoint of
// another network or a corrupt one is refused with a clear error.
func TestMNISTResume(t *testing.T) {
	dataDir, err := findMNIST("", io.Discard)
	if err != nil {
		t.Skip(err)
	}
	out := t.TempDir()
	small := []string{"-out", out, "-data", dataDir, "-T", "20", "-steps", "3", "-batch", "4", "-test", "10",
		"-samples", "3", "-perfect-centres", "10", "-parzen-valid", "10", "-parzen-test", "10", "-conditioned", "1"}
	if err := run(append([]string{"reproduce", "mnist", "-resume"}, small...), io.Discard); err == nil || !strings.Contains(err.Error(), "-resume") {
		t.Fatalf("resume without checkpoint: %v", err)
	}
	if err := run(append([]string{"reproduce", "mnist"}, small...), io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(append([]string{"reproduce", "mnist", "-resume"}, small...), io.Discard); err != nil {
		t.Fatalf("resume from a finished run: %v", err)
	}
	err = run(append([]string{"reproduce", "mnist", "-resume", "-ema", "0.9"}, small...), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "-ema 0 (now 0.9)") {
		t.Fatalf("mismatched checkpoint: %v", err)
	}
	ckpt := filepath.Join(out, "mnist", "checkpoint.gob")
	data, err := os.ReadFile(ckpt)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)/2] ^= 0x55
	if err := os.WriteFile(ckpt, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(append([]string{"reproduce", "mnist", "-resume"}, small...), io.Discard); err == nil || !strings.Contains(err.Error(), "unusable checkpoint") {
		t.Fatalf("corrupt checkpoint: %v", err)
	}
}
