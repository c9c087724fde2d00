package diffusion

import (
	"testing"

	"github.com/thermodiff/thermodiff/diffusion/nn"
)

// benchSteps times step b.N times after one counted warm-up step and reports steps/s, the
// GEMM arithmetic of one step (MFLOP/step, nn.CountGEMMFLOPs: every dense and im2col
// convolution layer, forward and backward) and the rate it runs at (GFLOP/s), which
// scripts/bench.sh divides by the measured SGEMM peak.
func benchSteps(b *testing.B, step func()) {
	f32, f64 := nn.CountGEMMFLOPs(step)
	flops := f32 + f64
	b.ResetTimer()
	for range b.N {
		step()
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/sec, "steps/s")
	b.ReportMetric(flops/1e6, "MFLOP/step")
	b.ReportMetric(flops*float64(b.N)/sec/1e9, "GFLOP/s")
}
