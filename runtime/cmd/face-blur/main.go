// Command face-blur is the blurring pool of the image-tagging template, in miniature: the detector upstream passes
// on each image's tags and object boxes but not its pixels, so this worker does not blur pixels; it records, per
// image, which boxes it would blur (every object detection found: the miniature detector finds coloured regions, not
// faces) and how many pixels that covers, to its output topics or, at the end of the pipeline, to its log.
package main

import (
	"context"
	"fmt"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/pool"
	"github.com/pattern-canvas/runtime/queue"
)

func main() {
	pool.Main("face-blur", func(_ context.Context, _ string, img batch.Item) (batch.Item, error) { return Blur(img) })
}

// Box is a region to blur, in image pixels.
type Box struct {
	X      int `json:"x"`
	Y      int `json:"y"`
	Width  int `json:"width"`
	Height int `json:"height"`
}

// Blur is the record of one tagged image: its ids, the boxes to blur and the pixels they cover.
func Blur(img batch.Item) (batch.Item, error) {
	objects, ok := img["objects"].([]any)
	if !ok || pool.Field(img, "imageId") == "" {
		return nil, queue.Permanent{Err: fmt.Errorf(`image %v has no "imageId" or no "objects" list (is it from the detector?)`, img["imageId"])}
	}
	boxes := make([]Box, 0, len(objects))
	pixels := 0
	for i, o := range objects {
		obj, _ := o.(map[string]any)
		var b Box
		for _, f := range []struct {
			name string
			to   *int
		}{{"x", &b.X}, {"y", &b.Y}, {"width", &b.Width}, {"height", &b.Height}} {
			n, ok := obj[f.name].(float64)
			if !ok || n < 0 || n != float64(int(n)) {
				return nil, queue.Permanent{Err: fmt.Errorf("image %v: object %d has no whole %q", img["imageId"], i+1, f.name)}
			}
			*f.to = int(n)
		}
		boxes = append(boxes, b)
		pixels += b.Width * b.Height
	}
	return batch.Item{"imageId": img["imageId"], "batchId": img["batchId"], "blurred": boxes, "blurredPixels": pixels}, nil
}
