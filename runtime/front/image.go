package front

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
)

// MaxImageBytes is the largest image a front accepts: items travel on the bus, which is no file store.
const MaxImageBytes = 512 << 10

// ImageField checks that item["image"] is the base64 of a PNG, GIF or JPEG of at most MaxImageBytes.
func ImageField(item batch.Item) error {
	encoded, _ := item["image"].(string)
	if base64.StdEncoding.DecodedLen(len(encoded)) > MaxImageBytes {
		return fmt.Errorf("the image is larger than %d bytes", MaxImageBytes)
	}
	data, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil || len(data) == 0 {
		return errors.New(`"image" must be the base64 of a PNG, GIF or JPEG`)
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
		return fmt.Errorf(`"image" is not a PNG, GIF or JPEG: %v`, err)
	}
	return nil
}
