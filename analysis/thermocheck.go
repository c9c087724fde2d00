package analysis

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/thermodiff/thermodiff/thermo"
)

// ThermoZBound is the |z| bound a thermo check must meet at its fixed seed.
const ThermoZBound = 4.0

// ThermoCheckRow is one analytic system checked against one estimator.
type ThermoCheckRow struct {
	System    string  `json:"system"`
	Quantity  string  `json:"quantity"`
	Estimator string  `json:"estimator"`
	Units     string  `json:"units"`
	Exact     float64 `json:"exact"`
	ExactNote string  `json:"exact_source"`
	Estimate  float64 `json:"estimate"`
	StdErr    float64 `json:"stderr"`
	Z         float64 `json:"z"`
	N         int     `json:"n"`
	Pass      bool    `json:"pass"`
	// Overlap is BAR's overlap ω of the two work distributions (thermo.BARResult; 0 for
	// other estimators): 1 for identical distributions, near 0 when BAR cannot be trusted.
	Overlap float64 `json:"overlap,omitempty"`
}

// barLabel names the BAR estimator with its overlap, so the report shows how far to trust it.
func barLabel(r thermo.BARResult) string {
	return fmt.Sprintf("BAR (overlap ω = %.2f, %.0f samples in it)", r.Overlap, r.OverlapSamples)
}

// ThermoScheduleCurve holds the per-step entropies of a diffusion schedule (index t−1 holds the
// paper's step t), for the report's figures; metrics.json keeps only the summary numbers.
type ThermoScheduleCurve struct {
	Name  string `json:"name"`
	Units string `json:"units"`
	// T is the number of steps.
	T int `json:"T"`
	// TotalProduction is Σ_t of Production, KL(q₀‖π) − KL(q_T‖π).
	TotalProduction float64 `json:"total_entropy_production"`
	// MaxGap is max_{t≥2} (Upper − Lower).
	MaxGap float64 `json:"max_bound_gap"`
	// ProductionData describes the data distribution Production was computed for.
	ProductionData string `json:"entropy_production_data"`

	Lower      []float64 `json:"-"`
	Upper      []float64 `json:"-"`
	Production []float64 `json:"-"`
}

func (c *ThermoScheduleCurve) summarize() {
	c.T = len(c.Upper)
	c.TotalProduction, c.MaxGap = 0, 0
	for _, v := range c.Production {
		c.TotalProduction += v
	}
	for t := 1; t < len(c.Upper); t++ {
		c.MaxGap = math.Max(c.MaxGap, c.Upper[t]-c.Lower[t])
	}
}

// ThermoCheckResult is the outcome of RunThermoCheck.
type ThermoCheckResult struct {
	Seed      uint64                `json:"seed"`
	ZBound    float64               `json:"z_bound"`
	Passed    bool                  `json:"passed"`
	Rows      []ThermoCheckRow      `json:"systems"`
	Schedules []ThermoScheduleCurve `json:"schedules"`
	Seconds   float64               `json:"seconds"`

	// Work samples of the Gaussian Crooks system, for the histogram figure (not in JSON).
	crooksF, crooksR []float64
}

// RunThermoCheck runs every analytic system of package thermo with its estimators at the given
// seed and compares each estimate with the exact answer. It takes a few seconds.
func RunThermoCheck(seed uint64) (*ThermoCheckResult, error) {
	start := time.Now()
	rnd := rand.New(rand.NewPCG(seed, 0x7468_6572_6d6f))
	res := &ThermoCheckResult{Seed: seed, ZBound: ThermoZBound, Passed: true}
	add := func(system, quantity, estimator, units string, exact float64, note string, e thermo.Estimate) {
		var z float64
		pass := false
		if e.StdErr == 0 {
			// A deterministic computation (no sampling): it passes when it agrees with the
			// closed form to 1e-9 relative; z is 0 then and ±99 otherwise (JSON has no ±Inf).
			pass = math.Abs(e.Value-exact) <= 1e-9*math.Max(1, math.Abs(exact))
			if !pass {
				z = math.Copysign(99, e.Value-exact)
			}
		} else {
			z = e.Z(exact)
			pass = math.Abs(z) < ThermoZBound
		}
		row := ThermoCheckRow{System: system, Quantity: quantity, Estimator: estimator, Units: units,
			Exact: exact, ExactNote: note, Estimate: e.Value, StdErr: e.StdErr, Z: z, N: e.N,
			Pass: pass}
		res.Passed = res.Passed && row.Pass
		res.Rows = append(res.Rows, row)
	}
	fail := func(system string, err error) (*ThermoCheckResult, error) {
		return nil, fmt.Errorf("thermo check: %s: %w", system, err)
	}

	// 1. Harmonic oscillators u_k = k x²/2: f_k − f_0 = ½ log(k_k/k_0).
	{
		const sys = "harmonic oscillators k = 1, 4"
		exact := 0.5 * math.Log(4)
		wF, wR := thermoHarmonicWork(1, 4, 5000, rnd)
		e, err := thermo.EXPForward(wF)
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "ΔF", "EXP (forward)", "kT", exact, "½ log(k_B/k_A)", e)
		br, err := thermo.BARWithOverlap(wF, wR, nil)
		b := br.DeltaF
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "ΔF", barLabel(br), "kT", exact, "½ log(k_B/k_A)", b)
		res.Rows[len(res.Rows)-1].Overlap = br.Overlap
	}
	{
		const sys = "harmonic oscillators k = 1, 2, 4, 8, 16"
		ks := []float64{1, 2, 4, 8, 16}
		counts := []int{2000, 2000, 2000, 2000, 2000}
		u := thermoHarmonicEnergies(ks, counts, rnd)
		r, err := thermo.MBAR(u, counts, nil)
		if err != nil {
			return fail(sys, err)
		}
		e := r.DeltaF(0, 4)
		e.N = 10000
		add(sys, "f₁₆ − f₁", "MBAR", "kT", 0.5*math.Log(16), "½ log(16)", e)
	}
	// 2. Gaussian work distributions obeying Crooks, ΔF = 3.
	{
		const sys = "Gaussian Crooks work, ΔF = 3, σ_W = 2"
		wF := make([]float64, 5000)
		wR := make([]float64, 5000)
		for i := range wF {
			wF[i] = 3 + 2 + 2*rnd.NormFloat64()
			wR[i] = -3 + 2 + 2*rnd.NormFloat64()
		}
		res.crooksF, res.crooksR = wF, wR
		br, err := thermo.BARWithOverlap(wF, wR, nil)
		b := br.DeltaF
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "ΔF", barLabel(br), "kT", 3, "W_F ~ N(ΔF + s²/2, s²)", b)
		res.Rows[len(res.Rows)-1].Overlap = br.Overlap
		c, _, err := thermo.CrooksCheck(wF, wR)
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "slope of log P_F(W)/P_R(−W)", "Crooks logistic fit", "1", 1, "Crooks theorem", c.Estimate)
	}
	// 3. Stiffness quench.
	{
		const sys = "stiffness quench k 1 → 3 (instantaneous)"
		q := thermo.StiffnessQuench{K0: 1, K1: 3}
		w := q.Work(20000, rnd)
		ex := make([]float64, len(w))
		for i, v := range w {
			ex[i] = math.Exp(-v)
		}
		m, err := thermo.MeanEstimate(ex)
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "⟨e^{−W}⟩", "sample mean", "1", math.Sqrt(1.0/3), "√(k₀/k₁)", m)
		sigma := make([]float64, len(w))
		for i, v := range w {
			sigma[i] = v - q.DeltaF()
		}
		c, err := thermo.IntegralFTCheck(sigma)
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "log⟨e^{−Σ}⟩, Σ = W − ΔF", "integral FT", "1", 0, "integral fluctuation theorem", c.Estimate)
	}
	{
		const sys = "stiffness quench k 1 → 4 (10 steps, Δt = 0.05)"
		q := thermo.StiffnessQuench{K0: 1, K1: 4, Steps: 10, Dt: 0.05}
		wF := q.Work(5000, rnd)
		wR := q.Reverse().Work(5000, rnd)
		e, err := thermo.EXPForward(wF)
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "ΔF", "Jarzynski (EXP)", "kT", q.DeltaF(), "½ log(k₁/k₀)", e)
		br, err := thermo.BARWithOverlap(wF, wR, nil)
		b := br.DeltaF
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "ΔF", barLabel(br), "kT", q.DeltaF(), "½ log(k₁/k₀)", b)
		res.Rows[len(res.Rows)-1].Overlap = br.Overlap
	}
	// 4. Dragged trap.
	{
		const sys = "dragged trap k = 2, v = 1.5, τ = 2"
		d := thermo.DraggedTrap{K: 2, V: 1.5, Steps: 200, Dt: 0.01}
		w := d.Work(10000, rnd)
		m, err := thermo.MeanEstimate(w)
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "⟨W⟩", "sample mean", "kT", d.MeanWork(), "Mazonka–Jarzynski, discrete protocol", m)
		_, v := thermoMeanVar(w)
		n := float64(len(w))
		add(sys, "Var W", "sample variance", "kT²", d.VarWork(), "2⟨W⟩ (Gaussian work, ΔF = 0)",
			thermo.Estimate{Value: v, StdErr: math.Sqrt(2/(n-1)) * d.VarWork(), N: len(w)})
	}
	// 5. OU entropy production from simulated paths.
	for _, c := range []struct {
		sys, note string
		p         *thermo.OU
		exact     float64
	}{
		{"two-bead chain T₁ = 1, T₂ = 10", "(T₁−T₂)²/(4T₁T₂) = 81/40", thermo.BeadSpringChain([]float64{1, 10}, 1, 1), 81.0 / 40},
		{"driven trap α = 0.7", "2α²", thermo.DrivenTrap(1, 0.7), 2 * 0.49},
		{"Brownian gyrator u = 1, 3, θ = 0.4, T = 1, 5", "(T₁−T₂)²k₁₂²/(T₁T₂(u₁+u₂))", thermo.Gyrator(1, 3, 0.4, 1, 5), thermo.GyratorRate(1, 3, 0.4, 1, 5)},
	} {
		exactLyap, err := thermo.OUEntropyProduction(c.p.A, c.p.D)
		if err != nil {
			return fail(c.sys, err)
		}
		add(c.sys, "σ (Lyapunov solve)", "OUEntropyProduction", "k_B/time", c.exact, c.note,
			thermo.Estimate{Value: exactLyap})
		path, err := c.p.NewPath(0.002, rnd)
		if err != nil {
			return fail(c.sys, err)
		}
		r, err := path.Rates(500000, rnd)
		if err != nil {
			return fail(c.sys, err)
		}
		// The path log-ratio is unbiased for the discrete-step rate σ_Δt; the row compares
		// with the continuous rate, so it shows the estimate times κ = σ/σ_Δt.
		add(c.sys, "σ", fmt.Sprintf("path log-ratio (Stratonovich, Δt = 0.002) × κ = %.5f", r.Correction), "k_B/time", c.exact, c.note, r.Continuous)
	}
	// 6. Markov chains.
	{
		const sys = "3-state ring, P₊ = 0.5, P₋ = 0.2"
		exact := 0.3 * math.Log(2.5)
		p := [][]float64{{0.3, 0.5, 0.2}, {0.2, 0.3, 0.5}, {0.5, 0.2, 0.3}}
		states := make([]int, 100000)
		for t := 1; t < len(states); t++ {
			u := rnd.Float64()
			j := 0
			for ; j < 2; j++ {
				u -= p[states[t-1]][j]
				if u < 0 {
					break
				}
			}
			states[t] = j
		}
		e, err := thermo.SchnakenbergFromTrajectory(states, 3)
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "σ per step", "Schnakenberg from trajectory", "k_B/step", exact, "(P₊−P₋) log(P₊/P₋) by hand", e)
	}
	{
		const sys = "flashing ratchet L = 6, V = 4"
		r := thermo.FlashingRatchet{L: 6, Height: 4, Peak: 1, Hop: 1, Flip: 0.5}
		exact, err := thermo.SchnakenbergRate(r.Rates())
		if err != nil {
			return fail(sys, err)
		}
		const dur = 20000.0
		states, times := thermo.SimulateJumps(r.Rates(), 0, dur, rnd)
		e, err := thermo.SchnakenbergFromJumps(states, times, 2*r.L, dur)
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "σ", "Schnakenberg from jumps", "k_B/time", exact, "Schnakenberg formula on the rate matrix", e)
	}
	// 7. AIS and BDMC on a Gaussian target with log Z = (d/2) log(π/2).
	{
		const sys = "Gaussian target, d = 3, AIS 1000 temperatures"
		const d = 3
		exact := 0.5 * d * math.Log(math.Pi/2)
		a := &thermo.AIS{
			Prior:  thermo.DiagNormal{Mean: make([]float64, d), Std: []float64{2, 2, 2}},
			Target: thermo.DiagNormal{Mean: []float64{1, 1, 1}, Std: []float64{0.5, 0.5, 0.5}},
			Betas:  thermo.LinearBetas(1000),
			Kernel: thermo.Metropolis{Step: 0.4, Sweeps: 2},
		}
		// DiagNormal is normalized; shift the target to make log Z nontrivial.
		a.Target = thermoShiftedDensity{a.Target, exact}
		exactSamples := make([][]float64, 300)
		tgt := thermo.DiagNormal{Mean: []float64{1, 1, 1}, Std: []float64{0.5, 0.5, 0.5}}
		for i := range exactSamples {
			exactSamples[i] = make([]float64, d)
			tgt.Rand(exactSamples[i], rnd)
		}
		s, err := thermo.BDMC(a, 300, d, exactSamples, rnd)
		if err != nil {
			return fail(sys, err)
		}
		add(sys, "log Z", "AIS forward (BDMC lower)", "nats", exact, "(d/2) log(π/2)", s.Lower)
		add(sys, "log Z", "AIS reverse (BDMC upper)", "nats", exact, "(d/2) log(π/2)", s.Upper)
	}

	// Diffusion-schedule thermodynamics: the paper's schedules (no estimation, exact curves).
	{
		T := 1000
		beta := make([]float64, T)
		for t := 1; t <= T; t++ {
			beta[t-1] = 1 / float64(T-t+1)
		}
		beta[0] = 1e-3 + 1.0/float64(T) // the reference code's schedule with β₁ raised by 0.001
		beta[T-1] = 0.999
		lo, up := thermo.GaussianReverseEntropyBounds(beta)
		res.Schedules = append(res.Schedules, ThermoScheduleCurve{
			Name: "Gaussian kernel, T = 1000, β_t = 1/(T−t+1), β₁ = 0.002", Units: "nats/dim",
			Lower: thermoFiniteFloor(lo), Upper: up,
			Production:     thermo.GaussianForwardEntropyProduction(beta, 0.5, 0.75),
			ProductionData: "data N(0.5, 0.75) per dimension",
		})
		Tb := 2000
		bb := make([]float64, Tb)
		for t := 1; t <= Tb; t++ {
			bb[t-1] = 1 / float64(Tb-t+1)
		}
		lo, up = thermo.BinomialReverseEntropyBounds(bb, 0.2, 0.2) // the heartbeat data (PAPER.md §4.2)
		res.Schedules = append(res.Schedules, ThermoScheduleCurve{
			Name: "binomial kernel, T = 2000, β_t = 1/(T−t+1), ρ = p₀ = 0.2", Units: "nats/bit",
			Lower: lo, Upper: up,
			Production:     thermo.BinomialForwardEntropyProduction(bb, 0.2, 0.5),
			ProductionData: "independent bits of mean 0.5",
		})
	}
	for i := range res.Schedules {
		res.Schedules[i].summarize()
	}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

// thermoShiftedDensity adds a constant to a log density (an unnormalized target with log Z = c).
type thermoShiftedDensity struct {
	d thermo.Density
	c float64
}

func (s thermoShiftedDensity) LogProb(x []float64) float64 { return s.d.LogProb(x) + s.c }

// thermoFiniteFloor replaces −Inf (the t = 1 Gaussian lower bound) by the smallest finite value,
// for plotting; the page says that the t = 1 bound is −∞.
func thermoFiniteFloor(x []float64) []float64 {
	out := append([]float64(nil), x...)
	for i, v := range out {
		if math.IsInf(v, -1) {
			out[i] = math.Inf(1)
			for _, w := range x {
				if !math.IsInf(w, 0) {
					out[i] = math.Min(out[i], w)
				}
			}
		}
	}
	return out
}

func thermoHarmonicWork(kA, kB float64, n int, rnd *rand.Rand) (wF, wR []float64) {
	wF = make([]float64, n)
	wR = make([]float64, n)
	for i := range wF {
		x := rnd.NormFloat64() / math.Sqrt(kA)
		wF[i] = 0.5 * (kB - kA) * x * x
		y := rnd.NormFloat64() / math.Sqrt(kB)
		wR[i] = 0.5 * (kA - kB) * y * y
	}
	return wF, wR
}

func thermoHarmonicEnergies(ks []float64, counts []int, rnd *rand.Rand) [][]float64 {
	var xs []float64
	for k, c := range counts {
		for i := 0; i < c; i++ {
			xs = append(xs, rnd.NormFloat64()/math.Sqrt(ks[k]))
		}
	}
	u := make([][]float64, len(ks))
	for k := range ks {
		u[k] = make([]float64, len(xs))
		for n, x := range xs {
			u[k][n] = 0.5 * ks[k] * x * x
		}
	}
	return u
}

func thermoMeanVar(x []float64) (m, v float64) {
	for _, a := range x {
		m += a
	}
	m /= float64(len(x))
	for _, a := range x {
		v += (a - m) * (a - m)
	}
	return m, v / float64(len(x)-1)
}

// ThermoCheckHTML renders a self-contained report page (inline SVG figures, no scripts, no
// network) of a thermo check: the table of estimates against exact values and three figures.
func ThermoCheckHTML(r *ThermoCheckResult, provenance map[string]string) ([]byte, error) {
	zfig, err := thermoZFigure(r)
	if err != nil {
		return nil, err
	}
	wfig, err := thermoCrooksFigure(r)
	if err != nil {
		return nil, err
	}
	type schedFig struct {
		Name, Data, Units string
		Total, MaxGap     float64
		Figs              []template.HTML
	}
	var sfigs []schedFig
	for _, c := range r.Schedules {
		f, err := thermoLines("reverse-step entropy bounds", c.Units, false, []string{"lower bound", "upper bound"}, c.Lower, c.Upper)
		if err != nil {
			return nil, err
		}
		gap := make([]float64, len(c.Lower))
		for i := range gap {
			gap[i] = c.Upper[i] - c.Lower[i]
		}
		g, err := thermoLines("upper − lower bound, t ≥ 2", c.Units, true, []string{"bound gap"}, gap[1:])
		if err != nil {
			return nil, err
		}
		h, err := thermoLines("entropy produced per step", c.Units, false, []string{"KL(q_(t−1)‖π) − KL(q_t‖π)"}, c.Production)
		if err != nil {
			return nil, err
		}
		sfigs = append(sfigs, schedFig{c.Name, c.ProductionData, c.Units, c.TotalProduction, c.MaxGap, []template.HTML{f, g, h}})
	}
	data := struct {
		R          *ThermoCheckResult
		ZFig       template.HTML
		WorkFig    template.HTML
		SchedFigs  []schedFig
		Provenance map[string]string
	}{r, zfig, wfig, sfigs, provenance}
	var b bytes.Buffer
	if err := thermoPage.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("analysis: thermo report: %w", err)
	}
	return b.Bytes(), nil
}

var thermoPage = template.Must(template.New("thermo").Funcs(template.FuncMap{
	"f":   func(v float64) string { return fmt.Sprintf("%.4g", v) },
	"z":   func(v float64) string { return fmt.Sprintf("%+.2f", v) },
	"inc": func(i int) int { return i + 1 },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>thermo check</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
table{border-collapse:collapse;font-size:0.9em}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}
td.l,th.l{text-align:left}tr.fail td{background:#fdd}.ok{color:#070}.bad{color:#b00}
figure{display:inline-block;margin:0.5em}figcaption{font-size:0.85em;max-width:560px}
</style></head><body>
<h1>thermo check: estimators against exact answers</h1>
<p>Seed {{.R.Seed}}; every sampled estimate passes when |z| &lt; {{.R.ZBound}}; rows with a zero standard error are deterministic computations (the Lyapunov solve) and pass when they match the closed form to 10⁻⁹.
Overall: {{if .R.Passed}}<b class="ok">all {{len .R.Rows}} checks pass</b>{{else}}<b class="bad">some checks fail</b>{{end}}
({{printf "%.1f" .R.Seconds}} s). Units are reduced (kT, k_B, nats).</p>
<table><tr><th>#</th><th class="l">system</th><th class="l">quantity</th><th class="l">estimator</th><th>exact</th><th class="l">exact from</th><th>estimate</th><th>std. error</th><th>z</th><th>N</th><th class="l">units</th></tr>
{{range $i, $r := .R.Rows}}{{with $r}}<tr{{if not .Pass}} class="fail"{{end}}><td>{{inc $i}}</td><td class="l">{{.System}}</td><td class="l">{{.Quantity}}</td><td class="l">{{.Estimator}}</td><td>{{f .Exact}}</td><td class="l">{{.ExactNote}}</td><td>{{f .Estimate}}</td><td>{{f .StdErr}}</td><td>{{z .Z}}</td><td>{{.N}}</td><td class="l">{{.Units}}</td></tr>
{{end}}{{end}}</table>
<figure>{{.ZFig}}<figcaption>z-score of each estimate against its exact value; the band is ±{{.R.ZBound}}.</figcaption></figure>
<figure>{{.WorkFig}}<figcaption>Crooks: forward work W_F and negated reverse work −W_R (ΔF = 3). Their densities cross at W = ΔF.</figcaption></figure>
<h2>Thermodynamics of the paper's diffusion schedules</h2>
<p>Per-step bounds of App. A on the reverse-step entropy H<sub>q</sub>(X<sup>(t−1)</sup>|X<sup>(t)</sup>), and the entropy produced by each forward step (the drop of KL(q<sub>t</sub> ‖ π)). Index t is the paper's t = 1…T. For the Gaussian kernel the t = 1 lower bound is −∞ (plotted at the curve's minimum).</p>
{{range .SchedFigs}}<h3>{{.Name}}</h3><p>Largest gap between the bounds (t ≥ 2): {{f .MaxGap}} {{.Units}}. Entropy production for {{.Data}}: {{f .Total}} {{.Units}} in total, which equals KL(q<sub>0</sub> ‖ π) − KL(q<sub>T</sub> ‖ π).</p>{{range .Figs}}<figure>{{.}}</figure>{{end}}{{end}}
<h2>Provenance</h2><table>{{range $k, $v := .Provenance}}<tr><td class="l">{{$k}}</td><td class="l">{{$v}}</td></tr>{{end}}</table>
</body></html>
`))

// thermoSVG renders a plot as inline SVG markup.
func thermoSVG(p *plot.Plot, w, h vg.Length) (template.HTML, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", fmt.Errorf("analysis: render svg: %w", err)
	}
	// Drop the XML prolog so the SVG can sit inside HTML.
	s := b.String()
	if i := bytes.Index(b.Bytes(), []byte("<svg")); i > 0 {
		s = s[i:]
	}
	return template.HTML(s), nil // rendered by gonum/plot from our own numbers and labels
}

func thermoZFigure(r *ThermoCheckResult) (template.HTML, error) {
	p := plot.New()
	p.Title.Text = "z-scores (estimate − exact)/stderr"
	p.X.Label.Text = "z"
	pts := make(plotter.XYs, len(r.Rows))
	names := make([]string, len(r.Rows))
	for i, row := range r.Rows {
		z := math.Max(-8, math.Min(8, row.Z))
		pts[len(r.Rows)-1-i] = plotter.XY{X: z, Y: float64(len(r.Rows) - 1 - i)}
		names[len(r.Rows)-1-i] = fmt.Sprintf("%d", i+1)
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return "", err
	}
	for _, x := range []float64{-r.ZBound, 0, r.ZBound} {
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: -0.5}, {X: x, Y: float64(len(r.Rows)) - 0.5}})
		if err != nil {
			return "", err
		}
		l.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
		p.Add(l)
	}
	s.Color = plotutil.Color(0)
	p.Add(s)
	p.NominalY(names...)
	p.Y.Label.Text = "row"
	p.X.Min, p.X.Max = -6, 6
	return thermoSVG(p, 5*vg.Inch, 4*vg.Inch)
}

func thermoCrooksFigure(r *ThermoCheckResult) (template.HTML, error) {
	p := plot.New()
	p.Title.Text = "Crooks: P_F(W) and P_R(−W)"
	p.X.Label.Text = "W (kT)"
	p.Y.Label.Text = "density"
	neg := make(plotter.Values, len(r.crooksR))
	for i, w := range r.crooksR {
		neg[i] = -w
	}
	hf, err := plotter.NewHist(plotter.Values(r.crooksF), 40)
	if err != nil {
		return "", err
	}
	hf.Normalize(1)
	hf.FillColor = plotutil.Color(1)
	hr, err := plotter.NewHist(neg, 40)
	if err != nil {
		return "", err
	}
	hr.Normalize(1)
	hr.FillColor = nil
	hr.LineStyle.Width = vg.Points(1.5)
	hr.LineStyle.Color = plotutil.Color(0)
	p.Add(hf, hr)
	p.Legend.Add("forward W_F", hf)
	p.Legend.Add("reverse −W_R", hr)
	p.Legend.Top = true
	p.Legend.Left = true
	return thermoSVG(p, 5*vg.Inch, 4*vg.Inch)
}

func thermoLines(title, units string, logY bool, names []string, ys ...[]float64) (template.HTML, error) {
	p := plot.New()
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = plot.LogTicks{Prec: 1}
	}
	p.Title.Text = title
	p.X.Label.Text = "t"
	p.Y.Label.Text = units
	for k, y := range ys {
		xy := make(plotter.XYs, 0, len(y))
		off := 1
		if logY {
			off = 2 // the gap series starts at t = 2
		}
		for i, v := range y {
			if logY && !(v > 0) {
				continue
			}
			xy = append(xy, plotter.XY{X: float64(i + off), Y: v})
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return "", err
		}
		l.Color = plotutil.Color(k)
		l.Width = vg.Points(1.5)
		if k == 1 {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		}
		p.Add(l)
		p.Legend.Add(names[k], l)
	}
	p.Legend.Top = true
	p.Legend.Left = true
	return thermoSVG(p, 3.6*vg.Inch, 3*vg.Inch)
}
