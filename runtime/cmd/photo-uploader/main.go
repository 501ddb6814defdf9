// Command photo-uploader is the front of the photo-shards template: POST /api/v1/photos takes a photo
// ({"photoId", "userId", "image": base64 PNG, GIF or JPEG}, or a list of them) and publishes it on the topic of its
// connection to the queue under its photo id, so an upload sent twice is processed once. The sharder downstream
// routes by userId, so every user's photos land on one shard.
package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // the formats an upload may have
	_ "image/jpeg"
	_ "image/png"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/front"
	"github.com/pattern-canvas/runtime/pool"
)

const maxImageBytes = 512 << 10

func main() { front.Main("photo-uploader", "/api/v1/photos", Accept) }

// Accept checks that an upload names its photo and user and carries an image that decodes.
func Accept(photo batch.Item) (string, error) {
	id, user := pool.Field(photo, "photoId"), pool.Field(photo, "userId")
	if id == "" || user == "" {
		return "", errors.New(`a photo needs "photoId" and "userId"`)
	}
	encoded := pool.Field(photo, "image")
	if base64.StdEncoding.DecodedLen(len(encoded)) > maxImageBytes {
		return "", fmt.Errorf("the image is larger than %d bytes", maxImageBytes)
	}
	data, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || len(data) == 0 {
		return "", errors.New(`"image" must be the base64 of a PNG, GIF or JPEG`)
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
		return "", fmt.Errorf(`"image" is not a PNG, GIF or JPEG: %v`, err)
	}
	return "photo-" + id, nil
}
