package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// staleTemp matches the temporary files of the atomic writes (writeFileAtomic and
// diffusion.WriteFileAtomic: ".NAME.tmp-DIGITS", e.g. .checkpoint.gob.tmp-123) and of the
// writability checks (".write-test-DIGITS"). A process killed between creating one and
// renaming it (SIGKILL, a crash) leaves it behind; nothing else ever reads it.
var staleTemp = regexp.MustCompile(`^\.(.+\.tmp|write-test)-[0-9]+$`)

// removeStaleTemps deletes the temporary files that killed runs left in dir (an experiment's
// folder), saying so; a missing dir has none. A run calls it when it starts, before it writes
// anything there itself.
func removeStaleTemps(dir string, stderr io.Writer) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, de := range des {
		if de.Type().IsRegular() && staleTemp.MatchString(de.Name()) {
			p := filepath.Join(dir, de.Name())
			if err := os.Remove(p); err == nil {
				fmt.Fprintf(stderr, "thermodiff: removed %s, left by an interrupted write\n", p)
			}
		}
	}
}
