// Command photo-uploader is the front of the photo-shards template: POST /api/v1/photos takes a photo
// ({"photoId", "userId", "image": base64 PNG, GIF or JPEG}, or a list of them) and publishes it on the topic of its
// connection to the queue under its photo id, so an upload sent twice is processed once. The sharder downstream
// routes by userId, so every user's photos land on one shard.
package main

import (
	"errors"

	"github.com/pattern-canvas/runtime/batch"
	"github.com/pattern-canvas/runtime/front"
	"github.com/pattern-canvas/runtime/pool"
)

func main() { front.Main("photo-uploader", "/api/v1/photos", Accept) }

// Accept checks that an upload names its photo and user and carries an image that decodes.
func Accept(photo batch.Item) (string, error) {
	id, user := pool.Field(photo, "photoId"), pool.Field(photo, "userId")
	if id == "" || user == "" {
		return "", errors.New(`a photo needs "photoId" and "userId"`)
	}
	if err := front.ImageField(photo); err != nil {
		return "", err
	}
	return "photo-" + id, nil
}
