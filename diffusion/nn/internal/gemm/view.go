package gemm

// view is a strided matrix: element (i, p) is data[i·rs + p·cs]. A plain or
// transposed row-major operand is a view with one of the strides equal to 1;
// transposing a view swaps the strides.
type view struct {
	data   []float32
	rs, cs int
}

// t returns the transpose of v (no data moves).
func (v view) t() view { return view{data: v.data, rs: v.cs, cs: v.rs} }

// at returns the offset of element (i, p).
func (v view) at(i, p int) int { return i*v.rs + p*v.cs }

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func roundUp(a, b int) int { return ceilDiv(a, b) * b }
