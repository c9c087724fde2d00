package diffusion

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

func tinyHeartbeat(t *testing.T, rb bool, block int) *HeartbeatTrainer {
	t.Helper()
	rng := rand.New(rand.NewPCG(51, 52))
	s, _ := NewBinomialSchedule(8, 0.3)
	m, err := NewHeartbeatMLP(5, 6, 3, s.T, 4, rng)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Readout.Params() {
		for i := range p.W {
			p.W[i] = float32(0.5 * rng.NormFloat64())
		}
	}
	for _, l := range m.Layers {
		for i := range l.B.W {
			l.B.W[i] = float32(0.3 * rng.NormFloat64())
		}
	}
	data := [][]float64{{1, 0, 0, 1, 0}, {0, 1, 0, 0, 1}, {0, 0, 1, 0, 0}}
	cfg := DefaultHeartbeatTrainConfig()
	cfg.Batch, cfg.Block, cfg.RaoBlackwell = 7, block, rb
	tr, err := NewHeartbeatTrainer(s, m, data, cfg, rng)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// Finite-difference check of the sigmoid MLP with per-step readouts through the KL loss
// (importance weights, Rao-Blackwellised target and the split over 2 workers included): central
// differences with step 1e-2 on float32 parameters, relative tolerance 3e-2 (a wrong index or
// sign gives O(1) errors).
func TestHeartbeatLossGradient(t *testing.T) {
	for _, c := range []struct {
		rb    bool
		block int
	}{{true, 3}, {false, 3}, {true, 1}} {
		tr := tinyHeartbeat(t, c.rb, c.block)
		tr.sample()
		ps := tr.M.Params()
		nn.ZeroGrads(ps)
		tr.lossGrad()
		grads := make([][]float32, len(ps))
		for i, p := range ps {
			grads[i] = append([]float32(nil), p.G...)
		}
		const h = 1e-2
		for pi, p := range ps {
			for i := range p.W {
				if grads[pi][i] == 0 && p.Name == "readout.W" {
					continue // readouts of steps not in the batch
				}
				old := p.W[i]
				p.W[i] = old + h
				lp := tr.lossGrad()
				p.W[i] = old - h
				lm := tr.lossGrad()
				p.W[i] = old
				num := (lp - lm) / (2 * h)
				got := float64(grads[pi][i])
				if math.Abs(num-got) > 3e-2*math.Max(1, math.Abs(num)) {
					t.Fatalf("rb=%v block=%d: %s[%d]: analytic %.5g, finite difference %.5g", c.rb, c.block, p.Name, i, got, num)
				}
			}
		}
		nn.ZeroGrads(ps)
	}
}
