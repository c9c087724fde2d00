package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
	"github.com/thermodiff/thermodiff/thermo"
)

// ThermoConfig sets the sizes of the thermodynamic accounting; zero fields take the defaults.
type ThermoConfig struct {
	// Points is the number of held-out points whose ln p is estimated per point (default 200).
	Points int
	// Traj is the number of forward trajectories per point (default 100).
	Traj int
	// Samples is the number of model samples for the BDMC sandwich (default 500; their forward
	// lower bound uses Traj trajectories each).
	Samples int
	// ODEPoints is the number of held-out points for the probability-flow ODE (default 200;
	// negative: skip the ODE).
	ODEPoints int
	// ODETol is the ODE's relative and absolute tolerance (default 1e-5).
	ODETol float64
	// RollNoise, when positive, is the raw noise of the datasets.SwissRoll the model was
	// trained on: the forward entropy production is then computed for that exact data
	// distribution; otherwise for the moment-matched Gaussian of the held-out points.
	RollNoise float64
	// Grid controls the numerical integral (nil: defaults); NoGrid skips it.
	Grid   *diffusion.GridSettings
	NoGrid bool
}

func (c ThermoConfig) withDefaults() ThermoConfig {
	if c.Points <= 0 {
		c.Points = 200
	}
	if c.Traj <= 0 {
		c.Traj = 100
	}
	if c.Samples <= 0 {
		c.Samples = 500
	}
	if c.ODEPoints == 0 {
		c.ODEPoints = 200
	}
	if c.ODETol <= 0 {
		c.ODETol = 1e-5
	}
	return c
}

// ThermoAccounting is a trained Gaussian diffusion model read as a nonequilibrium process
// (issue 8): eq. 9 as Jarzynski's equality with its error, the dissipated work, a BDMC
// sandwich checked against the exact density, per-step work and entropies. All values are in
// bits (per 2-D point) unless a name says nats.
type ThermoAccounting struct {
	Points, Traj, Samples int

	// Per held-out point: ln p(x⁰) from EXP on the forward work (Jarzynski, eq. 9) with its
	// delta-method error and bias, and the exact value from the grid integral (NaN: no grid).
	LogPEXP  []thermo.Estimate // bits
	LogPGrid []float64         // bits
	// Z[i] = (EXP − grid)/SE per point (NaN without the grid).
	Z []float64
	// GridNote says why the grid integral was skipped ("" when done).
	GridNote string

	// Means over the held-out points, with standard errors over points.
	MeanEXPBits, MeanEXPStdErrBits       float64
	MeanGridBits, MeanGridStdErrBits     float64 // NaN without the grid
	MeanLogWBits, MeanLogWStdErrBits     float64 // −⟨W⟩: the single-trajectory bound (= K in expectation)
	DissipatedBits, DissipatedStdErrBits float64 // ⟨W⟩_q + ln p, per point, averaged (grid ln p if present)
	// MeanEXPMinusGridBits is the paired mean difference EXP − grid with its SE.
	MeanEXPMinusGridBits, MeanEXPMinusGridStdErrBits float64

	// BDMC on model samples x⁰ ~ p: forward IS lower bound (log-mean-exp over Traj
	// trajectories), the reverse bound (ln w along the generating trajectory), the exact grid
	// value, each a mean over the samples with its SE.
	BDMCLowerBits, BDMCLowerStdErrBits float64
	BDMCUpperBits, BDMCUpperStdErrBits float64
	BDMCExactBits, BDMCExactStdErrBits float64 // NaN without the grid

	// ODE: the probability-flow log-likelihood on the held-out points (NaN: skipped).
	ODEBits, ODEStdErrBits float64
	ODEEvals               int

	// Per step t = 1…T: the mean work of step t along forward trajectories (data → noise),
	// −E_q[ln p(x^(t−1)|x^(t)) − ln q(x^(t)|x^(t−1))], and along the model's own trajectories.
	StepT                                    []int
	ForwardStepWorkBits, ReverseStepWorkBits []float64
	// PriorWorkBits is −E ln π(x^(T)) on forward and reverse trajectories.
	ForwardPriorWorkBits, ReversePriorWorkBits float64
	// Entropy of the learned reverse step (t = 2…T) between the App. A bounds.
	EntropyT                                   []int
	EntropyLower, EntropyUpper, EntropyLearned []float64
	// EntropyProductionBits[t−1] is the entropy produced by forward step t (both dims),
	// KL(q_{t−1}‖π) − KL(q_t‖π): for the Swiss roll itself when RollNoise > 0
	// (SwissRollEntropyProduction), else for the moment-matched Gaussian of the data (thermo).
	EntropyProductionBits []float64
	// EntropyProductionSource says which.
	EntropyProductionSource string
}

// NewThermoAccounting runs the accounting of model m on the held-out 2-D points holdout (n×2),
// using rng for every draw.
func NewThermoAccounting(m *diffusion.Model, holdout []float64, cfg ThermoConfig, rng *rand.Rand) (*ThermoAccounting, error) {
	cfg = cfg.withDefaults()
	D := m.Net.Dim()
	if D != 2 || len(holdout) < 2*cfg.Points {
		return nil, fmt.Errorf("analysis: NewThermoAccounting: needs a 2-D model and at least %d held-out points", cfg.Points)
	}
	T := m.Sched.T
	a := &ThermoAccounting{Points: cfg.Points, Traj: cfg.Traj, Samples: cfg.Samples}
	x := holdout[:2*cfg.Points]

	// Forward work and Jarzynski per point.
	fw, err := m.ForwardWork(x, cfg.Traj, rng)
	if err != nil {
		return nil, err
	}
	a.LogPEXP = make([]thermo.Estimate, cfg.Points)
	meanW := make([]float64, cfg.Points) // ⟨W⟩ per point, nats
	lpExp := make([]float64, cfg.Points)
	for p := 0; p < cfg.Points; p++ {
		work := make([]float64, cfg.Traj)
		for j := range work {
			work[j] = -fw.LogW[p*cfg.Traj+j]
			meanW[p] += work[j] / float64(cfg.Traj)
		}
		e, err := thermo.EXPForward(work) // ΔF = −ln⟨e^{−W}⟩ = −ln p(x⁰)
		if err != nil {
			return nil, fmt.Errorf("analysis: EXP at point %d: %w", p, err)
		}
		e.Value = -e.Value
		e.Bias = -e.Bias
		lpExp[p] = e.Value
		a.LogPEXP[p] = e.Bits()
	}
	a.MeanEXPBits, a.MeanEXPStdErrBits = meanSEBits(lpExp)
	negW := make([]float64, cfg.Points)
	for p := range negW {
		negW[p] = -meanW[p]
	}
	a.MeanLogWBits, a.MeanLogWStdErrBits = meanSEBits(negW)

	// The exact density on the grid.
	a.LogPGrid = make([]float64, cfg.Points)
	a.Z = make([]float64, cfg.Points)
	ref := lpExp
	// Model samples for BDMC, drawn first so that one grid integral serves both point sets.
	xs, rw, err := m.ReverseWork(cfg.Samples, rng)
	if err != nil {
		return nil, err
	}
	var grid, gridS []float64
	if cfg.NoGrid {
		a.GridNote = "skipped (NoGrid)"
	} else if all, err := m.GridLogDensity(append(append([]float64{}, x...), xs...), cfg.Grid); err != nil {
		a.GridNote = err.Error()
	} else {
		grid, gridS = all[:cfg.Points], all[cfg.Points:]
	}
	a.MeanGridBits, a.MeanGridStdErrBits = math.NaN(), math.NaN()
	a.MeanEXPMinusGridBits, a.MeanEXPMinusGridStdErrBits = math.NaN(), math.NaN()
	if grid != nil {
		diff := make([]float64, cfg.Points)
		for p, g := range grid {
			a.LogPGrid[p] = g / math.Ln2
			a.Z[p] = (a.LogPEXP[p].Value - a.LogPGrid[p]) / a.LogPEXP[p].StdErr
			diff[p] = lpExp[p] - g
		}
		a.MeanGridBits, a.MeanGridStdErrBits = meanSEBits(grid)
		a.MeanEXPMinusGridBits, a.MeanEXPMinusGridStdErrBits = meanSEBits(diff)
		ref = grid
	} else {
		for p := range a.LogPGrid {
			a.LogPGrid[p], a.Z[p] = math.NaN(), math.NaN()
		}
	}
	diss := make([]float64, cfg.Points)
	for p := range diss {
		diss[p] = meanW[p] + ref[p]
	}
	a.DissipatedBits, a.DissipatedStdErrBits = meanSEBits(diss)

	// BDMC on model samples.
	a.BDMCUpperBits, a.BDMCUpperStdErrBits = meanSEBits(rw.LogW)
	fs, err := m.ForwardWork(xs, cfg.Traj, rng)
	if err != nil {
		return nil, err
	}
	lower := make([]float64, cfg.Samples)
	for p := range lower {
		lower[p] = logMeanExp(fs.LogW[p*cfg.Traj : (p+1)*cfg.Traj])
	}
	a.BDMCLowerBits, a.BDMCLowerStdErrBits = meanSEBits(lower)
	a.BDMCExactBits, a.BDMCExactStdErrBits = math.NaN(), math.NaN()
	if gridS != nil {
		a.BDMCExactBits, a.BDMCExactStdErrBits = meanSEBits(gridS)
	}

	// Per-step work.
	for t := 1; t <= T; t++ {
		a.StepT = append(a.StepT, t)
		a.ForwardStepWorkBits = append(a.ForwardStepWorkBits, -fw.StepLogRatio[t]/math.Ln2)
		a.ReverseStepWorkBits = append(a.ReverseStepWorkBits, -rw.StepLogRatio[t]/math.Ln2)
	}
	a.ForwardPriorWorkBits = -fw.StepLogRatio[0] / math.Ln2
	a.ReversePriorWorkBits = -rw.StepLogRatio[0] / math.Ln2

	// Entropies.
	a.EntropyT, a.EntropyLower, a.EntropyUpper = EntropyBoundsBits(m.Sched, D)
	if _, a.EntropyLearned, err = ReverseEntropyBits(m, holdout[:2*min(len(holdout)/2, 2000)], rng); err != nil {
		return nil, err
	}
	a.EntropyProductionBits = make([]float64, T)
	a.EntropyProductionSource = "moment-matched Gaussian of the data"
	if cfg.RollNoise > 0 {
		a.EntropyProductionBits = SwissRollEntropyProduction(cfg.RollNoise, m.Sched.Betas(), 400, rng)
		a.EntropyProductionSource = fmt.Sprintf("the Swiss roll (raw noise %.3g)", cfg.RollNoise)
	}
	for d := 0; d < D && cfg.RollNoise <= 0; d++ {
		var mu, v float64
		n := len(holdout) / D
		for i := 0; i < n; i++ {
			mu += holdout[i*D+d] / float64(n)
		}
		for i := 0; i < n; i++ {
			v += (holdout[i*D+d] - mu) * (holdout[i*D+d] - mu) / float64(n-1)
		}
		for t, s := range thermo.GaussianForwardEntropyProduction(m.Sched.Betas(), mu, v) {
			a.EntropyProductionBits[t] += s / math.Ln2
		}
	}

	// Probability-flow ODE.
	a.ODEBits, a.ODEStdErrBits = math.NaN(), math.NaN()
	if cfg.ODEPoints > 0 {
		np := min(cfg.ODEPoints, len(holdout)/2)
		r, err := m.ODELogLik(holdout[:2*np], &diffusion.ODESettings{RTol: cfg.ODETol, ATol: cfg.ODETol})
		if err != nil {
			return nil, err
		}
		a.ODEBits, a.ODEStdErrBits, a.ODEEvals = r.MeanBits, r.StdErrBits, r.Stats.Evals
	}
	return a, nil
}

// SwissRollEntropyProduction returns the entropy produced by each forward step t = 1…T (bits,
// per 2-D point) when the data are the standardized Swiss roll of datasets.SwissRoll with the
// given raw noise. The kernel is in detailed balance with π and the data have E‖x‖² = D, so
// E_{q_t} ln π is the same at every t and KL(q_{t−1}‖π) − KL(q_t‖π) = H(q_t) − H(q_{t−1}): the
// production is the growth of the marginal entropy. H(q_t) = −E ln q_t(x^(t)) is estimated on n
// draws shared by all t (common random numbers, so that the differences are smooth), with
// q_t(x) = ⟨N(x; √ᾱ_t m(φ), (ᾱ_t s² + 1 − ᾱ_t) I)⟩_φ by the midpoint rule over φ (m the
// standardized curve, s the standardized noise; nodes ≤ a third of the narrowest width apart).
func SwissRollEntropyProduction(noise float64, beta []float64, n int, rng *rand.Rand) []float64 {
	S := datasets.SwissRollScale(noise)
	sn := noise / S
	lo, hi := datasets.SwissRollPhiMin, datasets.SwissRollPhiMax
	// arc length of the standardized curve ≈ ∫ φ dφ / S
	arc := (hi*hi - lo*lo) / 2 / S
	nodes := int(math.Min(20000, math.Max(500, 3*arc/sn)))
	mx := make([]float64, nodes)
	my := make([]float64, nodes)
	for k := range mx {
		phi := lo + (hi-lo)*(float64(k)+0.5)/float64(nodes)
		mx[k] = (phi*math.Cos(phi) - datasets.SwissRollMean[0]) / S
		my[k] = (phi*math.Sin(phi) - datasets.SwissRollMean[1]) / S
	}
	x0 := datasets.SwissRoll{Noise: noise}.Sample(n, rng)
	eps := make([]float64, 2*n)
	for i := range eps {
		eps[i] = rng.NormFloat64()
	}
	ab := thermo.AlphaBar(beta)
	H := make([]float64, len(beta)+1)
	lq := make([]float64, nodes)
	for t := 0; t <= len(beta); t++ {
		a := 1.0
		if t > 0 {
			a = ab[t-1]
		}
		sa := math.Sqrt(a)
		v := a*sn*sn + 1 - a
		var h float64
		for i := 0; i < n; i++ {
			x := sa*x0[2*i] + math.Sqrt(1-a)*eps[2*i]
			y := sa*x0[2*i+1] + math.Sqrt(1-a)*eps[2*i+1]
			for k := range lq {
				dx, dy := x-sa*mx[k], y-sa*my[k]
				lq[k] = -(dx*dx + dy*dy) / (2 * v)
			}
			h -= thermo.LogSumExp(lq) - math.Log(float64(nodes)) - math.Log(2*math.Pi*v)
		}
		H[t] = h / float64(n)
	}
	out := make([]float64, len(beta))
	for t := range out {
		out[t] = (H[t+1] - H[t]) / math.Ln2
	}
	return out
}

// meanSEBits is the mean of x (nats) and its standard error, in bits.
func meanSEBits(x []float64) (mean, se float64) {
	e, err := thermo.MeanEstimate(x)
	if err != nil {
		return math.NaN(), math.NaN()
	}
	return e.Value / math.Ln2, e.StdErr / math.Ln2
}

// logMeanExp is ln((1/n) Σ e^{x_i}), stably.
func logMeanExp(x []float64) float64 {
	return thermo.LogSumExp(x) - math.Log(float64(len(x)))
}

// ZWithin returns the fraction of points whose |z| is below bound (NaN without the grid).
func (a *ThermoAccounting) ZWithin(bound float64) float64 {
	n, k := 0, 0
	for _, z := range a.Z {
		if math.IsNaN(z) {
			continue
		}
		n++
		if math.Abs(z) < bound {
			k++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}

// Results is the report table of the accounting (no paper values: the paper reports none).
func (a *ThermoAccounting) Results(kBits, kStdErrBits float64) []Result {
	nan := math.NaN()
	rs := []Result{
		{Name: "K (eq. 14), held-out", Unit: "bits", Paper: nan, Ours: kBits, OursStdErr: kStdErrBits},
		{Name: "−⟨W⟩, single-trajectory bound", Unit: "bits", Paper: nan, Ours: a.MeanLogWBits, OursStdErr: a.MeanLogWStdErrBits, Note: fmt.Sprintf("%d points", a.Points)},
		{Name: "ln p(x⁰) = ln⟨e^{−W}⟩ (Jarzynski = eq. 9)", Unit: "bits", Paper: nan, Ours: a.MeanEXPBits, OursStdErr: a.MeanEXPStdErrBits, Note: fmt.Sprintf("EXP, %d trajectories per point", a.Traj)},
	}
	if !math.IsNaN(a.MeanGridBits) {
		rs = append(rs,
			Result{Name: "ln p(x⁰), exact (grid integral)", Unit: "bits", Paper: nan, Ours: a.MeanGridBits, OursStdErr: a.MeanGridStdErrBits},
			Result{Name: "EXP − exact (paired)", Unit: "bits", Paper: nan, Ours: a.MeanEXPMinusGridBits, OursStdErr: a.MeanEXPMinusGridStdErrBits,
				Note: fmt.Sprintf("%.0f%% of points |z| < 2", 100*a.ZWithin(2))})
	} else {
		rs = append(rs, Result{Name: "exact ln p (grid)", Unit: "bits", Paper: nan, Ours: nan, Note: a.GridNote})
	}
	rs = append(rs,
		Result{Name: "dissipated work ⟨W⟩ + ln p = KL(q paths ‖ p paths)", Unit: "bits", Paper: nan, Ours: a.DissipatedBits, OursStdErr: a.DissipatedStdErrBits},
		Result{Name: "BDMC lower (forward IS on model samples)", Unit: "bits", Paper: nan, Ours: a.BDMCLowerBits, OursStdErr: a.BDMCLowerStdErrBits, Note: fmt.Sprintf("%d samples", a.Samples)},
		Result{Name: "BDMC exact (grid on model samples)", Unit: "bits", Paper: nan, Ours: a.BDMCExactBits, OursStdErr: a.BDMCExactStdErrBits},
		Result{Name: "BDMC upper (generating trajectories)", Unit: "bits", Paper: nan, Ours: a.BDMCUpperBits, OursStdErr: a.BDMCUpperStdErrBits},
		Result{Name: "ln p(x⁰), probability-flow ODE", Unit: "bits", Paper: nan, Ours: a.ODEBits, OursStdErr: a.ODEStdErrBits, Note: fmt.Sprintf("%d function evaluations", a.ODEEvals)},
	)
	return rs
}

// Charts are the accounting's figures: per-point EXP against the exact density, the z-scores,
// the per-step work, the reverse entropies between the App. A bounds, and the forward entropy
// production.
func (a *ThermoAccounting) Charts() []*Chart {
	var cs []*Chart
	idx := Range(0, a.Points)
	ex := make([]float64, a.Points)
	se := make([]float64, a.Points)
	for i, e := range a.LogPEXP {
		ex[i], se[i] = e.Value, e.StdErr
	}
	series := []Series{{Name: "EXP ln⟨e^{−W}⟩ ± SE", X: idx, Y: ex, StdErr: se}}
	if !math.IsNaN(a.MeanGridBits) {
		series = append(series, Series{Name: "exact (grid integral)", X: idx, Y: a.LogPGrid, Dashed: true})
	}
	cs = append(cs, LineChart("ln p(x⁰) per held-out point: Jarzynski estimate and exact density", "held-out point", "ln p (bits)", series...))
	if !math.IsNaN(a.MeanGridBits) {
		cs = append(cs, LineChart("z = (EXP − exact)/SE per held-out point", "held-out point", "z",
			Series{Name: "z", X: idx, Y: a.Z}))
	}
	t := Ints(a.StepT)
	cs = append(cs, LineChart("Mean work per step, −E[ln p(x^(t−1)|x^(t)) − ln q(x^(t)|x^(t−1))]", "diffusion step t", "work (bits)",
		Series{Name: "forward trajectories (data → noise)", X: t, Y: a.ForwardStepWorkBits},
		Series{Name: "model trajectories (noise → data)", X: t, Y: a.ReverseStepWorkBits, Dashed: true}))
	cs = append(cs, EntropyBounds(a.EntropyT, a.EntropyLower, a.EntropyUpper, a.EntropyLearned))
	cs = append(cs, LineChart("Entropy produced by each forward step ("+a.EntropyProductionSource+")", "diffusion step t", "entropy production (bits)",
		Series{Name: "KL(q_{t−1}‖π) − KL(q_t‖π)", X: t, Y: a.EntropyProductionBits}))
	return cs
}

// Report builds the accounting's report page.
func (a *ThermoAccounting) Report(kBits, kStdErrBits float64, prov Provenance, notes []string) *Report {
	r := &Report{
		Title: "Thermodynamics of a trained diffusion model (Swiss roll)",
		Summary: "The trained model read as a nonequilibrium process: the log-likelihood of eq. 9 is Jarzynski's " +
			"equality p(x⁰) = ⟨e^{−W}⟩ over forward trajectories, the bound K is −⟨W⟩, and their gap is the " +
			"dissipated work, the KL divergence between the forward and reverse path measures. The estimates are " +
			"checked against the model's exact density, integrated numerically on grids.",
		Results:    a.Results(kBits, kStdErrBits),
		Provenance: prov,
		Notes:      notes,
	}
	caps := []string{
		"Per held-out point: the EXP (Jarzynski) estimate of ln p with its delta-method error band, and the exact value from the grid integral.",
		"z-scores of the EXP estimate against the exact density.",
		"Where the work is done: the mean work of each step along forward trajectories and along the model's own; their sums (plus the prior term) are −K and the BDMC upper bound.",
		"Entropy of the learned reverse step between the App. A bounds.",
		"Entropy produced by each forward step: the drop of the relative entropy to the equilibrium π, KL(q_{t−1}‖π) − KL(q_t‖π) (for unit-variance data the growth of the marginal entropy H(q_t)). Its sum over t is the data's distance from equilibrium; the reverse process must undo it.",
	}
	cs := a.Charts()
	if math.IsNaN(a.MeanGridBits) {
		caps = append(caps[:1], caps[2:]...)
	}
	for i, c := range cs {
		r.AddChart(caps[i], c)
	}
	return r
}
