// Command photo-worker is a shard's pool of the photo-shards template: it decodes each photo, measures it (size,
// format, mean colour, SHA-256 of the bytes) and passes the record on, with the shard it came from, to its output
// topics or, at the end of the pipeline, to its log. The image itself is not passed on.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/gif" // the formats an upload may have
	_ "image/jpeg"
	_ "image/png"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/pool"
	"github.com/pattern-canvas/runtime/queue"
)

func main() {
	pool.Main("photo-worker", func(_ context.Context, topic string, photo batch.Item) (batch.Item, error) {
		return Measure(topic, photo)
	})
}

// Measure is the record of one photo from shard topic.
func Measure(shard string, photo batch.Item) (batch.Item, error) {
	data, err := base64.StdEncoding.DecodeString(pool.Field(photo, "image"))
	if err != nil || len(data) == 0 {
		return nil, queue.Permanent{Err: fmt.Errorf("photo %v has no base64 image", photo["photoId"])}
	}
	img, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, queue.Permanent{Err: fmt.Errorf("photo %v: %v", photo["photoId"], err)}
	}
	b := img.Bounds()
	var r, g, bl, n uint64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			r, g, bl, n = r+uint64(cr>>8), g+uint64(cg>>8), bl+uint64(cb>>8), n+1
		}
	}
	sum := sha256.Sum256(data)
	record := batch.Item{"photoId": photo["photoId"], "userId": photo["userId"], "shard": shard, "format": format,
		"width": b.Dx(), "height": b.Dy(), "sha256": hex.EncodeToString(sum[:])}
	if n > 0 {
		record["meanColour"] = fmt.Sprintf("#%02x%02x%02x", r/n, g/n, bl/n)
	}
	return record, nil
}
