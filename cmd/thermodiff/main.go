// Command thermodiff reproduces the experiments of Sohl-Dickstein et al. 2015 and checks the
// thermodynamics package against exact answers.
//
//	thermodiff reproduce swissroll -out DIR   train, evaluate, write DIR/swissroll/{metrics.json,report.html}
//	thermodiff reproduce all -out DIR         every registered experiment, then DIR/index.html
//	thermodiff thermo check -out DIR          analytic systems against their estimators
//
// Each experiment registers itself from its own file with registerExperiment.
package main

import (
	"github.com/thermodiff/thermodiff/diffusion/nn"

	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// experiment is one reproducible experiment of the paper.
type experiment struct {
	// Name is the command-line name, e.g. "swissroll".
	Name string
	// Order sorts experiments in `reproduce all` and in the index page.
	Order int
	// Summary is one line for the help text.
	Summary string
	// Run parses its own flags from args and writes its results under the -out directory.
	Run func(args []string, stderr io.Writer) error
	// Resumable: Run accepts -resume and checkpoints its training to OUT/Name/checkpoint.gob.
	Resumable bool
}

var experiments = map[string]experiment{}

func registerExperiment(e experiment) {
	if _, dup := experiments[e.Name]; dup {
		panic("thermodiff: experiment registered twice: " + e.Name)
	}
	experiments[e.Name] = e
}

func sortedExperiments() []experiment {
	out := make([]experiment, 0, len(experiments))
	for _, e := range experiments {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Order != out[j].Order {
			return out[i].Order < out[j].Order
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// command is a top-level verb other than reproduce (e.g. "thermo").
type command struct {
	Name    string
	Summary string
	Run     func(args []string, stderr io.Writer) error
}

var commands = map[string]command{}

func registerCommand(c command) {
	if _, dup := commands[c.Name]; dup {
		panic("thermodiff: command registered twice: " + c.Name)
	}
	commands[c.Name] = c
}

// errUsage marks an error caused by bad command-line input; main exits 2 for it.
var errUsage = errors.New("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: thermodiff reproduce EXPERIMENT [flags]   (run with -h for the flags)")
	fmt.Fprintln(w, "experiments:")
	for _, e := range sortedExperiments() {
		fmt.Fprintf(w, "  %-12s %s\n", e.Name, e.Summary)
	}
	fmt.Fprintf(w, "  %-12s %s\n", "all", "every experiment above, then an index page")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "thermodiff %s ...   %s\n", n, commands[n].Summary)
	}
}

// run is main without the exit, so tests can call it.
func run(args []string, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stderr)
		return nil
	case "reproduce":
		if len(args) < 2 {
			usage(stderr)
			return fmt.Errorf("%w: reproduce needs an experiment name", errUsage)
		}
		name := args[1]
		if name == "all" {
			return reproduceAll(args[2:], stderr)
		}
		e, ok := experiments[name]
		if !ok {
			return fmt.Errorf("%w: unknown experiment %q (known: %s, all)", errUsage, name, strings.Join(experimentNames(), ", "))
		}
		return e.Run(args[2:], stderr)
	}
	if c, ok := commands[args[0]]; ok {
		return c.Run(args[1:], stderr)
	}
	usage(stderr)
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

func experimentNames() []string {
	var names []string
	for _, e := range sortedExperiments() {
		names = append(names, e.Name)
	}
	return names
}

// printBackend names the linear-algebra engine; each experiment prints it once its flags are
// valid, as its work starts.
func printBackend(stderr io.Writer) { fmt.Fprintln(stderr, "thermodiff:", nn.BackendLine()) }

// exitCode is the process's exit status for run's error: 0 for none and for -h (the help is
// printed), 2 for a usage error (bad flags; the error says which and what is allowed), 1 for
// any other failure.
func exitCode(err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	return 1
}

func main() {
	err := run(os.Args[1:], os.Stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "thermodiff:", err)
	}
	os.Exit(exitCode(err))
}
