package nn

import (
	"fmt"
	"math"
	"sync"

	"github.com/thermodiff/thermodiff/diffusion/nn/internal/vec"
)

// SparseAdam is Adam applied row by row to a parameter of which each step touches only a few
// rows (the per-step readouts of a diffusion model: a batch reaches a fraction of the T
// readouts). It is the "lazy" variant (as TensorFlow's LazyAdam and PyTorch's SparseAdam): a
// row's moments are updated only on the steps that touch it, and its bias correction uses its
// own step count, so each row follows exactly Adam on the sequence of gradients it received,
// and untouched rows neither move nor decay. The cost of a step is proportional to the rows
// touched, not to the size of the parameter:
//
//	m_r ← β₁m_r + (1−β₁)g_r,  v_r ← β₂v_r + (1−β₂)g_r²,  θ_r ← θ_r − lr·(m_r/(1−β₁^{k_r})) / (√(v_r/(1−β₂^{k_r})) + ε),
//
// k_r being the number of updates row r has had. It does not zero the gradients.
type SparseAdam struct {
	Rate, Beta1, Beta2, Eps float64
	state                   map[*Param]*sparseAdamState
}

type sparseAdamState struct {
	rowLen int
	m, v   []float32
	k      []int32
}

// NewSparseAdam returns SparseAdam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
func NewSparseAdam(lr float64) *SparseAdam {
	return &SparseAdam{Rate: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

func (a *SparseAdam) SetLR(lr float64) { a.Rate = lr }
func (a *SparseAdam) LR() float64      { return a.Rate }

// StepRows updates rows of p (row r is p.W[r·rowLen : (r+1)·rowLen]) from p.G. Each row must
// appear at most once in rows (a duplicate would be stepped twice, and would race when the
// update is split over two goroutines). It panics if rowLen does not divide len(p.W), if
// rowLen changes between calls for the same parameter, or if a row is out of range.
func (a *SparseAdam) StepRows(p *Param, rowLen int, rows []int) {
	if rowLen <= 0 || len(p.W)%rowLen != 0 {
		panic(fmt.Sprintf("nn: SparseAdam: row length %d does not divide %s (%d)", rowLen, p.Name, len(p.W)))
	}
	if a.state == nil {
		a.state = map[*Param]*sparseAdamState{}
	}
	st := a.state[p]
	if st == nil {
		st = &sparseAdamState{rowLen: rowLen, m: make([]float32, len(p.W)), v: make([]float32, len(p.W)), k: make([]int32, len(p.W)/rowLen)}
		a.state[p] = st
	}
	if st.rowLen != rowLen {
		panic(fmt.Sprintf("nn: SparseAdam: row length of %s changed from %d to %d", p.Name, st.rowLen, rowLen))
	}
	for _, r := range rows {
		if r < 0 || r >= len(st.k) {
			panic(fmt.Sprintf("nn: SparseAdam: row %d of %s outside [0,%d)", r, p.Name, len(st.k)))
		}
	}
	// Rows are independent: large updates are split over two goroutines.
	if len(rows)*rowLen >= 1<<16 {
		h := len(rows) / 2
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.stepRows(p, st, rows[:h])
		}()
		a.stepRows(p, st, rows[h:])
		wg.Wait()
		return
	}
	a.stepRows(p, st, rows)
}

func (a *SparseAdam) stepRows(p *Param, st *sparseAdamState, rows []int) {
	rowLen := st.rowLen
	b1, b2 := float32(a.Beta1), float32(a.Beta2)
	for _, r := range rows {
		st.k[r]++
		k := float64(st.k[r])
		c1 := 1 - math.Pow(a.Beta1, k)
		c2 := 1 - math.Pow(a.Beta2, k)
		step := float32(a.Rate * math.Sqrt(c2) / c1)
		eps := float32(a.Eps * math.Sqrt(c2))
		lo, hi := r*rowLen, (r+1)*rowLen
		vec.Adam(st.m[lo:hi], st.v[lo:hi], p.W[lo:hi], p.G[lo:hi], b1, b2, step, eps)
	}
}

// SparseAdamState is SparseAdam's state for one parameter, for checkpoints: the row length,
// the moments and each row's step count.
type SparseAdamState struct {
	RowLen int
	M, V   []float32
	K      []int32
}

// State returns p's state (shared, not copied); ok is false when p was never stepped.
func (a *SparseAdam) State(p *Param) (s SparseAdamState, ok bool) {
	st := a.state[p]
	if st == nil {
		return s, false
	}
	return SparseAdamState{RowLen: st.rowLen, M: st.m, V: st.v, K: st.k}, true
}

// SetState installs a state saved by State for p (taking ownership of its slices); it
// returns an error when the sizes do not fit p.
func (a *SparseAdam) SetState(p *Param, s SparseAdamState) error {
	n := len(p.W)
	if s.RowLen <= 0 || n%s.RowLen != 0 || len(s.M) != n || len(s.V) != n || len(s.K) != n/s.RowLen {
		return fmt.Errorf("nn: SparseAdam: saved state (row length %d, %d moments, %d rows) does not fit %s (%d values)", s.RowLen, len(s.M), len(s.K), p.Name, n)
	}
	if a.state == nil {
		a.state = map[*Param]*sparseAdamState{}
	}
	a.state[p] = &sparseAdamState{rowLen: s.RowLen, m: s.M, v: s.V, k: s.K}
	return nil
}
