package analysis

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/thermodiff/thermodiff/diffusion"
)

// SwissRollFigure is the data of the paper's Figure 1 as plain slices (every point set is
// row-major n×2): for each time slice, forward samples q(x^(t)), reverse samples p(x^(t)) and
// the drift μ(x, t) − x on a grid. Its fields match cmd/thermodiff's swissRollFig, so a value
// of that type converts with SwissRollFigure(fig).
type SwissRollFigure struct {
	Times   []int             // t of each column, e.g. 0, T/2, T
	Forward [][]float64       // per column, n×2 samples of q(x^(t))
	Reverse [][]float64       // per column, n×2 samples of p(x^(t))
	Grid    []float64         // g×2 grid points of the drift field
	Drift   [][]float64       // per column, g×2 drift at the grid (step max(t, 1))
	All     map[int][]float64 // reverse samples at every kept t (the time slider)
}

// NewSwissRollFigure computes Figure 1's data from a trained 2-D model: x0 are data points
// (n×2) for the forward row, as many reverse samples are drawn, at t = 0, T/2, T, with the drift
// on a 17×17 grid over [−2.5, 2.5]².
func NewSwissRollFigure(m *diffusion.Model, x0 []float64, rng *rand.Rand) (SwissRollFigure, error) {
	if m.Net.Dim() != 2 || len(x0) < 2 || len(x0)%2 != 0 {
		return SwissRollFigure{}, fmt.Errorf("analysis: NewSwissRollFigure: needs a 2-D model and n×2 data")
	}
	T := m.Sched.T
	fig := SwissRollFigure{Times: []int{0, T / 2, T}}
	for _, f := range ForwardFrames(m.Sched, x0, fig.Times, rng) {
		xy := make([]float64, 0, len(x0))
		for _, p := range f.Sets[0].Points {
			xy = append(xy, p[0], p[1])
		}
		fig.Forward = append(fig.Forward, xy)
	}
	keep := make([]int, T+1)
	for i := range keep {
		keep[i] = i
	}
	_, snaps, err := m.Sample(len(x0)/2, rng, keep)
	if err != nil {
		return fig, err
	}
	for _, t := range fig.Times {
		fig.Reverse = append(fig.Reverse, snaps[t])
	}
	fig.All = snaps
	fig.Grid = SquareGrid(17, -2.5, 2.5)
	for _, t := range fig.Times {
		d, err := m.Drift(fig.Grid, max(t, 1))
		if err != nil {
			return fig, err
		}
		fig.Drift = append(fig.Drift, d)
	}
	return fig, nil
}

// Charts returns Figure 1 as interactive charts: forward and reverse samples with a slider over
// the time slices, the reverse samples at every kept t with a slider (when All is set), and the
// drift field with a slider.
func (f SwissRollFigure) Charts() []*Chart {
	var out []*Chart
	var frames []Frame
	for i, t := range f.Times {
		fr := Frame{Label: fmt.Sprintf("t = %d", t)}
		if i < len(f.Forward) {
			fr.Sets = append(fr.Sets, PointSet{Name: "forward q(x^(t))", Points: Pairs(f.Forward[i])})
		}
		if i < len(f.Reverse) {
			fr.Sets = append(fr.Sets, PointSet{Name: "reverse p(x^(t))", Points: Pairs(f.Reverse[i])})
		}
		frames = append(frames, fr)
	}
	if len(frames) > 0 {
		out = append(out, ScatterTimeline("Figure 1: forward and reverse trajectories", frames))
	}
	if len(f.All) > 0 {
		ts := make([]int, 0, len(f.All))
		for t := range f.All {
			ts = append(ts, t)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(ts)))
		var all []Frame
		for _, t := range ts {
			pts := Pairs(f.All[t])
			if len(pts) > 1500 {
				pts = pts[:1500]
			}
			all = append(all, Frame{Label: fmt.Sprint(t), Sets: []PointSet{{Name: "p(x^(t))", Points: pts}}})
		}
		out = append(out, ScatterTimeline("Reverse process p(x^(t)), t = T … 0", all))
	}
	if len(f.Grid) > 0 && len(f.Drift) > 0 {
		var dfs []DriftFrame
		for i, t := range f.Times {
			if i >= len(f.Drift) {
				break
			}
			scale := arrowScale(f.Drift[i])
			dfs = append(dfs, DriftFrame{Label: fmt.Sprintf("t = %d (arrows ×%.2g)", max(t, 1), scale),
				From: Pairs(f.Grid), Drift: Pairs(f.Drift[i]), Scale: scale})
		}
		out = append(out, DriftField("Drift μ(x, t) − x of the reverse process", dfs))
	}
	return out
}

// PNG draws Figure 1 as the paper lays it out (rows: forward samples, reverse samples, drift;
// columns: the time slices) with gonum/plot, size×size points.
func (f SwissRollFigure) PNG(size vg.Length) ([]byte, error) {
	cols := len(f.Times)
	if cols == 0 || len(f.Forward) < cols || len(f.Reverse) < cols || len(f.Drift) < cols {
		return nil, fmt.Errorf("analysis: SwissRollFigure.PNG: incomplete figure data")
	}
	const rows = 3
	plots := make([][]*plot.Plot, rows)
	for r := range plots {
		plots[r] = make([]*plot.Plot, cols)
		for c := 0; c < cols; c++ {
			p := plot.New()
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -2.5, 2.5, -2.5, 2.5
			t := f.Times[c]
			var err error
			switch r {
			case 0:
				p.Title.Text = fmt.Sprintf("q(x^(%d))", t)
				err = addPoints(p, f.Forward[c], color.RGBA{R: 0x54, G: 0x70, B: 0xc6, A: 255})
			case 1:
				p.Title.Text = fmt.Sprintf("p(x^(%d))", t)
				err = addPoints(p, f.Reverse[c], color.RGBA{R: 0xee, G: 0x66, B: 0x66, A: 255})
			case 2:
				scale := arrowScale(f.Drift[c])
				p.Title.Text = fmt.Sprintf("μ(x, %d) − x  (×%.2g)", max(t, 1), scale)
				err = addArrows(p, f.Grid, f.Drift[c], scale)
			}
			if err != nil {
				return nil, err
			}
			plots[r][c] = p
		}
	}
	img := vgimg.New(size, size)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(6), PadY: vg.Points(6),
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
	canvases := plot.Align(plots, tiles, dc)
	for r := range plots {
		for c := range plots[r] {
			plots[r][c].Draw(canvases[r][c])
		}
	}
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// arrowScale scales a drift field (n×2) so that its longest arrow is 0.28 long (about one grid
// spacing of the 17×17 grid over [−2.5, 2.5]²).
func arrowScale(d []float64) float64 {
	var m float64
	for i := 0; i+1 < len(d); i += 2 {
		m = math.Max(m, math.Hypot(d[i], d[i+1]))
	}
	if m == 0 || math.IsNaN(m) || math.IsInf(m, 0) {
		return 1
	}
	return 0.28 / m
}

func addPoints(p *plot.Plot, xy []float64, c color.Color) error {
	s, err := plotter.NewScatter(Points(Pairs(xy)))
	if err != nil {
		return fmt.Errorf("analysis: Figure 1 points: %w", err)
	}
	s.GlyphStyle.Radius = vg.Points(0.8)
	s.GlyphStyle.Color = c
	p.Add(s)
	return nil
}

func addArrows(p *plot.Plot, grid, drift []float64, scale float64) error {
	for i := 0; i+1 < len(grid) && i+1 < len(drift); i += 2 {
		l, err := plotter.NewLine(plotter.XYs{{X: grid[i], Y: grid[i+1]}, {X: grid[i] + scale*drift[i], Y: grid[i+1] + scale*drift[i+1]}})
		if err != nil {
			return fmt.Errorf("analysis: Figure 1 drift: %w", err)
		}
		l.Color = color.RGBA{R: 0x3b, G: 0xa2, B: 0x72, A: 255}
		p.Add(l)
	}
	dots, err := plotter.NewScatter(Points(Pairs(grid)))
	if err != nil {
		return fmt.Errorf("analysis: Figure 1 drift: %w", err)
	}
	dots.GlyphStyle.Radius = vg.Points(0.7)
	p.Add(dots)
	return nil
}

// SwissRollRun is everything the Swiss roll report shows, as plain numbers and slices. Set a
// float to NaN (and a slice to nil) for what the run did not compute.
type SwissRollRun struct {
	// Table 1: the bound K and K − L_null on held-out data (bits, with standard error), the
	// importance-sampled log-likelihood of eq. 9, the ceiling of K − L_null that the schedule
	// allows, and the paper's values.
	KBits, KStdErrBits, KMinusNullBits float64
	ISLogLikBits, ISLogLikStdErrBits   float64
	CeilingBits                        float64
	PaperKBits, PaperKMinusNullBits    float64
	// HoldoutN is the number of held-out points K was averaged over (0: not shown).
	HoldoutN int

	// CurveSteps and CurveKBits are the training curve (minibatch estimate of K, bits).
	CurveSteps []int
	CurveKBits []float64
	// KLPerStepBits[t] is the mean KL_t in bits, indexed by t (entries below t = 2 are ignored).
	KLPerStepBits []float64
	// EntropyT, EntropyLower, EntropyUpper: the App. A bounds (EntropyBoundsBits);
	// EntropyLearned: the learned reverse entropy at the same t (ReverseEntropyBits), or nil.
	EntropyT                                   []int
	EntropyLower, EntropyUpper, EntropyLearned []float64

	// Figure is Figure 1's data.
	Figure SwissRollFigure

	Provenance Provenance
	// Notes are extra plain-text paragraphs (caveats, differences from the paper).
	Notes []string
}

// SwissRollReport builds the Swiss roll experiment's report (Table 1 row, Figure 1 and the
// diagnostics) from a run's plain data; write it with Report.WriteFile.
func SwissRollReport(run SwissRollRun) (*Report, error) {
	r := &Report{
		Title: "Swiss roll: Gaussian diffusion (Sohl-Dickstein et al. 2015, Table 1 and Figure 1)",
		Summary: "A 2-D Swiss roll learned by a Gaussian diffusion probabilistic model. K is the lower " +
			"bound of eq. 14 on the log likelihood per point, on held-out data; L_null is the log " +
			"likelihood of the isotropic Gaussian the forward process ends in.",
		Provenance: run.Provenance,
		Notes:      run.Notes,
	}
	note := ""
	if run.HoldoutN > 0 {
		note = fmt.Sprintf("held-out, %d points", run.HoldoutN)
	}
	r.Results = append(r.Results,
		Result{Name: "K", Unit: "bits", Paper: run.PaperKBits, Ours: run.KBits, OursStdErr: run.KStdErrBits, Note: note},
		Result{Name: "K − L_null", Unit: "bits", Paper: run.PaperKMinusNullBits, Ours: run.KMinusNullBits, OursStdErr: run.KStdErrBits, Note: note},
	)
	if !math.IsNaN(run.ISLogLikBits) && run.ISLogLikBits != 0 {
		r.Results = append(r.Results, Result{Name: "log p(x), importance sampled (eq. 9)", Unit: "bits",
			Paper: math.NaN(), Ours: run.ISLogLikBits, OursStdErr: run.ISLogLikStdErrBits, Note: "≥ K in expectation"})
	}
	if !math.IsNaN(run.CeilingBits) && run.CeilingBits != 0 {
		r.Results = append(r.Results, Result{Name: "ceiling of K − L_null for this schedule", Unit: "bits",
			Paper: math.NaN(), Ours: run.CeilingBits})
	}
	if len(run.CurveSteps) > 0 {
		r.AddChart("Training curve: the minibatch estimate of K against the optimizer step; the dashed line is the paper's K.",
			TrainingCurve(run.CurveSteps, run.CurveKBits, run.PaperKBits))
	}
	if len(run.KLPerStepBits) > 2 {
		var t []int
		var kl []float64
		for s := 2; s < len(run.KLPerStepBits); s++ {
			t = append(t, s)
			kl = append(kl, run.KLPerStepBits[s])
		}
		r.AddChart("Mean KL divergence between the forward posterior and the learned reverse step at each t "+
			"(K = −Σ_t KL_t + entropy terms): where the model pays for its bound.", KPerStep(t, kl))
	}
	if len(run.EntropyT) > 0 {
		r.AddChart("Entropy of the reverse step (App. A): the grey band is allowed by the bounds "+
			"H_q(X^(t)|X^(t−1)) + H_q(X^(t−1)|X^(0)) − H_q(X^(t)|X^(0)) ≤ H ≤ H_q(X^(t)|X^(t−1)); "+
			"the red curve is the learned reverse process's entropy.",
			EntropyBounds(run.EntropyT, run.EntropyLower, run.EntropyUpper, run.EntropyLearned))
	}
	captions := []string{
		"The paper's Figure 1, interactive: forward samples q(x^(t)) and reverse samples p(x^(t)) at the paper's time slices (use the slider).",
		"Reverse trajectory: samples of p(x^(t)) at every step from t = T (noise) to t = 0 (the Swiss roll).",
		"The paper's Figure 1, bottom row: the drift μ(x, t) − x of the learned reverse step on a grid; each slice is scaled separately (its scale is in the title).",
	}
	charts := run.Figure.Charts()
	for i, c := range charts {
		cap := c.Title
		switch {
		case i == 0 && len(run.Figure.Times) > 0:
			cap = captions[0]
		case c.Title == "Reverse process p(x^(t)), t = T … 0":
			cap = captions[1]
		case i == len(charts)-1 && len(run.Figure.Drift) > 0:
			cap = captions[2]
		}
		r.AddChart(cap, c)
	}
	if len(run.Figure.Times) > 0 && len(run.Figure.Forward) >= len(run.Figure.Times) &&
		len(run.Figure.Reverse) >= len(run.Figure.Times) && len(run.Figure.Drift) >= len(run.Figure.Times) {
		png, err := run.Figure.PNG(vg.Points(900))
		if err != nil {
			return nil, err
		}
		r.Figures = append(r.Figures, Figure{Caption: "The paper's Figure 1 as laid out there (static, gonum/plot): " +
			"rows are the forward trajectory, the reverse trajectory and the drift; columns are the time slices.", Image: png})
	}
	return r, nil
}

// The paper's Table 1 row "Swiss Roll" (bits).
const (
	PaperSwissRollKBits          = 2.35
	PaperSwissRollKMinusNullBits = 6.45
)

// NewSwissRollRun fills a SwissRollRun from the diffusion package's results: the training
// curve, the bound on held-out data (over holdoutN points), the importance-sampled
// log-likelihood (a zero LogLikResult means not computed), the App. A bounds of the model's
// schedule and the paper's values. AddFigures adds the learned entropy and Figure 1.
func NewSwissRollRun(m *diffusion.Model, curve []diffusion.TrainPoint, bound diffusion.BoundResult, isl diffusion.LogLikResult, prov Provenance) SwissRollRun {
	run := SwissRollRun{
		KBits: bound.KBits, KStdErrBits: bound.KStdErrBits, KMinusNullBits: bound.KMinusNullBits,
		ISLogLikBits: math.NaN(), ISLogLikStdErrBits: math.NaN(),
		CeilingBits: m.Sched.BoundConstant(m.Net.Dim()) / math.Ln2,
		PaperKBits:  PaperSwissRollKBits, PaperKMinusNullBits: PaperSwissRollKMinusNullBits,
		HoldoutN: bound.N, KLPerStepBits: bound.KLPerStepBits, Provenance: prov,
	}
	if isl.Points > 0 {
		run.ISLogLikBits, run.ISLogLikStdErrBits = isl.LogLikBits, isl.StdErrBits
	}
	for _, p := range curve {
		run.CurveSteps = append(run.CurveSteps, p.Step)
		run.CurveKBits = append(run.CurveKBits, p.KBits)
	}
	run.EntropyT, run.EntropyLower, run.EntropyUpper = EntropyBoundsBits(m.Sched, m.Net.Dim())
	return run
}

// AddFigures computes the learned reverse entropy (over the forward marginals of x0) and
// Figure 1 (forward samples from x0, as many reverse samples) for the run.
func (run *SwissRollRun) AddFigures(m *diffusion.Model, x0 []float64, rng *rand.Rand) error {
	_, h, err := ReverseEntropyBits(m, x0, rng)
	if err != nil {
		return err
	}
	run.EntropyLearned = h
	fig, err := NewSwissRollFigure(m, x0, rng)
	if err != nil {
		return err
	}
	run.Figure = fig
	return nil
}
