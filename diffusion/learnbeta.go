package diffusion

import "math"

// scheduleGrad returns ∂J/∂β_s for s = 1…T (index s; entry 0 unused) of the training objective
//
//	J = scale·Σ_i KL_i(β) − (D/2) ln(1 − ᾱ_T) + const,
//
// i.e. −(K − L_null) up to the fixed β_1 term, for the batch last evaluated by klBatch(grad =
// true) into w, with the noise ε frozen (PAPER.md §2.5: "we learn the forward diffusion schedule
// β_{2…T} by gradient ascent on K"; gradients flow through the samples by reparameterization).
// dx must hold ∂(scale·Σ KL)/∂x^(t) through the network (ReverseNet.Backward's dx for the scaled
// dout). Each KL_i depends on the schedule through a = ᾱ_t, a' = ᾱ_{t−1} and b = β_t with
// a = a'(1 − b):
//
//	x^(t) = √a x^(0) + √(1−a) ε,   μ̃ = c₀ x^(0) + c_t x^(t),   c₀ = √a' b/(1−a),
//	c_t = √(1−b)(1−a')/(1−a),   β̃ = (1−a') b/(1−a),   (μ_p, v_p) = f(z(x^(t)), x^(t), b),
//
// and ∂a'/∂β_s = −a'/(1−β_s) for s < t.
func (m *Model) scheduleGrad(x0 []float64, ts []int, w *klWork, dx []float32, scale float64) []float64 {
	s := m.Sched
	D := m.Net.Dim()
	T := s.T
	gA := make([]float64, T+1) // ∂J/∂ᾱ_{t−1} accumulated per t (as independent variable a')
	gB := make([]float64, T+1) // ∂J/∂β_t
	for i, t := range ts {
		b := s.Beta[t]
		ap := s.AlphaBar[t-1]
		a := s.AlphaBar[t]
		c0, ct := s.PosteriorCoef(t)
		vq := s.PosteriorVar(t)
		om := 1 - a
		var dA, dAp, dB float64 // ∂KL/∂a (with x^(t) moving), ∂KL/∂a', ∂KL/∂b (a held fixed)
		for d := 0; d < D; d++ {
			x := w.xt[i*D+d]
			xz := x0[i*D+d]
			muq := c0*xz + ct*x
			zmu := float64(w.out[i*2*D+d])
			zb := float64(w.out[i*2*D+D+d])
			mu, v, _, _, _ := m.Param.meanVarGrad(x, zmu, zb, b, T)
			diff := muq - mu
			gMq := diff / v                       // ∂KL/∂μ̃
			gVq := 0.5 * (1/v - 1/vq)             // ∂KL/∂β̃
			gMp := -gMq                           // ∂KL/∂μ_p
			gVp := 0.5/v - (vq+diff*diff)/(2*v*v) // ∂KL/∂v_p
			var dMuDx, dMuDb, dVDb float64        // direct dependences of μ_p, v_p
			switch m.Param {
			case ReferenceParam:
				dMuDx = math.Sqrt(1 - b)
				dMuDb = -x/(2*math.Sqrt(1-b)) + zmu/(2*math.Sqrt(b))
				dVDb = v * (1 - v) / (b * (1 - b))
			case PaperParam:
				dMuDx = 1 - v
				dVDb = v * (1 - v) / (b * (1 - b))
				dMuDb = -(x - zmu) * dVDb
			}
			// ∂KL/∂x^(t): through μ̃, the direct path of μ_p, and the network (dx, already scaled).
			dKLdx := gMq*ct + gMp*dMuDx + float64(dx[i*D+d])/scale
			dxda := xz/(2*math.Sqrt(a)) - w.eps[i*D+d]/(2*math.Sqrt(om))
			dA += dKLdx*dxda + gMq*(c0/om*xz+ct/om*x) + gVq*vq/om
			dAp += gMq*(b/(2*math.Sqrt(ap)*om)*xz-math.Sqrt(1-b)/om*x) - gVq*b/om
			dB += gMq*(math.Sqrt(ap)/om*xz-(1-ap)/(2*math.Sqrt(1-b)*om)*x) + gMp*dMuDb + gVp*dVDb + gVq*(1-ap)/om
		}
		// a = a'(1−b): move the a-dependence onto a' and b.
		gA[t] += scale * (dAp + dA*(1-b))
		gB[t] += scale * (dB - dA*ap)
	}
	grad := make([]float64, T+1)
	// −(D/2) ln(1−ᾱ_T): ∂/∂β_s = −(D/2) ᾱ_T / ((1−ᾱ_T)(1−β_s)).
	aT := s.AlphaBar[T]
	for sIdx := 1; sIdx <= T; sIdx++ {
		grad[sIdx] = gB[sIdx] - 0.5*float64(D)*aT/((1-aT)*(1-s.Beta[sIdx]))
	}
	// a' = ᾱ_{t−1} depends on β_s for s ≤ t−1.
	for t := 2; t <= T; t++ {
		if gA[t] == 0 {
			continue
		}
		ap := s.AlphaBar[t-1]
		for sIdx := 1; sIdx < t; sIdx++ {
			grad[sIdx] -= gA[t] * ap / (1 - s.Beta[sIdx])
		}
	}
	return grad
}
