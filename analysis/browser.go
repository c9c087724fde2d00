package analysis

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// ChromiumPath returns the installed Chromium (or Chrome) binary, or "" when there is none.
// scripts/setup.sh installs Debian's chromium.
func ChromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// BrowserDOM loads the local HTML file at path in headless Chromium — no network, no sandbox
// (CI runs as root), a throwaway profile — and returns the DOM after its scripts ran. It gives
// up after two minutes or when ctx ends.
func BrowserDOM(ctx context.Context, chromium, path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	profile, err := os.MkdirTemp("", "thermodiff-chromium-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=20000",
		"--user-data-dir="+profile, "--dump-dom", "file://"+abs)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		s := stderr.String()
		if len(s) > 2000 {
			s = s[len(s)-2000:]
		}
		return "", fmt.Errorf("chromium --dump-dom %s: %v\n%s", path, err, s)
	}
	return string(out), nil
}

var chartDivRE = regexp.MustCompile(`<div class="thermodiff-chart" id="([^"]+)"`)

// UndrawnCharts returns the ids of the chart elements in a rendered DOM that hold no <canvas>
// (ECharts draws into a canvas inside the chart's element), and the number of charts found.
func UndrawnCharts(dom string) (ids []string, total int) {
	locs := chartDivRE.FindAllStringSubmatchIndex(dom, -1)
	for i, loc := range locs {
		end := len(dom)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		// The chart's own element ends before its script.
		seg := dom[loc[1]:end]
		if j := strings.Index(seg, "<script"); j >= 0 {
			seg = seg[:j]
		}
		if !strings.Contains(seg, "<canvas") {
			ids = append(ids, dom[loc[2]:loc[3]])
		}
	}
	return ids, len(locs)
}
