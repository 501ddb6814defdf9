package main

import (
	"bytes"
	"crypto/sha256"
	"image"
	"image/color"
	"image/gif"
)

// DemoVideo is a small animated GIF made from the name alone (same name, same bytes): a ball crossing a
// background whose colours come from the name's digest. It stands in for an uploaded video.
func DemoVideo(name string, frames int) []byte {
	sum := sha256.Sum256([]byte(name))
	const w, h = 64, 40
	palette := color.Palette{
		color.RGBA{sum[0], sum[1], sum[2], 255},
		color.RGBA{sum[3], sum[4], sum[5], 255},
		color.RGBA{255 - sum[0], 255 - sum[1], 255 - sum[2], 255},
	}
	anim := &gif.GIF{}
	for f := 0; f < frames; f++ {
		img := image.NewPaletted(image.Rect(0, 0, w, h), palette)
		cx, cy, r := 6+f*(w-12)/max(frames-1, 1), h/2, 5+int(sum[6]%6)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				switch {
				case (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r:
					img.SetColorIndex(x, y, 2)
				case y > h*2/3:
					img.SetColorIndex(x, y, 1) // the ground
				}
			}
		}
		anim.Image = append(anim.Image, img)
		anim.Delay = append(anim.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		panic(err) // a well-formed palette and frames: cannot fail
	}
	return buf.Bytes()
}
