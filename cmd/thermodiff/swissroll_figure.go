package main

import (
	"math/rand/v2"

	"github.com/thermodiff/thermodiff/datasets"
	"github.com/thermodiff/thermodiff/diffusion"
)

// swissRollFig holds Figure 1's data as plain slices: for each of the time slices, forward
// samples q(x^(t)), reverse samples p(x^(t)) and the drift field μ(x, t) − x on a grid.
type swissRollFig struct {
	Times   []int             // t of each column: 0, T/2, T
	Forward [][]float64       // per column, n×2
	Reverse [][]float64       // per column, n×2
	Grid    []float64         // g×2 grid points for the drift field
	Drift   [][]float64       // per column, g×2 drift at the grid (step max(t,1))
	All     map[int][]float64 // reverse samples at every t (time slider)
}

func swissRollFigure(m *diffusion.Model, data datasets.SwissRoll, c swissRollConfig, rng *rand.Rand) (swissRollFig, error) {
	T := m.Sched.T
	times := []int{0, T / 2, T}
	fig := swissRollFig{Times: times}
	x0 := data.Sample(c.Samples, rng)
	for _, t := range times {
		if t == 0 {
			fig.Forward = append(fig.Forward, x0)
			continue
		}
		xt := make([]float64, len(x0))
		for i := 0; i < len(x0); i += 2 {
			m.Sched.ForwardMarginal(x0[i:i+2], t, rng, xt[i:i+2], nil)
		}
		fig.Forward = append(fig.Forward, xt)
	}
	keep := make([]int, T+1)
	for i := range keep {
		keep[i] = i
	}
	_, snaps, err := m.Sample(c.Samples, rng, keep)
	if err != nil {
		return fig, err
	}
	for _, t := range times {
		fig.Reverse = append(fig.Reverse, snaps[t])
	}
	fig.All = snaps
	const g = 17
	for i := 0; i < g; i++ {
		for j := 0; j < g; j++ {
			fig.Grid = append(fig.Grid, -2.5+5*float64(j)/(g-1), -2.5+5*float64(i)/(g-1))
		}
	}
	for _, t := range times {
		d, err := m.Drift(fig.Grid, max(t, 1))
		if err != nil {
			return fig, err
		}
		fig.Drift = append(fig.Drift, d)
	}
	return fig, nil
}
