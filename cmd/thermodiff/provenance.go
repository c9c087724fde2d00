package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// provenance records where a run's numbers came from; it is written into metrics.json and
// shown in the report.
type provenance struct {
	Seed       uint64         `json:"seed"`
	GitCommit  string         `json:"git_commit"`
	GoVersion  string         `json:"go_version"`
	BLAS       string         `json:"blas"`
	BLASDetail string         `json:"blas_detail"`
	Started    string         `json:"started"`
	WallSecond float64        `json:"wall_seconds"`
	Settings   map[string]any `json:"settings"`
}

func newProvenance(seed uint64, settings map[string]any) provenance {
	return provenance{
		Seed:       seed,
		GitCommit:  gitCommit(),
		GoVersion:  runtime.Version(),
		BLAS:       nn.Backend(),
		BLASDetail: nn.BackendNote(),
		Started:    time.Now().UTC().Format(time.RFC3339),
		Settings:   settings,
	}
}

// gitCommit returns the commit the binary was built from, as the Go toolchain stamped it
// (vcs.revision, "+dirty" when vcs.modified), so that a binary run anywhere reports its own
// source. Without a stamp (go run, go test) it asks git about the working directory: the
// checkout being run. "unknown" when neither knows.
func gitCommit() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if c := stampedCommit(bi.Settings); c != "" {
			return c
		}
	}
	out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		c += "+dirty"
	}
	return c
}

// stampedCommit reads vcs.revision (shortened to 12) and vcs.modified from build settings.
func stampedCommit(settings []debug.BuildSetting) string {
	var rev string
	var dirty bool
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return ""
	}
	rev = rev[:min(12, len(rev))]
	if dirty {
		rev += "+dirty"
	}
	return rev
}

// writeJSON writes v, indented, atomically to path.
func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(data, '\n'))
}

// experimentDir creates and returns out/name.
func experimentDir(out, name string) (string, error) {
	if err := ensureWritableDir(out); err != nil {
		return "", err
	}
	dir := filepath.Join(out, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("output directory %s: %w", dir, err)
	}
	return dir, nil
}
