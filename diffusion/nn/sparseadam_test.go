package nn

import (
	"math"
	"testing"
)

// Rows touched on every step follow dense Adam exactly; a row never touched does not move.
func TestSparseAdamMatchesAdamOnTouchedRows(t *testing.T) {
	dense, sparse := NewParam("d", 6), NewParam("s", 6)
	for i := range dense.W {
		dense.W[i] = float32(i) - 2
		sparse.W[i] = dense.W[i]
	}
	ad, as := NewAdam(0.05), NewSparseAdam(0.05)
	for it := range 50 {
		for i := 0; i < 4; i++ { // rows 0 and 1 (row length 2) are touched; row 2 is not
			g := float32(math.Sin(float64(it+i))) + 0.1*dense.W[i]
			dense.G[i], sparse.G[i] = g, g
		}
		ad.Step([]*Param{dense})
		as.StepRows(sparse, 2, []int{0, 1})
	}
	for i := 0; i < 4; i++ {
		if math.Abs(float64(dense.W[i]-sparse.W[i])) > 1e-6 {
			t.Errorf("w[%d]: sparse %v, dense %v", i, sparse.W[i], dense.W[i])
		}
	}
	if sparse.W[4] != 2 || sparse.W[5] != 3 {
		t.Errorf("untouched row moved: %v", sparse.W[4:])
	}
}

// A row's first update moves it by lr·sign(g) (its own bias correction), whenever it happens.
func TestSparseAdamFirstRowStep(t *testing.T) {
	p := NewParam("w", 4)
	a := NewSparseAdam(0.1)
	p.G[0], p.G[1] = 1, 1
	a.StepRows(p, 2, []int{0})
	p.G[2], p.G[3] = -3, 0.5
	a.StepRows(p, 2, []int{1})
	want := []float32{-0.1, -0.1, 0.1, -0.1}
	for i := range want {
		if math.Abs(float64(p.W[i]-want[i])) > 1e-6 {
			t.Fatalf("w = %v, want %v", p.W, want)
		}
	}
}

// A large update (split over two goroutines) equals dense Adam on the touched rows.
func TestSparseAdamLargeMatchesAdam(t *testing.T) {
	const rows, rowLen = 300, 400
	dense, sparse := NewParam("d", rows*rowLen), NewParam("s", rows*rowLen)
	touched := make([]int, 0, rows)
	for r := 0; r < rows; r += 2 {
		touched = append(touched, r)
	}
	ad, as := NewAdam(0.01), NewSparseAdam(0.01)
	for it := range 5 {
		for _, r := range touched {
			for j := r * rowLen; j < (r+1)*rowLen; j++ {
				g := float32(math.Cos(float64(j+7*it))) + 0.1*dense.W[j]
				dense.G[j], sparse.G[j] = g, g
			}
		}
		ad.Step([]*Param{dense})
		as.StepRows(sparse, rowLen, touched)
	}
	for _, r := range touched {
		for j := r * rowLen; j < (r+1)*rowLen; j++ {
			if math.Abs(float64(dense.W[j]-sparse.W[j])) > 1e-6 {
				t.Fatalf("w[%d]: sparse %v, dense %v", j, sparse.W[j], dense.W[j])
			}
		}
	}
}
