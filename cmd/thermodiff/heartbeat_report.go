package main

import (
	"fmt"
	"math"
	"time"

	"github.com/thermodiff/thermodiff/analysis"
)

// writeHeartbeatReport writes DIR/heartbeat/report.html through the analysis report builder:
// the paper-versus-measured table, Figure 2 (aligned samples beside their initial noise), the
// training curve and the per-step KL.
func writeHeartbeatReport(path string, c heartbeatConfig, met heartbeatMetrics, fig heartbeatFigure) error {
	r := analysis.Report{
		Title: "Binary heartbeat (Sohl-Dickstein et al. 2015, §3.1.2, Table 1, Figure 2)",
		Summary: fmt.Sprintf("Binomial diffusion towards Bernoulli(0.2)^20 over T = %d steps (β_t = 1/(T−t+1)); reverse model an MLP 20→%d×%d sigmoid with a readout learned independently for each step. "+
			"K sums all T−1 KL terms on each of %d chains (stratified over the 5 sequences, fresh noise); the data distribution has 5 atoms, so there is no distinct holdout.", c.T, c.Hidden, c.Depth, met.Chains),
		Results: []analysis.Result{
			{Name: "K", Unit: "bits/seq.", Paper: paperHeartbeatK, Ours: met.KBits, OursStdErr: met.KStdErrBits, Note: ceilingNote(met)},
			{Name: "K − L_null", Unit: "bits/seq.", Paper: paperHeartbeatKMNull, Ours: met.KMinusNullBits, OursStdErr: met.KMinusNullStdErrBits},
			{Name: "L_null", Unit: "bits/seq.", Paper: paperHeartbeatK - paperHeartbeatKMNull, Ours: met.NullBits, Note: "log π(x^(0)), π = Bernoulli(0.2)^20"},
			{Name: "true log-likelihood", Unit: "bits/seq.", Paper: -2.322, Ours: met.TrueLogLikBits, Note: "log2(1/5)"},
			{Name: "importance-sampled log p (eq. 9)", Unit: "bits/seq.", Paper: math.NaN(), Ours: met.ISLogLikBits, OursStdErr: met.ISLogLikStdErrBits, Note: fmt.Sprintf("%d points × %d trajectories", 5*c.ISPoints, c.ISTraj)},
			{Name: "exact heartbeats among samples", Unit: "fraction", Paper: math.NaN(), Ours: met.ExactFraction, Note: fmt.Sprintf("%d samples; paper: \"identical to the training data\"", met.Samples)},
			{Name: "training time", Unit: "s", Paper: math.NaN(), Ours: met.TrainSeconds, Note: fmt.Sprintf("%d steps, %.1f steps/s, %d skipped", met.TrainSteps, met.StepsPerSecond, met.SkippedSteps)},
		},
		Provenance: analysis.Provenance{
			Command:   "thermodiff reproduce heartbeat",
			Seed:      met.Seed,
			Commit:    met.GitCommit,
			GoVersion: met.Provenance.GoVersion,
			WallTime:  time.Duration(met.Provenance.WallSecond * float64(time.Second)),
			Settings:  analysis.SettingsFromMap(c.settings()),
			Extra:     []analysis.Setting{{Name: "BLAS", Value: met.Provenance.BLAS}},
		},
	}
	if t, err := time.Parse(time.RFC3339, met.Provenance.Started); err == nil {
		r.Provenance.Started = t
	}
	r.AddChart("Figure 2 (left): samples x^(0) from the trained model, one per row, each shifted circularly so that a pulse falls in the first column.",
		analysis.Heatmap("samples x^(0) (aligned)", "bin", "sample", fig.Samples))
	r.AddChart("Figure 2 (right): the initial binomial noise x^(T) ~ Bernoulli(0.2)^20 from which each row above was generated (unshifted).",
		analysis.Heatmap("initial noise x^(T)", "bin", "sample", fig.Noise))
	if len(met.Curve) > 0 {
		it := make([]int, len(met.Curve))
		k := make([]float64, len(met.Curve))
		for i, p := range met.Curve {
			it[i], k[i] = p.Step, p.KBits
		}
		r.AddChart("Training curve: the minibatch estimate of K (bits/sequence) against the step; dashed: the paper's −2.414.",
			analysis.TrainingCurve(it, k, paperHeartbeatK))
	}
	if len(met.KLPerStepBits) > 2 {
		ts := make([]int, 0, len(met.KLPerStepBits)-2)
		v := make([]float64, 0, len(met.KLPerStepBits)-2)
		for t := 2; t < len(met.KLPerStepBits); t++ {
			ts = append(ts, t)
			v = append(v, -met.KLPerStepBits[t])
		}
		r.AddChart("Each step's contribution −E KL_t to K (bits/sequence), t = 2…T.", analysis.KPerStep(ts, v))
	}
	r.Notes = []string{
		"Optimisation differs from the paper's (SFO, not available here). What made training fast, in order of effect: " +
			"(1) the network starts as the exact reversal of the stationary chain (20 hidden units per layer copy the input bits, each step's readout maps them to logit(x_i(1−β_t)+ρβ_t)), so K starts at L_null = −14.44 bits instead of about −4·10⁴; " +
			"(2) each draw x^(t) trains the readouts of a block of consecutive steps, weighted by q(x^(t′)=x)/q(x^(t_d)=x), so the 1,999 readouts see more data per pass of the shared layers; " +
			"(3) draws for t < 100 are taken at t_d = 100 and reweighted, so the rare noisy inputs of the first steps are seen often; " +
			"(4) the posterior target is averaged over the 5 training sequences given x^(t) (Rao-Blackwellisation). " +
			"All four keep the loss an unbiased estimate of the bound (tested). Adam on the shared layers, a lazy row-wise Adam on the readouts (only the rows a step touches are updated), learning rate decayed exponentially.",
		"The bound cannot exceed about −2.37 bits at T = 2000: the fixed last step (eq. 44) costs H_q(X^(1)|X^(0)) = 0.044 bits and the rest is −H(X^(1)) ≈ −(2.322 + 0.044 − H(X^(0)|X^(1))). " +
			"The ceiling in the table is measured: the bound of the oracle kernel that outputs, per bit, the posterior mean of q(x^(t−1)|x^(t),x^(0)) over the 5 sequences, the best any product-of-Bernoullis reverse kernel can do. The paper's −2.414 is 0.047 bits below it.",
		"With -budget, training stops after -steps or the wall-clock budget, whichever comes first, and the learning rate follows the larger of the two fractions, so the number of steps (and the result) depends on the machine's load; -budget 0 -steps N gives a deterministic run for a seed.",
	}
	return r.WriteFile(path)
}

func ceilingNote(met heartbeatMetrics) string {
	if met.CeilingKBits == nil {
		return ""
	}
	return fmt.Sprintf("ceiling %s: the bound of the best factorised reverse kernel (posterior mean over the 5 sequences)", analysis.FormatEstimate(*met.CeilingKBits, *met.CeilingKStdErrBits))
}
