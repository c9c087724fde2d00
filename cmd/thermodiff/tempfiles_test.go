package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// The temporary files of atomic writes that a killed run left (SIGKILL between create and
// rename) are removed when the experiment next starts; other files in its folder stay (issue
// 22 item 8).
func TestStaleTempFilesRemoved(t *testing.T) {
	tiny := tinyResumable(t)
	for _, name := range []string{"swissroll", "heartbeat", "deadleaves"} {
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			dir := filepath.Join(out, name)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			stale := []string{".checkpoint.gob.tmp-123456", ".curve.json.tmp-42", ".checkpoint.json.tmp-7", ".metrics.json.tmp-99", ".report.html.tmp-1", ".write-test-5"}
			kept := []string{"notes.tmp-1", ".keep", "mine.checkpoint.gob.tmp-1", ".checkpoint.gob.tmp-x"}
			for _, f := range append(append([]string{}, stale...), kept...) {
				if err := os.WriteFile(filepath.Join(dir, f), []byte("partial"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := run(append([]string{"reproduce", name, "-out", out}, tiny[name]...), io.Discard); err != nil {
				t.Fatal(err)
			}
			for _, f := range stale {
				if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
					t.Errorf("stale %s is still there", f)
				}
			}
			for _, f := range kept {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("%s was removed: %v", f, err)
				}
			}
		})
	}
}
