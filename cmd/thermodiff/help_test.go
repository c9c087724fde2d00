package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// -h and -help print the command's flags and exit 0 (issue 22 item 2), for every experiment,
// for `reproduce all` and for thermo check; nothing runs and nothing is written.
func TestHelpExitsZero(t *testing.T) {
	var cmds [][]string
	for _, e := range sortedExperiments() {
		cmds = append(cmds, []string{"reproduce", e.Name})
	}
	cmds = append(cmds, []string{"reproduce", "all"}, []string{"thermo", "check"})
	for _, cmd := range cmds {
		for _, h := range []string{"-h", "-help", "--help"} {
			t.Run(strings.Join(cmd, " ")+" "+h, func(t *testing.T) {
				out := t.TempDir()
				var stderr bytes.Buffer
				err := run(append(append([]string{}, cmd...), "-out", out, h), &stderr)
				if code := exitCode(err); code != 0 {
					t.Errorf("exit status %d (%v), want 0", code, err)
				}
				if des, _ := os.ReadDir(out); len(des) > 0 {
					t.Errorf("-h wrote %d files into -out", len(des))
				}
				for _, want := range []string{"-out", "-seed"} {
					if !strings.Contains(stderr.String(), want) {
						t.Errorf("help lacks %s:\n%s", want, stderr.String())
					}
				}
			})
		}
	}
	// thermo alone names its subcommand.
	var stderr bytes.Buffer
	if err := run([]string{"thermo", "-h"}, &stderr); exitCode(err) != 0 || !strings.Contains(stderr.String(), "thermo check") {
		t.Errorf("thermo -h: %v, printed %q", err, stderr.String())
	}
}
