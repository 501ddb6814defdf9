// Command upload-api is the front of the image-tagging template: POST /api/v1/images takes one batch of images
// (a list of {"batchId", "imageId", "image": base64 PNG, GIF or JPEG}; a batch is uploaded in one request) and
// publishes each image on the topic of its connection to the queue, stamped with "batchSize", the number of images
// its batch holds: the join downstream waits for that many before the batch goes on. Each image is published under
// its batch and image id, so a request sent twice is processed once.
package main

import (
	"errors"
	"fmt"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/front"
	"github.com/pattern-canvas/runtime/pool"
)

func main() { front.MainAll("upload-api", "/api/v1/images", StampBatches, Accept) }

// StampBatches gives every image the size of its batch in this request. An image id twice in one batch is refused:
// it would be published once (the same key) and its batch would never be complete. A batchSize the caller sent must
// agree with the request, since a batch split over several requests would be joined short.
func StampBatches(images []batch.Item) error {
	size := map[string]int{}
	seen := map[string]bool{}
	for i, img := range images {
		b, id := pool.Field(img, "batchId"), pool.Field(img, "imageId")
		if b == "" || id == "" {
			return fmt.Errorf(`image %d needs "batchId" and "imageId"`, i+1)
		}
		if seen[b+"\x00"+id] {
			return fmt.Errorf("image %q is in batch %q twice", id, b)
		}
		seen[b+"\x00"+id] = true
		size[b]++
	}
	for i, img := range images {
		n := size[pool.Field(img, "batchId")]
		if said, ok := img["batchSize"]; ok && said != float64(n) {
			return fmt.Errorf("image %d says batchSize %v but its batch %q has %d images in this request: upload a batch in one request", i+1, said, img["batchId"], n)
		}
		img["batchSize"] = n
	}
	return nil
}

// Accept checks that an image names its batch and itself and carries an image that decodes.
func Accept(img batch.Item) (string, error) {
	b, id := pool.Field(img, "batchId"), pool.Field(img, "imageId")
	if b == "" || id == "" {
		return "", errors.New(`an image needs "batchId" and "imageId"`)
	}
	if err := front.ImageField(img); err != nil {
		return "", fmt.Errorf("image %q: %w", id, err)
	}
	return "image-" + b + "-" + id, nil
}
