package thermo

// EXPForward estimates the free-energy difference ΔF = F_B − F_A (in kT) from reduced work
// values w measured on switching A → B with samples drawn from A, by exponential averaging
// (Zwanzig's free-energy perturbation for instantaneous switches, Jarzynski's equality for
// nonequilibrium ones):
//
//	ΔF = −log ⟨exp(−w)⟩_A,
//
// computed with log-sum-exp. The standard error is the delta-method one, s_e/(ē√n) for the
// weights e = exp(−w); Bias is the second-order bias of the estimator, +s_e²/(2nē²) (EXP
// overestimates ΔF; a Bias comparable to StdErr means the average is dominated by rare
// low-work samples and the estimate should not be trusted); ESS is the effective number of
// weights. It returns ErrTooFewSamples for fewer than two values and ErrNotFinite for NaN or
// infinite work.
func EXPForward(w []float64) (Estimate, error) {
	x, err := negated(w)
	if err != nil {
		return Estimate{N: len(w)}, err
	}
	e := logExpMean(x)
	e.Value, e.Bias = -e.Value, -e.Bias
	return e, nil
}

// EXPReverse estimates ΔF = F_B − F_A (in kT) from reduced work values w measured on switching
// B → A with samples drawn from B:
//
//	ΔF = +log ⟨exp(−w)⟩_B.
//
// Standard error, bias (here −s_e²/(2nē²): the reverse estimate underestimates ΔF) and errors
// are as for EXPForward.
func EXPReverse(w []float64) (Estimate, error) {
	x, err := negated(w)
	if err != nil {
		return Estimate{N: len(w)}, err
	}
	return logExpMean(x), nil
}

func negated(w []float64) ([]float64, error) {
	if len(w) < 2 {
		return nil, ErrTooFewSamples
	}
	if err := checkFinite(w); err != nil {
		return nil, err
	}
	x := make([]float64, len(w))
	for i, v := range w {
		x[i] = -v
	}
	return x, nil
}
