package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Memory: before it starts, a run estimates the memory its largest arrays take (from the flags
// that size them: -T, -batch, -samples, -holdout, …) and refuses, with a usage error naming
// those flags, settings whose estimate exceeds the machine's memory. The estimates are rough
// (the arrays an experiment allocates from those flags, summed, with per-row activation sizes
// of its network); they are meant to catch settings that could never run — a typo of a few
// zeros that would otherwise train for minutes and then die out of memory — not to predict the
// peak to the megabyte.

// fallbackMemLimit is the limit where the machine's memory cannot be read (not Linux).
const fallbackMemLimit = 16 << 30

// memLimit is the most memory a run may plan for: the smaller of MemTotal in /proc/meminfo
// and the cgroup (v2) limit memory.max where one is set; 16 GiB where neither can be read.
// memLimitOverride replaces it (tests).
func memLimit() (bytes float64, source string) {
	if memLimitOverride > 0 {
		return memLimitOverride, "the test's limit"
	}
	bytes, source = fallbackMemLimit, "a fixed 16 GiB (the machine's memory could not be read)"
	if kb, ok := memTotalKB(); ok {
		bytes, source = kb*1024, "this machine's memory (MemTotal in /proc/meminfo)"
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if v, err := strconv.ParseFloat(strings.TrimSpace(string(b)), 64); err == nil && v > 0 && v < bytes {
			bytes, source = v, "this container's memory limit (/sys/fs/cgroup/memory.max)"
		}
	}
	return bytes, source
}

var memLimitOverride float64

func memTotalKB() (float64, bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				if v, err := strconv.ParseFloat(fields[0], 64); err == nil && v > 0 {
					return v, true
				}
			}
		}
	}
	return 0, false
}

// memTerm is one large allocation of a run: the flags that size it, what it is, its bytes.
// A phase term is held during one phase of the run only (a training batch's activations, the
// bound's network rows, the sampler's …): phases follow one another, so only the largest
// counts, beside every other term (parameters, data, results), which stays.
type memTerm struct {
	flags string // e.g. "-samples, -T"
	what  string
	bytes float64
	phase bool
}

// checkMemory refuses (errUsage) settings whose estimate — the lasting terms plus the largest
// phase — is above memLimit, naming the flags of the largest term. Sizes are float64 so that
// no product of flags overflows.
func checkMemory(terms ...memTerm) error {
	total, big := memEstimate(terms)
	limit, source := memLimit()
	if total <= limit {
		return nil
	}
	return fmt.Errorf("%w: these settings need about %s of memory, more than %s of %s; the largest part is %s (%s, about %s): lower %s",
		errUsage, fmtBytes(total), fmtBytes(limit), source, big.what, big.flags, fmtBytes(big.bytes), big.flags)
}

// memEstimate is the terms' estimate (the lasting terms and the largest phase) and the
// largest term.
func memEstimate(terms []memTerm) (total float64, big memTerm) {
	var peak float64
	for _, t := range terms {
		if t.phase {
			peak = max(peak, t.bytes)
		} else {
			total += t.bytes
		}
		if t.bytes > big.bytes {
			big = t
		}
	}
	return total + peak, big
}

func fmtBytes(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	if i == len(units)-1 && b >= 1024 {
		return fmt.Sprintf("%.3g %s", b, units[i])
	}
	return fmt.Sprintf("%.1f %s", b, units[i])
}

// f64 is float64 of an int, for memory products.
func f64(n int) float64 { return float64(n) }

// bytesPerParam is a parameter's weight, gradient, two optimizer moments, a moving average and
// its copies in a checkpoint being written (float32 each).
const bytesPerParam = 4 * 8
