package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // formats an item's image may have
	_ "image/jpeg"
	_ "image/png"
	"sort"
)

const maxImageBytes = 512 << 10

// Object is one thing found in an image: a connected region that stands out from the background.
type Object struct {
	Tag    string `json:"tag"` // its colour's name
	X      int    `json:"x"`
	Y      int    `json:"y"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Area   int    `json:"area"` // pixels
}

// named colours an object is tagged with: the nearest one to its mean colour.
var named = []struct {
	name    string
	r, g, b int
}{
	{"black", 0, 0, 0}, {"white", 255, 255, 255}, {"grey", 128, 128, 128},
	{"red", 220, 30, 30}, {"green", 30, 180, 30}, {"blue", 30, 60, 220},
	{"yellow", 240, 220, 30}, {"orange", 250, 140, 20}, {"purple", 140, 40, 180},
}

func colourName(r, g, b int) string {
	best, bestD := "", -1
	for _, c := range named {
		d := (r-c.r)*(r-c.r) + (g-c.g)*(g-c.g) + (b-c.b)*(b-c.b)
		if bestD < 0 || d < bestD {
			best, bestD = c.name, d
		}
	}
	return best
}

// Detect finds the objects of an image: the background is its most common colour, an object is a 4-connected
// region of at least minArea pixels that differs from it. Objects come largest first.
func Detect(img image.Image, minArea int) []Object {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	rgb := make([][3]int, w*h)
	counts := map[[3]int]int{}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, bl, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			p := [3]int{int(r >> 8), int(g >> 8), int(bl >> 8)}
			rgb[y*w+x] = p
			counts[[3]int{p[0] >> 4, p[1] >> 4, p[2] >> 4}]++
		}
	}
	var bg [3]int
	most := -1
	for q, n := range counts {
		if n > most || (n == most && less(q, bg)) {
			bg, most = q, n
		}
	}
	isBackground := func(i int) bool {
		p := rgb[i]
		return p[0]>>4 == bg[0] && p[1]>>4 == bg[1] && p[2]>>4 == bg[2]
	}
	seen := make([]bool, w*h)
	var objects []Object
	for start := range rgb {
		if seen[start] || isBackground(start) {
			continue
		}
		// Flood fill from start over pixels that are not background.
		stack := []int{start}
		seen[start] = true
		x0, y0, x1, y1, area := w, h, -1, -1, 0
		var sum [3]int
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			area++
			for c := range sum {
				sum[c] += rgb[i][c]
			}
			for _, n := range [4][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if n[0] < 0 || n[1] < 0 || n[0] >= w || n[1] >= h {
					continue
				}
				j := n[1]*w + n[0]
				if !seen[j] && !isBackground(j) {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
		if area >= minArea {
			objects = append(objects, Object{Tag: colourName(sum[0]/area, sum[1]/area, sum[2]/area), X: x0, Y: y0, Width: x1 - x0 + 1, Height: y1 - y0 + 1, Area: area})
		}
	}
	sort.SliceStable(objects, func(i, j int) bool { return objects[i].Area > objects[j].Area })
	return objects
}

func less(a, b [3]int) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// Tag is the work on one item: it decodes item.image (base64 PNG, GIF or JPEG), finds its objects, and returns
// the item with "tags" (the objects' colours, sorted, once each) and "objects" added and the image left out (the
// later stages need the tags; the image stays where the producer keeps it).
func Tag(item map[string]any) (map[string]any, error) {
	encoded, _ := item["image"].(string)
	if encoded == "" {
		return nil, errors.New(`the item has no "image" (base64 of a PNG, GIF or JPEG)`)
	}
	if base64.StdEncoding.DecodedLen(len(encoded)) > maxImageBytes {
		return nil, fmt.Errorf("the image is larger than %d bytes", maxImageBytes)
	}
	data, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return nil, fmt.Errorf(`"image" is not base64: %w`, err)
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("the image cannot be decoded: %w", err)
	}
	objects := Detect(img, 4)
	tags := []string{}
	has := map[string]bool{}
	for _, o := range objects {
		if !has[o.Tag] {
			has[o.Tag] = true
			tags = append(tags, o.Tag)
		}
	}
	sort.Strings(tags)
	out := map[string]any{}
	for k, v := range item {
		if k != "image" {
			out[k] = v
		}
	}
	out["tags"] = tags
	out["objects"] = objects
	out["imageFormat"] = format
	return out, nil
}
