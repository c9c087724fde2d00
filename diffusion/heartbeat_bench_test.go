package diffusion

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkHeartbeatTrainStep times one training step of the paper's heartbeat network
// (20→50×3 sigmoid, 1,999 per-step readouts, T = 2000) at the experiment's defaults: draw the
// batch, forward, KL loss and gradient, Adam on the shared layers and lazy Adam on the touched
// readouts. Compare with the PyTorch peer's `heartbeat_torch.py --bench` (batch 1024, one
// readout per draw: -block 1 here).
func BenchmarkHeartbeatTrainStep(b *testing.B) {
	for _, block := range []int{1, 4, 8, 16} {
		b.Run(fmt.Sprintf("block%d", block), func(b *testing.B) {
			s, _ := NewBinomialSchedule(2000, 0.2)
			m, _ := NewHeartbeatMLP(20, 50, 3, s.T, 4, rand.New(rand.NewPCG(1, 1)))
			if err := m.InitExactReversal(s, 8); err != nil {
				b.Fatal(err)
			}
			cfg := DefaultHeartbeatTrainConfig()
			cfg.Block = block
			cfg.Batch = 1024    // the peer's batch
			cfg.Steps = 1 << 30 // keep the learning rate high
			tr, err := NewHeartbeatTrainer(s, m, heartbeatSeqs(), cfg, rand.New(rand.NewPCG(1, 2)))
			if err != nil {
				b.Fatal(err)
			}
			for range 10 {
				tr.Step()
			}
			b.ResetTimer()
			for range b.N {
				if _, err := tr.Step(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
