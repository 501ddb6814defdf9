package main

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"testing"

	"github.com/pattern-canvas/runtime/batch"
)

func TestEveryImageLearnsTheSizeOfItsBatch(t *testing.T) {
	images := []batch.Item{{"batchId": "a", "imageId": "1"}, {"batchId": "b", "imageId": "1"}, {"batchId": "a", "imageId": "2"}, {"batchId": "a", "imageId": "3", "batchSize": 3.0}}
	if err := StampBatches(images); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{3, 1, 3, 3} {
		if images[i]["batchSize"] != want {
			t.Errorf("image %d: batchSize %v, want %d", i, images[i]["batchSize"], want)
		}
	}
	for name, bad := range map[string][]batch.Item{
		"an image twice":           {{"batchId": "a", "imageId": "1"}, {"batchId": "a", "imageId": "1"}},
		"no batch":                 {{"imageId": "1"}},
		"a size the request lacks": {{"batchId": "a", "imageId": "1", "batchSize": 2.0}},
	} {
		if err := StampBatches(bad); err == nil {
			t.Errorf("%s was accepted", name)
		}
	}
}

func TestAnImageNeedsItsIdsAndAnImageThatDecodes(t *testing.T) {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewGray(image.Rect(0, 0, 2, 2)))
	img := base64.StdEncoding.EncodeToString(buf.Bytes())
	key, err := Accept(batch.Item{"batchId": "b1", "imageId": "i1", "image": img})
	if err != nil || key != "image-b1-i1" {
		t.Fatalf("%q %v", key, err)
	}
	for _, bad := range []batch.Item{{"imageId": "i1", "image": img}, {"batchId": "b1", "image": img}, {"batchId": "b1", "imageId": "i1"}, {"batchId": "b1", "imageId": "i1", "image": "bm90IGFuIGltYWdl"}} {
		if _, err := Accept(bad); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}
