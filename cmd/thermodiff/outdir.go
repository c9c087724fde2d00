package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/thermodiff/thermodiff/diffusion"
)

// checkOutDir reports, before anything is created, whether results can be written to
// out/sub (sub may be empty): -out must not be empty, no existing part of the path may be a
// regular file, and the deepest existing directory must take a new file (one is created and
// removed again). Every failure is a usage error naming -out.
func checkOutDir(out, sub string) error {
	if out == "" {
		return fmt.Errorf("%w: -out must not be empty", errUsage)
	}
	target := out
	if sub != "" {
		target = filepath.Join(out, sub)
	}
	p := target
	for {
		fi, err := os.Stat(p)
		if err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("%w: -out %s: %s is a file, not a directory", errUsage, out, p)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) { // ENOTDIR: a file above
			return fmt.Errorf("%w: -out %s cannot be used: %v", errUsage, out, err)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return fmt.Errorf("%w: -out %s: no part of the path exists", errUsage, out)
		}
		p = parent
	}
	f, err := os.CreateTemp(p, ".write-test-*")
	if err != nil {
		return fmt.Errorf("%w: -out %s is not writable (%s: %v)", errUsage, out, p, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// ensureWritableDir creates dir (and parents) and checks that a file can be written in it.
// The commands check their -out with checkOutDir first, so a failure here is the file
// system's, not the user's.
func ensureWritableDir(dir string) error {
	if dir == "" {
		return fmt.Errorf("%w: -out must not be empty", errUsage)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output directory %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("output directory %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// writeFileAtomic is diffusion.WriteFileAtomic (temporary file, fsync, rename, directory fsync).
func writeFileAtomic(path string, data []byte) error { return diffusion.WriteFileAtomic(path, data) }
