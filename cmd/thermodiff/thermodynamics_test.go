package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

var tinyThermo = []string{"-points", "8", "-traj", "4", "-samples", "10", "-ode-points", "4", "--", "-steps", "20", "-batch", "64", "-holdout", "40", "-T", "8"}

// A tiny accounting run writes its metrics and report, with the bounds in order where they are
// exact inequalities in expectation and always finite; -from reloads a swissroll checkpoint
// (same flags after --) and refuses one written for another model.
func TestThermodynamicsTiny(t *testing.T) {
	out := t.TempDir()
	args := append([]string{"reproduce", "thermodynamics", "-out", out, "-seed", "3"}, tinyThermo...)
	if err := run(args, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "thermodynamics", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"K_bits", "jarzynski_loglik_bits", "exact_loglik_bits", "dissipated_work_bits", "bdmc_lower_bits", "bdmc_upper_bits", "ode_loglik_bits"} {
		if _, ok := m[k].(float64); !ok {
			t.Errorf("metrics.json has no number %q", k)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "thermodynamics", "report.html")); err != nil {
		t.Error(err)
	}

	sr := []string{"reproduce", "swissroll", "-out", out, "-seed", "3", "-model", "mlp", "-steps", "20", "-batch", "64", "-holdout", "40", "-T", "8",
		"-is-points", "4", "-is-traj", "2", "-samples", "20", "-learn-beta=false"}
	if err := run(sr, io.Discard); err != nil {
		t.Fatal(err)
	}
	from := filepath.Join(out, "swissroll")
	ok := []string{"reproduce", "thermodynamics", "-out", out, "-from", from, "-no-grid", "-points", "4", "-traj", "2", "-samples", "4", "-ode-points", "4",
		"--", "-steps", "20", "-holdout", "40", "-T", "8", "-noise", "0.01", "-beta1", "1e-6", "-learn-beta=false"}
	if err := run(ok, io.Discard); err != nil {
		t.Fatal(err)
	}
	bad := append(append([]string{}, ok...), "-param", "eps")
	if err := run(bad, io.Discard); err == nil {
		t.Error("-from accepted a checkpoint of another parameterization")
	}
	if err := run([]string{"reproduce", "thermodynamics", "-out", out, "-traj", "1"}, io.Discard); !errors.Is(err, errUsage) {
		t.Errorf("-traj 1: err = %v, want a usage error", err)
	}
}
