package main

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/pattern-canvas/runtime/batch"
)

func pngOf(t *testing.T, w, h int, c color.RGBA) string {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func TestAPhotoIsMeasuredAndKeepsItsShard(t *testing.T) {
	rec, err := Measure("photos-2", batch.Item{"photoId": "p1", "userId": "u1", "image": pngOf(t, 6, 4, color.RGBA{200, 10, 20, 255})})
	if err != nil {
		t.Fatal(err)
	}
	if rec["shard"] != "photos-2" || rec["width"] != 6 || rec["height"] != 4 || rec["format"] != "png" || rec["meanColour"] != "#c80a14" || len(rec["sha256"].(string)) != 64 || rec["image"] != nil {
		t.Fatalf("record: %v", rec)
	}
	if _, err := Measure("photos-0", batch.Item{"photoId": "p2", "image": "bm90IGFuIGltYWdl"}); err == nil {
		t.Error("bytes that are no image were measured")
	}
}
