package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkConv3x3Forms times forward + backward of one 3×3 convolution in both forms on the
// shapes of the MNIST reference network (64 images of 28×28×20, a worker's half batch) and of
// the dead-leaves FCN's scales (16 patches of 32×32 … 4×4, 32 channels).
func BenchmarkConv3x3Forms(b *testing.B) {
	for _, s := range [][4]int{{64, 28, 20, 20}, {16, 32, 32, 32}, {16, 16, 32, 32}, {16, 8, 32, 32}} {
		n, H, cin, cout := s[0], s[1], s[2], s[3]
		for _, off := range []bool{true, false} {
			name := "windows"
			if off {
				name = "im2col"
			}
			b.Run(fmt.Sprintf("%dx%dx%dx%d/%s", n, H, cin, cout, name), func(b *testing.B) {
				windowOff = off
				defer func() { windowOff = false }()
				rng := rand.New(rand.NewPCG(1, 1))
				c := NewConv3x3("c", cin, cout, 0.1, rng)
				x := gemmRand(rng, n*H*H*cin)
				y := make([]float32, n*H*H*cout)
				dx := make([]float32, len(x))
				for b.Loop() {
					c.Forward(x, n, H, H, y)
					c.Backward(x, n, H, H, y, dx)
				}
				b.ReportMetric(3*2*float64(n*H*H*9*cin*cout)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
