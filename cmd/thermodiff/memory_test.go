package main

import (
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// hugeChildEnv marks the child process of TestHugeSettingsRefused.
const hugeChildEnv = "THERMODIFF_TEST_HUGE_CHILD"

// Settings whose arrays could never fit are refused before any work, with a usage error that
// names the flag (issue 22 item 7): the issue's -T 1000000000, -batch 100000000,
// -samples 2000000000 and huge -holdout / -is-traj, in every experiment that has them. The
// limit is fixed at 16 GiB here so that the test does not depend on the machine.
//
// A check that is missing would allocate those arrays, so the cases run in a child process
// whose address space is limited (RLIMIT_AS): a regression fails there, out of memory, and
// cannot take the machine down.
func TestHugeSettingsRefused(t *testing.T) {
	if os.Getenv(hugeChildEnv) == "" {
		child := exec.Command(os.Args[0], "-test.run=^TestHugeSettingsRefused$", "-test.v")
		child.Env = append(os.Environ(), hugeChildEnv+"=1")
		out, err := child.CombinedOutput()
		if err != nil {
			t.Fatalf("child: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "--- PASS: TestHugeSettingsRefused") {
			t.Fatalf("child ran no cases:\n%s", out)
		}
		return
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = min(8<<30, lim.Max)
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &lim); err != nil {
		t.Fatalf("limiting the child's memory: %v", err)
	}
	memLimitOverride = 16 << 30
	t.Cleanup(func() { memLimitOverride = 0 })
	suites := map[string]badSuite{}
	for _, s := range badSuites(t) {
		suites[s.name] = s
	}
	huge := map[string][]badCase{
		"swissroll": {bad("T", "1000000000"), bad("batch", "100000000"), bad("samples", "2000000000"), bad("holdout", "2000000000"),
			bad("is-traj", "1000000000")},
		"swissroll-mlp": {bad("T", "1000000000"), bad("batch", "100000000"), bad("samples", "2000000000")},
		"heartbeat": {bad("T", "1000000000"), bad("batch", "100000000"), bad("samples", "2000000000"), bad("is-traj", "1000000000"),
			bad("eval-chains", "1000000000"), bad("oracle-chains", "1000000000")},
		"mnist":      {bad("T", "1000000000"), bad("batch", "100000000"), bad("samples", "2000000000")},
		"deadleaves": {bad("T", "1000000000"), bad("batch", "100000000"), bad("samples", "2000000000"), bad("test", "1000000000"), bad("image-size", "1000000")},
		"texture":    {bad("T", "1000000000"), bad("batch", "100000000"), bad("samples", "2000000000"), bad("test", "1000000000")},
		"cifar10":    {bad("T", "1000000000"), bad("batch", "100000000"), bad("samples", "2000000000"), bad("conditioned", "1000000000")},
		"thermodynamics": {bad("traj", "1000000000"), bad("samples", "2000000000"),
			{"-T", []string{"--", "-T", "1000000000"}}, {"-batch", []string{"--", "-batch", "100000000"}}},
	}
	for name, cases := range huge {
		s := suites[name]
		for _, c := range cases {
			t.Run(name+" "+strings.Join(c.args, " "), func(t *testing.T) {
				err := run(s.build(t.TempDir(), c), io.Discard)
				if exitCode(err) != 2 || !strings.Contains(fmtErr(err), c.want) || !strings.Contains(fmtErr(err), "memory") {
					t.Errorf("got %v, want a usage error about memory naming %s", err, c.want)
				}
			})
		}
	}
}
