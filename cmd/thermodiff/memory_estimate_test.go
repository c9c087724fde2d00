package main

import (
	"io"
	"strings"
	"testing"
)

// The defaults and the long (-full) runs fit in 8 GiB by these estimates: the check refuses
// absurd settings, not the runs the experiments are made for.
func TestDefaultSettingsFitMemory(t *testing.T) {
	memLimitOverride = 8 << 30
	t.Cleanup(func() { memLimitOverride = 0 })
	report := func(name string, terms []memTerm, err error) {
		t.Helper()
		total, big := memEstimate(terms)
		t.Logf("%-22s about %s (largest: %s, %s)", name, fmtBytes(total), big.what, fmtBytes(big.bytes))
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, name := range []string{"swissroll", "swissroll-mlp"} {
		defaults := paperSwissRollDefaults
		if name == "swissroll-mlp" {
			defaults = mlpSwissRollDefaults
		}
		c, err := parseSwissRoll(name, defaults, nil, io.Discard)
		report(name, c.memory(), err)
	}
	hb, err := parseHeartbeat(nil, io.Discard)
	report("heartbeat", hb.memory(), err)
	for _, args := range [][]string{nil, {"-full"}} {
		c, err := parseMNIST(args, io.Discard)
		report("mnist "+strings.Join(args, " "), c.memory(), err)
	}
	for _, p := range []struct {
		name string
		d    patchDefaults
	}{{"deadleaves", deadLeavesDefaults}, {"texture", textureDefaults}, {"cifar10", cifarDefaults}} {
		for _, args := range [][]string{nil, {"-full"}} {
			c, err := parsePatch(p.name, p.d, args, io.Discard, nil)
			report(p.name+" "+strings.Join(args, " "), c.memory(), err)
		}
	}
	th, err := parseThermodynamics(nil, io.Discard)
	report("thermodynamics", th.memory(), err)
}
