package main

import (
	"fmt"

	"github.com/thermodiff/thermodiff/diffusion"
)

// paramHelp is the help text of the -param flag shared by the experiments that offer it.
const paramHelp = "reverse mean/variance parameterization: reference (code), paper (eq. 64–65), eps (ε-prediction mean, learned-range variance; beyond the paper) or range (reference mean, learned-range variance)"

// lrDecayHelp is the help text of the -lr-decay flag shared by the experiments that offer it.
const lrDecayHelp = "learning-rate schedule: exp (from -lr to -lr-final over -steps), reference (×0.1 per 500k steps, floored at -lr-final) or const (-lr throughout); with reference or const a run can be extended by -resume with a larger -steps, with exp the rate would jump"

// parseParam maps a -param value to its diffusion.Parameterization.
func parseParam(s string) (diffusion.Parameterization, error) {
	switch s {
	case "reference":
		return diffusion.ReferenceParam, nil
	case "paper":
		return diffusion.PaperParam, nil
	case "eps":
		return diffusion.EpsParam, nil
	case "range":
		return diffusion.RangeParam, nil
	}
	return 0, fmt.Errorf("%w: unknown -param %q (reference, paper, eps, range)", errUsage, s)
}
