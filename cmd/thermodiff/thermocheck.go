package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/thermodiff/thermodiff/analysis"
)

// thermo check: every analytic system of package thermo against its estimators; the work is in
// analysis.RunThermoCheck and the page in analysis.ThermoCheckHTML.
func init() {
	registerCommand(command{
		Name:    "thermo",
		Summary: "check -out DIR: analytic thermodynamic systems against their estimators (DIR/thermo/{metrics.json,report.html})",
		Run:     runThermo,
	})
}

func runThermo(args []string, stderr io.Writer) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprintln(stderr, "usage: thermodiff thermo check [-out DIR] [-seed N]   (thermo check -h for the flags)")
		return flag.ErrHelp
	}
	if len(args) == 0 || args[0] != "check" {
		return fmt.Errorf("%w: thermo needs the subcommand check: thermodiff thermo check [-out DIR] [-seed N]", errUsage)
	}
	fs := flag.NewFlagSet("thermo check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "reports", "output directory (results go to OUT/thermo)")
	seed := fs.Uint64("seed", 1, "random seed of every simulation and estimator")
	if err := parseFlags(fs, args[1:], stderr, false); err != nil {
		return err
	}
	if err := checkOutDir(*out, "thermo"); err != nil {
		return err
	}
	removeStaleTemps(filepath.Join(*out, "thermo"), stderr)
	dir, err := experimentDir(*out, "thermo")
	if err != nil {
		return err
	}
	prov := newProvenance(*seed, map[string]any{"z_bound": analysis.ThermoZBound})
	start := time.Now()
	res, err := analysis.RunThermoCheck(*seed)
	if err != nil {
		return err
	}
	prov.WallSecond = time.Since(start).Seconds()
	metrics := struct {
		Provenance provenance `json:"provenance"`
		*analysis.ThermoCheckResult
	}{prov, res}
	if err := writeJSON(filepath.Join(dir, "metrics.json"), metrics); err != nil {
		return err
	}
	page, err := analysis.ThermoCheckHTML(res, map[string]string{
		"seed":       fmt.Sprint(prov.Seed),
		"git commit": prov.GitCommit,
		"go":         prov.GoVersion,
		"started":    prov.Started,
		"wall time":  fmt.Sprintf("%.1f s", prov.WallSecond),
	})
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, "report.html"), page); err != nil {
		return err
	}
	failed := 0
	for _, r := range res.Rows {
		status := "ok"
		if !r.Pass {
			status = "FAIL"
			failed++
		}
		fmt.Fprintf(stderr, "%-4s %-48s %-28s exact %-9.4g estimate %.4g ± %.2g  z %+.2f\n",
			status, r.System, r.Estimator, r.Exact, r.Estimate, r.StdErr, r.Z)
	}
	fmt.Fprintln(stderr, "wrote", filepath.Join(dir, "metrics.json"), "and", filepath.Join(dir, "report.html"))
	if failed > 0 {
		return fmt.Errorf("thermo check: %d of %d checks outside |z| < %g", failed, len(res.Rows), analysis.ThermoZBound)
	}
	return nil
}
