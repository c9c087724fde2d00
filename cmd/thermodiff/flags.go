package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
)

// parseFlags parses args into fs the way every subcommand does: -h and -help print the flags
// to stderr and return flag.ErrHelp (main exits 0 for it); any other parse error comes back as
// one line wrapped in errUsage, with nothing printed (the flag package would print the whole
// usage after it). Arguments left after the flags are a usage error unless allowArgs.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer, allowArgs bool) error {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		if fs.Usage != nil {
			fs.Usage()
		} else {
			fs.PrintDefaults()
		}
		return flag.ErrHelp
	case err != nil:
		return fmt.Errorf("%w: %v", errUsage, err)
	case !allowArgs && fs.NArg() > 0:
		return fmt.Errorf("%w: unexpected arguments %q (flags come as -name value)", errUsage, fs.Args())
	}
	return nil
}

// flagsSet returns the names of the flags given on the command line.
func flagsSet(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}
