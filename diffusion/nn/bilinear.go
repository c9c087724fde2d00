package nn

import "fmt"

// UpsampleBilinear2 is bilinear upsampling by 2 of NHWC images (n×H×W×C → n×2H×2W×C) with
// pixel centres aligned (output pixel 2i+a sits at input coordinate i − ¼ + a/2) and the edge
// replicated. Per axis the output rows are
//
//	y[2i]   = ¾·x[i] + ¼·x[max(i−1, 0)]
//	y[2i+1] = ¾·x[i] + ¼·x[min(i+1, H−1)]
//
// and the 2-D map is the product of the two axes' weights. Unlike Upsample (nearest
// neighbour) it leaves no 2×2 block edges in the output, so a coarse scale's features vary
// smoothly at full resolution. Mean-pooling its output by 2 returns x away from the edge
// blurred by the kernel [1, 6, 1]/8 per axis.
func UpsampleBilinear2(x []float32, n, H, W, C int, y []float32) {
	if len(x) != n*H*W*C || len(y) != n*H*W*C*4 {
		panic(fmt.Sprintf("nn: UpsampleBilinear2: wrong slice lengths for %d×%d×%d×%d", n, H, W, C))
	}
	H2, W2 := 2*H, 2*W
	for m := 0; m < n; m++ {
		for h := 0; h < H2; h++ {
			h0, h1 := bilinearTaps(h, H)
			for w := 0; w < W2; w++ {
				w0, w1 := bilinearTaps(w, W)
				dst := y[((m*H2+h)*W2+w)*C : ((m*H2+h)*W2+w+1)*C]
				a := x[((m*H+h0)*W+w0)*C : ((m*H+h0)*W+w0+1)*C]
				b := x[((m*H+h0)*W+w1)*C : ((m*H+h0)*W+w1+1)*C]
				c := x[((m*H+h1)*W+w0)*C : ((m*H+h1)*W+w0+1)*C]
				d := x[((m*H+h1)*W+w1)*C : ((m*H+h1)*W+w1+1)*C]
				for k := range dst {
					dst[k] = 0.5625*a[k] + 0.1875*(b[k]+c[k]) + 0.0625*d[k]
				}
			}
		}
	}
}

// UpsampleBilinear2Backward sets dx (n×H×W×C) to the transpose of UpsampleBilinear2 applied to
// dy (n×2H×2W×C).
func UpsampleBilinear2Backward(dy []float32, n, H, W, C int, dx []float32) {
	if len(dx) != n*H*W*C || len(dy) != n*H*W*C*4 {
		panic(fmt.Sprintf("nn: UpsampleBilinear2Backward: wrong slice lengths for %d×%d×%d×%d", n, H, W, C))
	}
	clear(dx)
	H2, W2 := 2*H, 2*W
	for m := 0; m < n; m++ {
		for h := 0; h < H2; h++ {
			h0, h1 := bilinearTaps(h, H)
			for w := 0; w < W2; w++ {
				w0, w1 := bilinearTaps(w, W)
				src := dy[((m*H2+h)*W2+w)*C : ((m*H2+h)*W2+w+1)*C]
				a := dx[((m*H+h0)*W+w0)*C : ((m*H+h0)*W+w0+1)*C]
				b := dx[((m*H+h0)*W+w1)*C : ((m*H+h0)*W+w1+1)*C]
				c := dx[((m*H+h1)*W+w0)*C : ((m*H+h1)*W+w0+1)*C]
				d := dx[((m*H+h1)*W+w1)*C : ((m*H+h1)*W+w1+1)*C]
				for k, v := range src {
					a[k] += 0.5625 * v
					b[k] += 0.1875 * v
					c[k] += 0.1875 * v
					d[k] += 0.0625 * v
				}
			}
		}
	}
}

// bilinearTaps returns, for output row o of a 2× upsampling of n rows, the input row with
// weight ¾ and the neighbour with weight ¼ (the edge row itself at the border).
func bilinearTaps(o, n int) (near, far int) {
	near = o / 2
	if o%2 == 0 {
		return near, max(near-1, 0)
	}
	return near, min(near+1, n-1)
}
