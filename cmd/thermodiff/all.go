package main

import (
	"flag"
	"fmt"
	"io"
)

// reproduceAll runs every registered experiment with its quick defaults, passing -out and -seed
// through, then writes the index page.
func reproduceAll(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("reproduce all", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "reports", "output directory")
	seed := fs.Uint64("seed", 1, "random seed passed to every experiment")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if err := ensureWritableDir(*out); err != nil {
		return err
	}
	for _, e := range sortedExperiments() {
		fmt.Fprintf(stderr, "== reproduce %s\n", e.Name)
		if err := e.Run([]string{"-out", *out, "-seed", fmt.Sprint(*seed)}, stderr); err != nil {
			return fmt.Errorf("%s: %w", e.Name, err)
		}
	}
	return writeIndex(*out, stderr)
}
