package main

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestThermoCheck(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"thermo", "check", "-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "thermo", "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Provenance struct {
			Seed uint64 `json:"seed"`
		} `json:"provenance"`
		Passed  bool `json:"passed"`
		Systems []struct {
			System   string  `json:"system"`
			Exact    float64 `json:"exact"`
			Estimate float64 `json:"estimate"`
			StdErr   float64 `json:"stderr"`
			Z        float64 `json:"z"`
		} `json:"systems"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if !m.Passed || len(m.Systems) < 15 || m.Provenance.Seed != 1 {
		t.Fatalf("metrics: passed %v, %d systems, seed %d", m.Passed, len(m.Systems), m.Provenance.Seed)
	}
	seen := map[string]bool{}
	for _, s := range m.Systems {
		seen[s.System] = true
		if math.Abs(s.Z) >= 4 || math.IsNaN(s.Estimate) {
			t.Errorf("%s: z = %v", s.System, s.Z)
		}
	}
	for _, want := range []string{"two-bead chain T₁ = 1, T₂ = 10", "driven trap α = 0.7", "3-state ring, P₊ = 0.5, P₋ = 0.2"} {
		if !seen[want] {
			t.Errorf("system %q missing", want)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "thermo", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{"<table", "<svg", "all 21 checks pass"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Self-contained: no scripts, stylesheets or images fetched from elsewhere.
	for _, bad := range []string{"<script", "src=\"http", "href=\"http", "<link"} {
		if strings.Contains(s, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
}

func TestThermoBadInput(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "afile")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		args  []string
		usage bool
	}{
		{"no subcommand", []string{"thermo"}, true},
		{"unknown subcommand", []string{"thermo", "run"}, true},
		{"unknown flag", []string{"thermo", "check", "-frob"}, true},
		{"stray argument", []string{"thermo", "check", "-out", tmp, "extra"}, true},
		{"unwritable out", []string{"thermo", "check", "-out", filepath.Join(file, "sub")}, true},
	} {
		err := run(c.args, io.Discard)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if errors.Is(err, errUsage) != c.usage {
			t.Errorf("%s: err = %v, usage = %v", c.name, err, c.usage)
		}
	}
}
