package main

import (
	"errors"
	"os"
	"syscall"
)

// stopSignals stop a training run: it writes its checkpoint and returns errInterrupted.
// SIGINT is Ctrl-C; SIGTERM is what kill, timeout, systemd, docker stop and job schedulers
// send, which without a handler would end the process (exit 143) with the training since the
// last periodic checkpoint lost.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// errInterrupted marks a run stopped by one of stopSignals after writing its checkpoint;
// `reproduce all` stops there rather than going on to the next experiment.
var errInterrupted = errors.New("interrupted")
