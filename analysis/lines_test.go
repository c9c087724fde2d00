package analysis

import (
	"math"
	"strings"
	"testing"
)

// The training chart names what it draws: K in bits by default, another quantity when asked
// (the image reports draw K − L_null in bits/pixel, and once said "K (bits)").
func TestTrainingCurveLabels(t *testing.T) {
	for _, c := range []struct {
		chart *Chart
		want  []string
		not   string
	}{
		{TrainingCurve([]int{1, 2}, []float64{1, 2}, 2.35), []string{`"K (bits)"`, `"K (training batch)"`}, "L_null"},
		{TrainingCurveOf("K − L_null", "bits/pixel", []int{1, 2}, []float64{1, 2}, math.NaN()), []string{`"K − L_null (bits/pixel)"`, `"K − L_null (training batch)"`}, `"K (bits)"`},
	} {
		b, err := c.chart.Option()
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, w := range c.want {
			if !strings.Contains(s, w) {
				t.Errorf("chart option lacks %s: %s", w, s)
			}
		}
		if strings.Contains(s, c.not) {
			t.Errorf("chart option has %s: %s", c.not, s)
		}
	}
}
