package diffusion

import (
	"math"
	"testing"
)

// The derivatives meanVarGradAt returns for backpropagation against central finite differences
// (step 1e-6, relative tolerance 1e-5), for every parameterization at several steps of the
// geometric schedule.
func TestMeanVarGradAtFiniteDifference(t *testing.T) {
	s, err := GeometricSchedule(40, 1e-6, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	const h = 1e-6
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-5*(1+math.Abs(a)+math.Abs(b)) }
	for _, p := range []Parameterization{ReferenceParam, PaperParam, EpsParam, RangeParam} {
		for _, step := range []int{2, 10, 25, 40} {
			for _, in := range [][3]float64{{0.3, -0.7, 0.2}, {-1.2, 0.4, -0.9}, {0.05, 0, 0}} {
				x, zm, zb := in[0], in[1], in[2]
				_, _, dmuZmu, dmuZb, dvZb := p.meanVarGradAt(s, step, x, zm, zb)
				mp, _ := p.MeanVarAt(s, step, x, zm+h, zb)
				mm, _ := p.MeanVarAt(s, step, x, zm-h, zb)
				mpb, vpb := p.MeanVarAt(s, step, x, zm, zb+h)
				mmb, vmb := p.MeanVarAt(s, step, x, zm, zb-h)
				_, vpm := p.MeanVarAt(s, step, x, zm+h, zb)
				_, vmm := p.MeanVarAt(s, step, x, zm-h, zb)
				if fd := (mp - mm) / (2 * h); !near(fd, dmuZmu) {
					t.Errorf("%v t=%d %v: dμ/dz^μ = %g, finite difference %g", p, step, in, dmuZmu, fd)
				}
				if fd := (mpb - mmb) / (2 * h); !near(fd, dmuZb) {
					t.Errorf("%v t=%d %v: dμ/dz^β = %g, finite difference %g", p, step, in, dmuZb, fd)
				}
				if fd := (vpb - vmb) / (2 * h); !near(fd, dvZb) {
					t.Errorf("%v t=%d %v: dv/dz^β = %g, finite difference %g", p, step, in, dvZb, fd)
				}
				if fd := (vpm - vmm) / (2 * h); fd != 0 {
					t.Errorf("%v t=%d: dv/dz^μ = %g, want 0", p, step, fd)
				}
			}
		}
	}
}

// The learned-range variance sits at the App. A bounds for u = 1 (β_t) and u = 0 (β̃_t), i.e.
// z^β = ±1 (Nichol & Dhariwal 2021 eq. 15), and the ε mean at the posterior mean when z^μ is the
// true noise (Ho et al. 2020 eq. 11: μ̃(x^(t), x^(0)) with x^(0) = (x^(t) − √(1−ᾱ_t) ε)/√ᾱ_t).
func TestEpsParamClosedForms(t *testing.T) {
	s, err := GeometricSchedule(40, 1e-5, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []int{2, 20, 40} {
		_, vUp := EpsParam.MeanVarAt(s, step, 0, 0, 1)
		_, vLo := RangeParam.MeanVarAt(s, step, 0, 0, -1)
		if math.Abs(vUp/s.Beta[step]-1) > 1e-12 || math.Abs(vLo/s.PosteriorVar(step)-1) > 1e-12 {
			t.Errorf("t=%d: range variance endpoints %g, %g; want β_t = %g, β̃_t = %g", step, vUp, vLo, s.Beta[step], s.PosteriorVar(step))
		}
		x0, eps := 0.7, -1.3
		xt := math.Sqrt(s.AlphaBar[step])*x0 + math.Sqrt(1-s.AlphaBar[step])*eps
		mu, _ := EpsParam.MeanVarAt(s, step, xt, eps, 0)
		c0, ct := s.PosteriorCoef(step)
		if want := c0*x0 + ct*xt; math.Abs(mu-want) > 1e-9 {
			t.Errorf("t=%d: ε mean with the true noise %g, posterior mean %g", step, mu, want)
		}
	}
}

// ScoreAt equals (√α_t μ − x)/β_t (its definition; evaluated at a large β_t where the direct
// form loses no precision) and its partial derivatives match central finite differences.
func TestScoreAtFiniteDifference(t *testing.T) {
	s, err := GeometricSchedule(40, 1e-3, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	const h = 1e-6
	near := func(a, b, tol float64) bool { return math.Abs(a-b) <= tol*(1+math.Abs(a)+math.Abs(b)) }
	for _, p := range []Parameterization{ReferenceParam, PaperParam, EpsParam, RangeParam} {
		for _, step := range []int{2, 20, 40} {
			x, zm, zb := 0.4, -0.3, 0.6
			sc, dX, dZm, dZb := p.ScoreAt(s, step, x, zm, zb)
			mu, _ := p.MeanVarAt(s, step, x, zm, zb)
			if want := (math.Sqrt(1-s.Beta[step])*mu - x) / s.Beta[step]; !near(sc, want, 1e-8) {
				t.Errorf("%v t=%d: score %g, (√α μ − x)/β = %g", p, step, sc, want)
			}
			f := func(x, zm, zb float64) float64 { v, _, _, _ := p.ScoreAt(s, step, x, zm, zb); return v }
			for _, c := range []struct {
				name    string
				got, fd float64
			}{
				{"x", dX, (f(x+h, zm, zb) - f(x-h, zm, zb)) / (2 * h)},
				{"z^μ", dZm, (f(x, zm+h, zb) - f(x, zm-h, zb)) / (2 * h)},
				{"z^β", dZb, (f(x, zm, zb+h) - f(x, zm, zb-h)) / (2 * h)},
			} {
				if !near(c.got, c.fd, 1e-5) {
					t.Errorf("%v t=%d: ∂s/∂%s = %g, finite difference %g", p, step, c.name, c.got, c.fd)
				}
			}
		}
	}
}
