package analysis

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Heatmap draws a matrix, rows top to bottom and columns left to right, e.g. binary sequences
// (one row per sample, one column per position, 0 white and 1 black). xName and yName name the
// column and row axes.
func Heatmap(title, xName, yName string, rows [][]float64) *Chart {
	if len(rows) == 0 {
		panic("analysis: Heatmap: no rows")
	}
	ncol := len(rows[0])
	for _, r := range rows {
		checkLen("Heatmap rows", ncol, len(r))
	}
	xs := make([]string, ncol)
	for j := range xs {
		xs[j] = fmt.Sprint(j)
	}
	ys := make([]string, len(rows))
	for i := range ys {
		ys[i] = fmt.Sprint(i)
	}
	cells := make([][3]float64, 0, ncol*len(rows))
	for i, r := range rows {
		for j, v := range r {
			cells = append(cells, [3]float64{float64(j), float64(i), v})
		}
	}
	c := heatmapChart(title, xs, ys, cells)
	m := c.option
	m["xAxis"].([]any)[0].(map[string]any)["name"] = xName
	m["yAxis"].([]any)[0].(map[string]any)["name"] = yName
	c.Height = min(900, 155+max(len(rows)*16, 100))
	return c
}

// ImageGrid draws grey-scale images (each width·height values, row-major, 0 black … 1 white)
// in a grid with cols images per row and a one-pixel gap between them.
func ImageGrid(title string, images [][]float64, width, height, cols int) *Chart {
	if len(images) == 0 || width <= 0 || height <= 0 {
		panic("analysis: ImageGrid: no images or a zero size")
	}
	if cols <= 0 {
		cols = int(math.Ceil(math.Sqrt(float64(len(images)))))
	}
	nrow := (len(images) + cols - 1) / cols
	W, H := cols*(width+1)-1, nrow*(height+1)-1
	xs, ys := make([]string, W), make([]string, H)
	for j := range xs {
		xs[j] = fmt.Sprint(j)
	}
	for i := range ys {
		ys[i] = fmt.Sprint(i)
	}
	cells := make([][3]float64, 0, W*H)
	for k, img := range images {
		checkLen("ImageGrid image", width*height, len(img))
		ox, oy := (k%cols)*(width+1), (k/cols)*(height+1)
		for y := 0; y < height; y++ {
			for x := 0; x < width; x++ {
				cells = append(cells, [3]float64{float64(ox + x), float64(oy + y), img[y*width+x]})
			}
		}
	}
	c := heatmapChart(title, xs, ys, cells)
	m := c.option
	vm := m["visualMap"].([]any)[0].(map[string]any)
	vm["min"], vm["max"] = 0, 1
	vm["inRange"] = map[string]any{"color": []any{"#000000", "#ffffff"}}
	for _, ax := range []string{"xAxis", "yAxis"} {
		a := m[ax].([]any)[0].(map[string]any)
		a["show"] = false
	}
	// Square pixels: the plotting area is W·px by H·px, centred.
	px := max(2, min(12, 700/max(W, H)))
	m["grid"] = map[string]any{"left": "center", "top": 60, "width": W * px, "height": H * px}
	c.Height = 130 + H*px
	return c
}

// heatmapChart draws cells (column, row, value) on category axes with rows from the top and a
// grey colour scale over the values' range.
func heatmapChart(title string, xs, ys []string, cells [][3]float64) *Chart {
	lo, hi := math.Inf(1), math.Inf(-1)
	data := make([]opts.HeatMapData, len(cells))
	for i, c := range cells {
		data[i] = opts.HeatMapData{Value: []any{int(c[0]), int(c[1]), num(c[2])}}
		if !math.IsNaN(c[2]) && !math.IsInf(c[2], 0) {
			lo, hi = math.Min(lo, c[2]), math.Max(hi, c[2])
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	if lo == hi {
		hi = lo + 1
	}
	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(charts.WithTitleOpts(opts.Title{Title: title}))
	hm.SetXAxis(xs).AddSeries("value", data)
	m := optionOf(hm)
	compactData(m)
	commonOptions(m)
	m["xAxis"] = []any{map[string]any{"type": "category", "data": xs, "nameLocation": "middle", "nameGap": 28, "splitArea": map[string]any{"show": false}}}
	m["yAxis"] = []any{map[string]any{"type": "category", "data": ys, "inverse": true, "nameLocation": "middle", "nameGap": 36}}
	m["visualMap"] = []any{map[string]any{
		"type": "continuous", "min": lo, "max": hi, "calculable": true, "orient": "horizontal",
		"left": "center", "bottom": 0, "itemHeight": 120,
		"inRange": map[string]any{"color": []any{"#ffffff", "#1f2d56"}},
	}}
	m["grid"] = map[string]any{"left": 60, "right": 30, "top": 60, "bottom": 95}
	m["legend"] = map[string]any{"show": false}
	series := m["series"].([]any)[0].(map[string]any)
	series["progressive"] = 0
	return &Chart{Title: title, option: m}
}
