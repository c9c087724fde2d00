package analysis

import (
	"strings"
	"testing"
	"time"
)

func TestProgressTextLine(t *testing.T) {
	if InNotebook() {
		t.Skip("runs outside a notebook only")
	}
	var b strings.Builder
	p := &Progress{Label: "training", Total: 10, Writer: &b, Interval: time.Hour}
	for i := 1; i <= 10; i++ {
		p.Update(i, "K ≈ 1.0 bits")
	}
	p.Finish("done")
	out := b.String()
	// The first update draws; the throttle holds the rest until the last step and Finish.
	if n := strings.Count(out, "\r"); n != 3 {
		t.Errorf("%d redraws, want 3 (first, last, finish): %q", n, out)
	}
	for _, want := range []string{"training", "100% 10/10", "done", "\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("progress output lacks %q: %q", want, out)
		}
	}
}

func TestShowOutsideNotebookIsNoOp(t *testing.T) {
	if InNotebook() {
		t.Skip("runs outside a notebook only")
	}
	c := LineChart("t", "x", "y", Series{Name: "s", X: []float64{0, 1}, Y: []float64{0, 1}})
	if err := Show(c); err != nil {
		t.Error(err)
	}
	if err := ShowTable([]Result{{Name: "K"}}); err != nil {
		t.Error(err)
	}
}

func TestSettingsOf(t *testing.T) {
	type inner struct{ LR float64 }
	type cfg struct {
		Steps int
		Name  string
		Opt   inner
		fn    func()
		Hook  func()
	}
	got := SettingsOf(&cfg{Steps: 3, Name: "a", Opt: inner{LR: 0.5}})
	want := []Setting{{"Steps", "3"}, {"Name", "a"}, {"Opt.LR", "0.5"}}
	if len(got) != len(want) {
		t.Fatalf("SettingsOf = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("setting %d = %v, want %v", i, got[i], want[i])
		}
	}
}
