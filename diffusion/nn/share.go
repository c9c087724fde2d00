package nn

// Share returns a parameter with the same values slice as p (writes to one are seen by the
// other) and its own zeroed gradient: a worker goroutine's view of a shared weight.
func (p *Param) Share() *Param {
	return &Param{Name: p.Name, W: p.W, G: make([]float32, len(p.G))}
}

// AddGrads adds the gradients of src into dst, parameter by parameter (same shapes).
func AddGrads(dst, src []*Param) {
	if len(dst) != len(src) {
		panic("nn: AddGrads: parameter lists differ in length")
	}
	for i, p := range src {
		d := dst[i].G
		if len(d) != len(p.G) {
			panic("nn: AddGrads: shape mismatch in " + p.Name)
		}
		for j, v := range p.G {
			d[j] += v
		}
	}
}

// Share returns a Dense layer with the same weight values as d and its own gradients.
func (d *Dense) Share() *Dense {
	return &Dense{In: d.In, Out: d.Out, W: d.W.Share(), B: d.B.Share()}
}
