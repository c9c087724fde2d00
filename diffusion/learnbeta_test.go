package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// The analytic schedule gradient of J = scale·Σ KL − (D/2) ln(1−ᾱ_T) against central finite
// differences in each β_s, with the noise frozen (same seed for every evaluation), for both
// parameterizations and both networks.
func TestScheduleGradientFiniteDifference(t *testing.T) {
	for _, param := range []Parameterization{ReferenceParam, PaperParam} {
		for _, kind := range []string{"rbf", "mlp"} {
			t.Run(fmt.Sprintf("%s/%v", kind, param), func(t *testing.T) {
				const T = 6
				base, _ := GeometricSchedule(T, 1e-2, 0.4)
				rng := rand.New(rand.NewPCG(30, 30))
				var net ReverseNet
				if kind == "rbf" {
					net, _ = NewRBFNet(2, T, 4, rng)
				} else {
					net, _ = NewMLPNet(2, T, []int{6}, rng)
				}
				randomiseReadout(net, rng, 0.5)
				m := &Model{Sched: base, Net: net, Param: param}
				x0 := make([]float64, 2*8)
				swissLike(rng, x0)
				ts := []int{2, 3, 4, 5, 6, 2, 6, 4}
				const scale = 0.7
				var w klWork
				J := func(betas []float64, grad bool) float64 {
					s, err := NewSchedule(betas)
					if err != nil {
						t.Fatal(err)
					}
					m.Sched = s
					kl := m.klBatch(x0, ts, rand.New(rand.NewPCG(5, 6)), &w, grad)
					var l float64
					for _, v := range kl {
						l += scale * v
					}
					return l - float64(2)/2*math.Log(1-s.AlphaBar[T])
				}
				betas := base.Betas()
				J(betas, true)
				for i := range w.dout {
					w.dout[i] *= scale
				}
				nn.ZeroGrads(net.Params())
				dx := make([]float32, len(w.x32))
				net.Backward(w.x32, ts, w.dout, dx)
				g := m.scheduleGrad(x0, ts, &w, dx, scale)
				for sIdx := 2; sIdx <= T; sIdx++ {
					h := 1e-4 * betas[sIdx-1]
					bp := append([]float64(nil), betas...)
					bm := append([]float64(nil), betas...)
					bp[sIdx-1] += h
					bm[sIdx-1] -= h
					num := (J(bp, false) - J(bm, false)) / (2 * h)
					if math.Abs(num-g[sIdx]) > 2e-2*math.Max(1, math.Abs(num)) {
						t.Errorf("∂J/∂β_%d: analytic %.6g, finite difference %.6g", sIdx, g[sIdx], num)
					}
				}
			})
		}
	}
}

// Learning the schedule keeps β_1 fixed, keeps every β in (0,1), and must not do worse than
// the fixed schedule it starts from on held-out data (same seeds, same steps).
func TestLearnBetaKeepsBeta1AndHelps(t *testing.T) {
	run := func(learn bool) (*Model, BoundResult) {
		s, _ := GeometricSchedule(20, 1e-3, 0.5)
		net, _ := NewRBFNet(2, 20, 16, rand.New(rand.NewPCG(40, 1)))
		m := &Model{Sched: s, Net: net, Param: ReferenceParam}
		cfg := DefaultTrainConfig()
		cfg.Steps, cfg.Batch, cfg.LogEvery, cfg.LearnBeta = 1500, 256, 100, learn
		tr, err := NewTrainer(m, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Run(swissLike, rand.New(rand.NewPCG(40, 2)), nil, nil); err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(41, 41))
		x := make([]float64, 2*4000)
		swissLike(rng, x)
		b, err := m.EvalBound(x, rng)
		if err != nil {
			t.Fatal(err)
		}
		return m, b
	}
	mf, fixed := run(false)
	ml, learned := run(true)
	if ml.Sched.Beta[1] != mf.Sched.Beta[1] {
		t.Errorf("β_1 moved: %v → %v", mf.Sched.Beta[1], ml.Sched.Beta[1])
	}
	same := true
	for tt := 2; tt <= 20; tt++ {
		if ml.Sched.Beta[tt] != mf.Sched.Beta[tt] {
			same = false
		}
	}
	if same {
		t.Error("learning β left the schedule unchanged")
	}
	// Bound: learned ≥ fixed − 4 SE (it should be better; it must not be clearly worse).
	se := math.Hypot(fixed.KStdErrBits, learned.KStdErrBits)
	t.Logf("fixed %v; learned %v", fixed, learned)
	if learned.KBits < fixed.KBits-4*se {
		t.Errorf("learned schedule K = %v is worse than the fixed schedule's %v", learned, fixed)
	}
}
