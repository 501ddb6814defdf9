package main

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"testing"

	"github.com/pattern-canvas/runtime/batch"
)

func TestAnUploadNeedsItsIdsAndAnImageThatDecodes(t *testing.T) {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2)))
	img := base64.StdEncoding.EncodeToString(buf.Bytes())
	key, err := Accept(batch.Item{"photoId": "p1", "userId": "u1", "image": img})
	if err != nil || key != "photo-p1" {
		t.Fatalf("%q %v", key, err)
	}
	for _, bad := range []batch.Item{{"userId": "u1", "image": img}, {"photoId": "p1", "image": img}, {"photoId": "p1", "userId": "u1"}, {"photoId": "p1", "userId": "u1", "image": "bm90IGFuIGltYWdl"}} {
		if _, err := Accept(bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}
