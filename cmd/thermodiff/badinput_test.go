package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A command line with one bad value (issue 22 item 1). want is what the one-line error must
// name, usually the flag.
type badCase struct {
	want string
	args []string
}

// bad is a case whose error names the flag itself.
func bad(flag string, value ...string) badCase {
	return badCase{want: "-" + flag, args: append([]string{"-" + flag}, value...)}
}

// badSuite is one command and its bad inputs. build puts the output directory, the command's
// tiny settings (so that a check that is missing shows as a run that is not refused, not as
// minutes of training) and a bad case's arguments together; the case comes last and wins.
type badSuite struct {
	name  string // the folder the command writes under OUT
	build func(out string, c badCase) []string
	cases []badCase
}

func appendBuild(cmd, tiny []string) func(string, badCase) []string {
	return func(out string, c badCase) []string {
		return append(append(append(append([]string{}, cmd...), "-out", out), tiny...), c.args...)
	}
}

// commonBad are the bad values of the flags most experiments share.
func commonBad() []badCase {
	return []badCase{
		bad("steps", "0"), bad("steps", "-1"), bad("batch", "0"), bad("batch", "-5"),
		bad("T", "0"), bad("T", "1"), bad("T", "-3"),
		bad("lr", "0"), bad("lr", "-1e-3"), bad("lr", "NaN"), bad("lr", "Inf"), bad("lr", "-Inf"),
		bad("lr-final", "NaN"), bad("lr-final", "Inf"), bad("lr-final", "-1"), bad("lr-final", "0"),
		{"frob", []string{"-frob", "1"}}, {"unexpected", []string{"extra"}}, {"invalid value", []string{"-seed", "-1"}},
		{"-resume and -fresh", []string{"-resume", "-fresh"}},
	}
}

// patchBad are the bad values of the patch experiments' shared flags.
func patchBad() []badCase {
	return append(commonBad(),
		bad("patch", "0"), bad("patch", "7"), bad("layers", "0"), bad("channels", "-2"), bad("scales", "0"), bad("scales", "100"),
		bad("test", "1"), bad("bound-k", "0"), bad("bound-k", "500"), bad("samples", "0"), bad("sample-size", "0"), bad("cond-size", "-16"),
		bad("hole", "64"), bad("tile-stride", "0"), bad("tile-stride", "999"), bad("conditioned", "0"), bad("chunk", "0"),
		bad("checkpoint-every", "-1"), bad("workers", "0"), bad("workers", "100000"), bad("ema", "1"), bad("ema", "NaN"), bad("ema", "-0.5"),
		bad("objective", "elbo"), bad("param", "x0"), bad("act", "relu"), bad("upsample", "cubic"), bad("large", "stretched"),
		bad("lr-decay", "cosine"),
	)
}

func swissBad() []badCase {
	return append(commonBad(),
		bad("units", "0"), bad("units", "15"), bad("units", "1"), bad("units", "-4"),
		bad("beta-lr", "NaN"), bad("beta-lr", "-1"), bad("beta-lr", "Inf"), bad("beta-lr", "0"),
		bad("schedule", "erf"), bad("model", "cnn"), bad("param", "x0"), bad("t-sampling", "fancy"), bad("optimizer", "sgd"),
		bad("holdout", "1"), bad("is-points", "0"), bad("is-traj", "0"), bad("samples", "0"), bad("checkpoint-every", "-1"),
		bad("beta1", "NaN"), bad("beta1", "0"), bad("betaT", "Inf"), bad("betaT", "1"), bad("noise", "NaN"), bad("noise", "-1"), bad("noise", "Inf"),
		// -learn-beta (on by default) supports neither the ε parameterization nor importance-sampled t.
		badCase{"-learn-beta", []string{"-param", "eps"}}, badCase{"-learn-beta", []string{"-t-sampling", "importance"}},
	)
}

func badSuites(t *testing.T) []badSuite {
	empty := t.TempDir() // a -data directory without the data: a missed check fails fast
	tinySwiss := []string{"-T", "8", "-steps", "4", "-batch", "16", "-holdout", "20", "-is-points", "2", "-is-traj", "2", "-samples", "10", "-checkpoint-every", "0"}
	tinyPatch := append([]string{"-checkpoint-every", "0"}, tinyPatchArgs...)
	tinyThermoOwn := []string{"-points", "4", "-traj", "2", "-samples", "4", "-ode-points", "4", "-no-grid"}
	tinyThermoSR := []string{"-steps", "4", "-batch", "16", "-holdout", "20", "-T", "8"}
	return []badSuite{
		{"swissroll", appendBuild([]string{"reproduce", "swissroll"}, tinySwiss), swissBad()},
		{"swissroll-mlp", appendBuild([]string{"reproduce", "swissroll-mlp"}, tinySwiss), swissBad()},
		{"heartbeat", appendBuild([]string{"reproduce", "heartbeat"}, []string{"-T", "20", "-budget", "0", "-steps", "4", "-batch", "8",
			"-eval-chains", "2", "-is-points", "1", "-is-traj", "2", "-samples", "4", "-oracle-chains", "0", "-checkpoint-every", "0"}),
			append(commonBad(),
				bad("block", "0"), bad("workers", "0"), bad("workers", "100000"), bad("hidden", "0"), bad("hidden", "10"), bad("depth", "0"),
				bad("gain", "NaN"), bad("gain", "-1"), bad("gain", "Inf"), bad("copy-gain", "0"), bad("copy-gain", "NaN"), bad("copy-gain", "31"),
				bad("init", "zeros"), bad("ema", "1"), bad("ema", "NaN"), bad("ema", "-0.1"), bad("draw-min", "-1"),
				bad("max-train", "0s"), bad("budget", "-1s"), bad("budget", "20m"), bad("eval-chains", "0"), bad("is-points", "0"),
				bad("is-traj", "0"), bad("oracle-chains", "-1"), bad("samples", "0"), bad("checkpoint-every", "-1"))},
		{"mnist", appendBuild([]string{"reproduce", "mnist"}, []string{"-data", empty, "-T", "20", "-steps", "4", "-batch", "8", "-test", "40",
			"-samples", "6", "-perfect-centres", "30", "-parzen-valid", "20", "-parzen-test", "20", "-conditioned", "2", "-checkpoint-every", "0"}),
			append(commonBad(),
				bad("act", "relu6"), bad("objective", "elbo"), bad("workers", "0"), bad("workers", "100000"), bad("test", "1"), bad("test", "20000"),
				bad("bound-k", "0"), bad("bound-k", "5000"), bad("samples", "0"), bad("samples", "-1"), bad("perfect-centres", "0"),
				bad("perfect-centres", "60000"), bad("parzen-valid", "1"), bad("parzen-test", "20000"), bad("conditioned", "0"), bad("chunk", "0"),
				bad("checkpoint-every", "-1"), bad("lr-decay", "cosine"), bad("optimizer", "sgd"), bad("ema", "1"), bad("ema", "NaN"),
				bad("data", filepath.Join(empty, "missing")))},
		{"deadleaves", appendBuild([]string{"reproduce", "deadleaves"}, append([]string{"-image-size", "32", "-patch", "8", "-train-images", "3", "-test-images", "2"}, tinyPatch...)),
			append(patchBad(),
				bad("image-size", "0"), bad("image-size", "8"), bad("rmin", "0.1"), bad("rmin", "NaN"), bad("rmax", "Inf"), bad("rmax", "0.7"),
				bad("train-images", "0"), bad("test-images", "-1"))},
		{"texture", appendBuild([]string{"reproduce", "texture"}, append([]string{"-patch", "8"}, tinyPatch...)),
			append(patchBad(), bad("texture", "nosuch"), bad("train-rows", "0"), bad("data", filepath.Join(empty, "missing")))},
		{"cifar10", appendBuild([]string{"reproduce", "cifar10"}, []string{"-T", "20", "-steps", "4", "-batch", "2", "-test", "2", "-bound-k", "1",
			"-samples", "1", "-conditioned", "1", "-layers", "1", "-channels", "4", "-scales", "2", "-checkpoint-every", "0"}),
			append(patchBad(), bad("patch", "16"), bad("data", filepath.Join(empty, "missing")))},
		{"thermodynamics", func(out string, c badCase) []string {
			own, sr := c.args, []string(nil)
			if i := indexOf(c.args, "--"); i >= 0 {
				own, sr = c.args[:i], c.args[i+1:]
			}
			args := append(append(append([]string{"reproduce", "thermodynamics", "-out", out}, tinyThermoOwn...), own...), "--")
			return append(append(args, tinyThermoSR...), sr...)
		}, []badCase{
			bad("points", "1"), bad("traj", "1"), bad("samples", "1"), bad("ode-tol", "0"), bad("ode-tol", "NaN"), bad("ode-tol", "Inf"),
			bad("from", filepath.Join(empty, "missing")), {"frob", []string{"-frob", "1"}},
			{"-steps", []string{"--", "-steps", "0"}}, {"-units", []string{"--", "-units", "15"}}, {"-lr", []string{"--", "-lr", "NaN"}},
			{"-T", []string{"--", "-T", "1"}}, {"-batch", []string{"--", "-batch", "0"}}, {"-holdout", []string{"--", "-holdout", "3"}},
			{"-beta-lr", []string{"--", "-beta-lr", "Inf"}},
		}},
		{"thermo", appendBuild([]string{"thermo", "check"}, nil), []badCase{
			{"frob", []string{"-frob"}}, {"unexpected", []string{"extra"}}, {"invalid value", []string{"-seed", "x"}},
		}},
		{"all", appendBuild([]string{"reproduce", "all"}, nil), []badCase{
			{"frob", []string{"-frob"}}, {"unexpected", []string{"extra"}}, {"-resume and -fresh", []string{"-resume", "-fresh"}},
		}},
	}
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// Every experiment and thermo check refuse every bad value with a usage error (exit 2) of one
// line that names the flag, print nothing else, and leave nothing behind: not OUT, not
// OUT/<experiment>. An -out that is a regular file, lies under one or cannot be written is
// refused the same way.
func TestBadInputEveryExperiment(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "afile")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	readonly := filepath.Join(tmp, "readonly")
	if err := os.Mkdir(readonly, 0o555); err != nil {
		t.Fatal(err)
	}
	canWrite := os.WriteFile(filepath.Join(readonly, "probe"), nil, 0o644) == nil // as root
	for _, s := range badSuites(t) {
		cases := s.cases
		for _, out := range []string{file, filepath.Join(file, "sub")} {
			cases = append(cases, badCase{"-out", []string{"-out", out}})
		}
		if !canWrite {
			cases = append(cases, badCase{"-out", []string{"-out", filepath.Join(readonly, "sub")}})
		}
		for _, c := range cases {
			t.Run(s.name+" "+strings.Join(c.args, " "), func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "out")
				var stderr bytes.Buffer
				err := run(s.build(out, c), &stderr)
				if err == nil {
					t.Fatal("accepted")
				}
				if code := exitCode(err); code != 2 {
					t.Errorf("exit status %d, want 2 (usage): %v", code, err)
				}
				msg := err.Error()
				if strings.Contains(msg, "\n") {
					t.Errorf("error of more than one line: %q", msg)
				}
				if !strings.Contains(msg, c.want) {
					t.Errorf("error %q does not name %s", msg, c.want)
				}
				if stderr.Len() > 0 {
					t.Errorf("printed beside the error:\n%s", stderr.String())
				}
				if _, err := os.Stat(out); err == nil {
					t.Errorf("left %s behind", out)
				}
				for _, o := range []string{file, readonly} {
					if _, err := os.Stat(filepath.Join(o, s.name)); err == nil {
						t.Errorf("left %s behind", filepath.Join(o, s.name))
					}
				}
			})
		}
	}
}
