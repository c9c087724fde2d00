package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Work along forward and reverse trajectories: the thermodynamic reading of eq. 9.
//
// For a trajectory x^(0…T) the "work" (reduced units, kT = 1) is
//
//	W = −ln w,   ln w = ln π(x^(T)) + Σ_{t=1}^{T} [ln p(x^(t−1)|x^(t)) − ln q(x^(t)|x^(t−1))],
//
// with the fixed edge step of eq. 44 at t = 1 (its ratio is π(x^(0))/π(x^(1))). Over forward
// trajectories x^(1…T) ~ q(·|x^(0)), Jarzynski's equality is eq. 9, p(x^(0)) = ⟨e^{−W}⟩_q, and
// the dissipated work ⟨W⟩_q + ln p(x^(0)) = KL(q(x^(1…T)|x^(0)) ‖ p(x^(1…T)|x^(0))) ≥ 0 is the
// gap between the per-point bound and the log-likelihood. Over the model's own generating
// trajectories the same ln w has mean ln p(x^(0)) + KL(p(·|x^(0)) ‖ q(·|x^(0))) ≥ ln p(x^(0)),
// which with the forward estimate sandwiches ln p (bidirectional Monte Carlo, Grosse et al.
// 2015: the generating trajectory is an exact sample of the model's posterior).

// WorkSamples holds ln w (nats) for nTraj trajectories of each of a set of points.
type WorkSamples struct {
	// LogW[p*Traj + j] is ln w of trajectory j of point p; W = −LogW.
	LogW []float64
	// StepLogRatio[t] is the mean over all trajectories of the step-t term
	// ln p(x^(t−1)|x^(t)) − ln q(x^(t)|x^(t−1)) (t = 1…T; t = 1 is the fixed edge step);
	// StepLogRatio[0] is the mean of ln π(x^(T)).
	StepLogRatio []float64
	Points, Traj int
}

// logPiVec is ln N(x; 0, I).
func logPiVec(x []float64) float64 {
	var l float64
	for _, v := range x {
		l += LogNormal(v, 0, 1)
	}
	return l
}

// workAlong evaluates ln w along the trajectory traj[t] (rows×D each, t = 0…T), writing per-row
// totals into logw and accumulating per-step sums into steps.
func (m *Model) workAlong(traj [][]float64, logw, steps []float64, w *klWork) {
	D := m.Net.Dim()
	T := m.Sched.T
	rows := len(logw)
	mu := make([]float64, rows*D)
	v := make([]float64, rows*D)
	ts := make([]int, rows)
	for r := 0; r < rows; r++ {
		l0 := logPiVec(traj[T][r*D : (r+1)*D])
		e := logPiVec(traj[0][r*D:(r+1)*D]) - logPiVec(traj[1][r*D:(r+1)*D])
		logw[r] = l0 + e
		steps[0] += l0
		steps[1] += e
	}
	for t := 2; t <= T; t++ {
		for i := range ts {
			ts[i] = t
		}
		m.reverseStep(traj[t], t, w, ts, mu, v)
		a := math.Sqrt(1 - m.Sched.Beta[t])
		for r := 0; r < rows; r++ {
			var l float64
			for d := r * D; d < (r+1)*D; d++ {
				l += LogNormal(traj[t-1][d], mu[d], v[d]) - LogNormal(traj[t][d], a*traj[t-1][d], m.Sched.Beta[t])
			}
			logw[r] += l
			steps[t] += l
		}
	}
}

// ForwardWork draws nTraj forward trajectories x^(1…T) ~ q(·|x^(0)) for each point of x0 (n×D)
// and returns ln w along each (the samples of eq. 9).
func (m *Model) ForwardWork(x0 []float64, nTraj int, rng *rand.Rand) (WorkSamples, error) {
	D := m.Net.Dim()
	if nTraj < 1 || D == 0 || len(x0) == 0 || len(x0)%D != 0 {
		return WorkSamples{}, fmt.Errorf("diffusion: ForwardWork: need ≥ 1 trajectory and whole %d-D points", D)
	}
	n := len(x0) / D
	T := m.Sched.T
	res := WorkSamples{LogW: make([]float64, 0, n*nTraj), StepLogRatio: make([]float64, T+1), Points: n, Traj: nTraj}
	const chunkPts = 256
	var w klWork
	for lo := 0; lo < n; lo += chunkPts {
		hi := min(lo+chunkPts, n)
		rows := (hi - lo) * nTraj
		traj := make([][]float64, T+1)
		traj[0] = make([]float64, rows*D)
		for r := 0; r < rows; r++ {
			copy(traj[0][r*D:(r+1)*D], x0[(lo+r/nTraj)*D:(lo+r/nTraj+1)*D])
		}
		for t := 1; t <= T; t++ {
			traj[t] = make([]float64, rows*D)
			m.Sched.ForwardStep(traj[t-1], t, rng, traj[t])
		}
		logw := make([]float64, rows)
		m.workAlong(traj, logw, res.StepLogRatio, &w)
		res.LogW = append(res.LogW, logw...)
	}
	return res.finish()
}

// ReverseWork draws n points x^(0) from the model by ancestral sampling and returns them with
// ln w along their own generating trajectories (one per point).
func (m *Model) ReverseWork(n int, rng *rand.Rand) (x0 []float64, ws WorkSamples, err error) {
	if n < 1 {
		return nil, WorkSamples{}, fmt.Errorf("diffusion: ReverseWork: n must be positive, got %d", n)
	}
	D := m.Net.Dim()
	T := m.Sched.T
	ws = WorkSamples{StepLogRatio: make([]float64, T+1), Points: n, Traj: 1}
	x0 = make([]float64, 0, n*D)
	const chunk = 4096
	var w klWork
	for lo := 0; lo < n; lo += chunk {
		rows := min(lo+chunk, n) - lo
		traj := make([][]float64, T+1)
		traj[T] = make([]float64, rows*D)
		for i := range traj[T] {
			traj[T][i] = rng.NormFloat64()
		}
		mu := make([]float64, rows*D)
		v := make([]float64, rows*D)
		for t := T; t >= 2; t-- {
			m.reverseStep(traj[t], t, &w, constSteps(rows, t), mu, v)
			traj[t-1] = make([]float64, rows*D)
			for i := range mu {
				traj[t-1][i] = mu[i] + math.Sqrt(v[i])*rng.NormFloat64()
			}
		}
		b1 := m.Sched.Beta[1]
		traj[0] = make([]float64, rows*D)
		for i, x := range traj[1] {
			traj[0][i] = math.Sqrt(1-b1)*x + math.Sqrt(b1)*rng.NormFloat64()
		}
		logw := make([]float64, rows)
		m.workAlong(traj, logw, ws.StepLogRatio, &w)
		ws.LogW = append(ws.LogW, logw...)
		x0 = append(x0, traj[0]...)
	}
	ws, err = ws.finish()
	return x0, ws, err
}

// kernelWeights appends the 1-D density factors of N(μ, v) (σ = √v) on the cells i0…i1 of a
// grid with origin o and spacing h: the density at the cell centres when the kernel is resolved
// (σ ≥ h), else the cell-averaged density (erf differences over h), which keeps its mass.
func kernelWeights(w []float64, o, h float64, i0, i1 int, mu, v, sigma float64) []float64 {
	if sigma >= h {
		for i := i0; i <= i1; i++ {
			w = append(w, math.Exp(LogNormal(o+(float64(i)+0.5)*h, mu, v)))
		}
		return w
	}
	c := 1 / (sigma * math.Sqrt2)
	for i := i0; i <= i1; i++ {
		a := o + float64(i)*h
		w = append(w, 0.5*(math.Erf((a+h-mu)*c)-math.Erf((a-mu)*c))/h)
	}
	return w
}

func (ws WorkSamples) finish() (WorkSamples, error) {
	for _, v := range ws.LogW {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ws, fmt.Errorf("diffusion: trajectory log-weight is not finite")
		}
	}
	for t := range ws.StepLogRatio {
		ws.StepLogRatio[t] /= float64(len(ws.LogW))
	}
	return ws, nil
}

// GridSettings controls GridLogDensity; a nil pointer means the defaults.
type GridSettings struct {
	// Half is the half-width L of the square [−L, L]² that holds the densities (default 6: π's mass outside is 2e-9).
	Half float64
	// Frac sets each grid's spacing to Frac times the smallest reverse standard deviation of
	// the step that fills it (default 0.8: the midpoint rule on a Gaussian kernel then errs by
	// ~2exp(−2π²/Frac²) ≈ 1e-13).
	Frac float64
	// Cut drops the faintest source cells holding together at most Cut of the mass (default 1e-12).
	Cut float64
	// MaxCells bounds a grid's cell count (default 4e6); a finer grid is an error.
	MaxCells int
}

// GridLogDensity computes the discrete model's exact log-density ln p(x^(0)) (nats) at the 2-D
// query points (n×2) by numerical integration: the marginal p(x^(t)) is propagated on regular
// grids backward from π,
//
//	p(x^(t−1)) = ∫ N(x^(t−1); μ_t(x), v_t(x)) p(x^(t)) dx  (midpoint rule over the grid of x^(t)),
//
// each grid's spacing a fraction of the narrowest kernel that fills it, and the last step (eq.
// 44, N(x^(0); √(1−β_1) x^(1), β_1 I)) is evaluated exactly at the query points. The only
// approximations are the quadrature (spectrally accurate for spacings ≲ σ) and the truncations
// (the square, the mass cut, kernels cut at 6σ).
func (m *Model) GridLogDensity(query []float64, set *GridSettings) ([]float64, error) {
	if m.Net.Dim() != 2 || len(query) == 0 || len(query)%2 != 0 {
		return nil, fmt.Errorf("diffusion: GridLogDensity: needs a 2-D model and whole 2-D query points")
	}
	cfg := GridSettings{Half: 6, Frac: 0.8, Cut: 1e-12, MaxCells: 4000000}
	if set != nil {
		if set.Half > 0 {
			cfg.Half = set.Half
		}
		if set.Frac > 0 {
			cfg.Frac = set.Frac
		}
		if set.Cut > 0 {
			cfg.Cut = set.Cut
		}
		if set.MaxCells > 0 {
			cfg.MaxCells = set.MaxCells
		}
	}
	T := m.Sched.T
	L := cfg.Half
	// grid: cell centres x0 + (i+½)h, y0 + (j+½)h; density values p[j*nx+i].
	type grid struct {
		x0, y0, h float64
		nx, ny    int
		p         []float64
	}
	h := 0.1
	g := grid{x0: -L, y0: -L, h: h, nx: int(math.Ceil(2 * L / h)), ny: int(math.Ceil(2 * L / h))}
	g.p = make([]float64, g.nx*g.ny)
	for j := 0; j < g.ny; j++ {
		for i := 0; i < g.nx; i++ {
			x, y := g.x0+(float64(i)+0.5)*h, g.y0+(float64(j)+0.5)*h
			g.p[j*g.nx+i] = math.Exp(LogNormal(x, 0, 1) + LogNormal(y, 0, 1))
		}
	}
	var w klWork
	for t := T; t >= 2; t-- {
		// active source cells: all but the faintest, which hold at most Cut of the mass together
		sorted := make([]float64, 0, len(g.p))
		var total float64
		for _, v := range g.p {
			if v > 0 {
				sorted = append(sorted, v)
				total += v
			}
		}
		slices.Sort(sorted)
		floor, acc := 0.0, 0.0
		for _, v := range sorted {
			if acc+v > cfg.Cut*total {
				break
			}
			acc += v
			floor = v
		}
		var src []float64
		var mass []float64
		for j := 0; j < g.ny; j++ {
			for i := 0; i < g.nx; i++ {
				if v := g.p[j*g.nx+i]; v > floor {
					src = append(src, g.x0+(float64(i)+0.5)*g.h, g.y0+(float64(j)+0.5)*g.h)
					mass = append(mass, v*g.h*g.h)
				}
			}
		}
		ns := len(mass)
		mu := make([]float64, 2*ns)
		v := make([]float64, 2*ns)
		const chunk = 8192
		for lo := 0; lo < ns; lo += chunk {
			hi := min(lo+chunk, ns)
			m.reverseStep(src[2*lo:2*hi], t, &w, constSteps(hi-lo, t), mu[2*lo:2*hi], v[2*lo:2*hi])
		}
		// The spacing resolves the kernels of every cell above 1e-6 of the peak density; the
		// narrower kernels of fainter cells are spread with cell-integrated (erf) weights, which
		// conserve their mass.
		smin := math.Inf(1)
		mmax := 0.0
		for _, v := range mass {
			mmax = math.Max(mmax, v)
		}
		bx0, bx1, by0, by1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for k := 0; k < ns; k++ {
			sx, sy := math.Sqrt(v[2*k]), math.Sqrt(v[2*k+1])
			if mass[k] >= 1e-6*mmax {
				smin = math.Min(smin, math.Min(sx, sy))
			}
			bx0, bx1 = math.Min(bx0, mu[2*k]-6*sx), math.Max(bx1, mu[2*k]+6*sx)
			by0, by1 = math.Min(by0, mu[2*k+1]-6*sy), math.Max(by1, mu[2*k+1]+6*sy)
		}
		if t == 2 { // the grid of p(x^(1)) must also resolve the last step's kernel
			smin = math.Min(smin, math.Sqrt(m.Sched.Beta[1]))
		}
		if !(smin > 0) || math.IsInf(bx0, 0) {
			return nil, fmt.Errorf("diffusion: GridLogDensity: degenerate reverse step %d", t)
		}
		nh := cfg.Frac * smin // the target is a mixture of kernels ≥ smin wide: smooth at this spacing
		bx0, by0 = math.Max(bx0, -L), math.Max(by0, -L)
		bx1, by1 = math.Min(bx1, L), math.Min(by1, L)
		ng := grid{x0: bx0, y0: by0, h: nh, nx: int(math.Ceil((bx1 - bx0) / nh)), ny: int(math.Ceil((by1 - by0) / nh))}
		if ng.nx*ng.ny > cfg.MaxCells || ng.nx < 1 || ng.ny < 1 {
			return nil, fmt.Errorf("diffusion: GridLogDensity: step %d needs a %d×%d grid (spacing %.3g), more than MaxCells = %d", t, ng.nx, ng.ny, nh, cfg.MaxCells)
		}
		ng.p = make([]float64, ng.nx*ng.ny)
		wx := make([]float64, 0, 64)
		wy := make([]float64, 0, 64)
		for k := 0; k < ns; k++ {
			mx, my := mu[2*k], mu[2*k+1]
			vx, vy := v[2*k], v[2*k+1]
			sx, sy := math.Sqrt(vx), math.Sqrt(vy)
			i0 := max(0, int(math.Floor((mx-6*sx-ng.x0)/nh)))
			i1 := min(ng.nx-1, int(math.Ceil((mx+6*sx-ng.x0)/nh)))
			j0 := max(0, int(math.Floor((my-6*sy-ng.y0)/nh)))
			j1 := min(ng.ny-1, int(math.Ceil((my+6*sy-ng.y0)/nh)))
			if i1 < i0 || j1 < j0 {
				continue
			}
			wx = kernelWeights(wx[:0], ng.x0, nh, i0, i1, mx, vx, sx)
			wy = kernelWeights(wy[:0], ng.y0, nh, j0, j1, my, vy, sy)
			for j := range wy {
				wy[j] *= mass[k]
			}
			for j := j0; j <= j1; j++ {
				row := ng.p[j*ng.nx : (j+1)*ng.nx]
				a := wy[j-j0]
				for i := i0; i <= i1; i++ {
					row[i] += a * wx[i-i0]
				}
			}
		}
		g = ng
	}
	// The last step exactly at the query points.
	b1 := m.Sched.Beta[1]
	a1 := math.Sqrt(1 - b1)
	s1 := math.Sqrt(b1)
	out := make([]float64, len(query)/2)
	for q := range out {
		qx, qy := query[2*q], query[2*q+1]
		// x^(1) cells within 8σ of x^(0)/√α_1.
		cx, cy := qx/a1, qy/a1
		r := 8 * s1 / a1
		i0 := max(0, int(math.Floor((cx-r-g.x0)/g.h)))
		i1 := min(g.nx-1, int(math.Ceil((cx+r-g.x0)/g.h)))
		j0 := max(0, int(math.Floor((cy-r-g.y0)/g.h)))
		j1 := min(g.ny-1, int(math.Ceil((cy+r-g.y0)/g.h)))
		var sum float64
		for j := j0; j <= j1; j++ {
			y := g.y0 + (float64(j)+0.5)*g.h
			ly := LogNormal(qy, a1*y, b1)
			for i := i0; i <= i1; i++ {
				if p := g.p[j*g.nx+i]; p > 0 {
					x := g.x0 + (float64(i)+0.5)*g.h
					sum += p * g.h * g.h * math.Exp(LogNormal(qx, a1*x, b1)+ly)
				}
			}
		}
		out[q] = math.Log(sum)
		if math.IsNaN(out[q]) {
			return nil, fmt.Errorf("diffusion: GridLogDensity: density at query %d is NaN", q)
		}
	}
	return out, nil
}
