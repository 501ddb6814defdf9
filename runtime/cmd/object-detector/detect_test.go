package main

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/pattern-canvas/runtime/pool"
)

// scene is a white image with filled rectangles of the given colours at the given places.
func scene(w, h int, rects ...struct {
	c            color.RGBA
	x, y, rw, rh int
}) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for _, r := range rects {
		for y := r.y; y < r.y+r.rh; y++ {
			for x := r.x; x < r.x+r.rw; x++ {
				img.SetRGBA(x, y, r.c)
			}
		}
	}
	return img
}

type rect = struct {
	c            color.RGBA
	x, y, rw, rh int
}

var (
	red  = color.RGBA{220, 20, 20, 255}
	blue = color.RGBA{20, 40, 230, 255}
)

func TestFindsEachObjectWithItsBoxAndColour(t *testing.T) {
	img := scene(40, 30, rect{red, 2, 3, 10, 5}, rect{blue, 20, 10, 6, 6}, rect{red, 30, 25, 1, 1})
	got := Detect(img, 4)
	want := []Object{
		{Tag: "red", X: 2, Y: 3, Width: 10, Height: 5, Area: 50},
		{Tag: "blue", X: 20, Y: 10, Width: 6, Height: 6, Area: 36},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v", got) // the 1-pixel speck is below minArea
	}
}

func TestTheBackgroundIsTheMostCommonColourWhateverItIs(t *testing.T) {
	img := scene(20, 20, rect{blue, 0, 0, 20, 20}, rect{color.RGBA{255, 255, 255, 255}, 5, 5, 3, 3})
	got := Detect(img, 4)
	if len(got) != 1 || got[0].Tag != "white" || got[0].Area != 9 {
		t.Fatalf("got %+v", got)
	}
}

func encodeItem(t *testing.T, img image.Image) string {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func TestTagKeepsTheItemAndAddsItsTags(t *testing.T) {
	item := map[string]any{"imageId": "img-1", "batchId": "b1", "image": encodeItem(t, scene(30, 20, rect{blue, 1, 1, 4, 4}, rect{red, 10, 10, 5, 5}, rect{red, 20, 2, 3, 3}))}
	out, err := Tag(item)
	if err != nil {
		t.Fatal(err)
	}
	if out["imageId"] != "img-1" || out["batchId"] != "b1" || out["image"] != nil || out["imageFormat"] != "png" {
		t.Fatalf("item fields: %v", out)
	}
	if tags := out["tags"].([]string); strings.Join(tags, ",") != "blue,red" {
		t.Fatalf("tags %v", tags)
	}
	if n := len(out["objects"].([]Object)); n != 3 {
		t.Fatalf("%d objects", n)
	}
}

func TestItemsWithoutAUsableImageAreRefusedWithTheReason(t *testing.T) {
	for _, c := range []struct {
		item map[string]any
		want string
	}{
		{map[string]any{"imageId": "x"}, `no "image"`},
		{map[string]any{"image": "%%%"}, "not base64"},
		{map[string]any{"image": base64.StdEncoding.EncodeToString([]byte("text"))}, "cannot be decoded"},
		{map[string]any{"image": strings.Repeat("A", maxImageBytes*2)}, "larger than"},
	} {
		if _, err := Tag(c.item); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}

func TestConfigFromTheWorkerPoolEnvironment(t *testing.T) {
	env := map[string]string{"QUEUE_KIND": "nats", "QUEUE_ADDR": "bus:4222", "INPUT_TOPICS": "a, b", "OUTPUT_TOPICS": "", "RETRIES": "2"}
	c, err := pool.ConfigFromEnv(name, func(k string) string { return env[k] })
	if err != nil || len(c.Inputs) != 2 || len(c.Outputs) != 0 || c.MaxDeliveries != 3 || c.Group != "object-detector" {
		t.Fatalf("%+v %v", c, err)
	}
	env["INPUT_TOPICS"] = ""
	if _, err := pool.ConfigFromEnv(name, func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "INPUT_TOPICS") {
		t.Fatalf("no inputs: %v", err)
	}
}
