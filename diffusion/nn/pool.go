package nn

import "fmt"

// MeanPool averages non-overlapping f×f blocks of NHWC images (H, W divisible by f):
// y[n,h,w,c] = f⁻² Σ_{a,b<f} x[n, f·h+a, f·w+b, c]. Output is n × H/f × W/f × C.
func MeanPool(x []float32, n, H, W, C, f int, y []float32) {
	if H%f != 0 || W%f != 0 || len(x) != n*H*W*C || len(y) != n*(H/f)*(W/f)*C {
		panic(fmt.Sprintf("nn: MeanPool: %d×%d image not divisible by %d or wrong slice lengths", H, W, f))
	}
	h2, w2 := H/f, W/f
	clear(y)
	s := 1 / float32(f*f)
	for m := 0; m < n; m++ {
		for h := 0; h < H; h++ {
			for w := 0; w < W; w++ {
				src := x[((m*H+h)*W+w)*C : ((m*H+h)*W+w+1)*C]
				dst := y[((m*h2+h/f)*w2+w/f)*C : ((m*h2+h/f)*w2+w/f+1)*C]
				for c, v := range src {
					dst[c] += s * v
				}
			}
		}
	}
}

// MeanPoolBackward sets dx (n×H×W×C) from dy (n×H/f×W/f×C): each input pixel receives f⁻²
// of its block's gradient.
func MeanPoolBackward(dy []float32, n, H, W, C, f int, dx []float32) {
	if H%f != 0 || W%f != 0 || len(dx) != n*H*W*C || len(dy) != n*(H/f)*(W/f)*C {
		panic("nn: MeanPoolBackward: wrong sizes")
	}
	h2, w2 := H/f, W/f
	s := 1 / float32(f*f)
	for m := 0; m < n; m++ {
		for h := 0; h < H; h++ {
			for w := 0; w < W; w++ {
				dst := dx[((m*H+h)*W+w)*C : ((m*H+h)*W+w+1)*C]
				src := dy[((m*h2+h/f)*w2+w/f)*C : ((m*h2+h/f)*w2+w/f+1)*C]
				for c, v := range src {
					dst[c] = s * v
				}
			}
		}
	}
}

// Upsample is nearest-neighbour upsampling by f of NHWC images (n×H×W×C → n×fH×fW×C):
// y[n,h,w,c] = x[n, ⌊h/f⌋, ⌊w/f⌋, c].
func Upsample(x []float32, n, H, W, C, f int, y []float32) {
	if len(x) != n*H*W*C || len(y) != n*H*W*C*f*f {
		panic("nn: Upsample: wrong slice lengths")
	}
	H2, W2 := H*f, W*f
	for m := 0; m < n; m++ {
		for h := 0; h < H2; h++ {
			for w := 0; w < W2; w++ {
				copy(y[((m*H2+h)*W2+w)*C:((m*H2+h)*W2+w+1)*C], x[((m*H+h/f)*W+w/f)*C:((m*H+h/f)*W+w/f+1)*C])
			}
		}
	}
}

// UpsampleBackward sets dx (n×H×W×C) to the sum of dy (n×fH×fW×C) over each f×f block.
func UpsampleBackward(dy []float32, n, H, W, C, f int, dx []float32) {
	if len(dx) != n*H*W*C || len(dy) != n*H*W*C*f*f {
		panic("nn: UpsampleBackward: wrong slice lengths")
	}
	clear(dx)
	H2, W2 := H*f, W*f
	for m := 0; m < n; m++ {
		for h := 0; h < H2; h++ {
			for w := 0; w < W2; w++ {
				src := dy[((m*H2+h)*W2+w)*C : ((m*H2+h)*W2+w+1)*C]
				dst := dx[((m*H+h/f)*W+w/f)*C : ((m*H+h/f)*W+w/f+1)*C]
				for c, v := range src {
					dst[c] += v
				}
			}
		}
	}
}
