package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/png"
)

// Frames composes the frames of an animated GIF as a viewer shows them: each frame is drawn over what the
// previous one left, as its disposal method says.
func Frames(anim *gif.GIF) []*image.RGBA {
	bounds := image.Rect(0, 0, anim.Config.Width, anim.Config.Height)
	if bounds.Empty() && len(anim.Image) > 0 {
		bounds = anim.Image[0].Bounds()
	}
	canvas := image.NewRGBA(bounds)
	out := make([]*image.RGBA, 0, len(anim.Image))
	for i, frame := range anim.Image {
		before := image.NewRGBA(bounds)
		copy(before.Pix, canvas.Pix)
		draw.Draw(canvas, frame.Bounds(), frame, frame.Bounds().Min, draw.Over)
		shown := image.NewRGBA(bounds)
		copy(shown.Pix, canvas.Pix)
		out = append(out, shown)
		if i < len(anim.Disposal) {
			switch anim.Disposal[i] {
			case gif.DisposalBackground:
				draw.Draw(canvas, frame.Bounds(), image.Transparent, image.Point{}, draw.Src)
			case gif.DisposalPrevious:
				canvas = before
			}
		}
	}
	return out
}

const bins = 16 // per channel: coarse enough that noise does not count, fine enough to tell scenes apart

func histogram(img *image.RGBA) [3 * bins]float64 {
	var h [3 * bins]float64
	for i := 0; i+3 < len(img.Pix); i += 4 {
		for c := 0; c < 3; c++ {
			h[c*bins+int(img.Pix[i+c])*bins/256]++
		}
	}
	return h
}

// RepresentativeFrame is the frame whose colour histogram is closest to the mean of all frames (what ffmpeg's
// thumbnail filter picks): a frame typical of the video rather than a fade or a flash. Ties go to the earliest.
func RepresentativeFrame(frames []*image.RGBA) int {
	hists := make([][3 * bins]float64, len(frames))
	var mean [3 * bins]float64
	for i, f := range frames {
		hists[i] = histogram(f)
		for b := range mean {
			mean[b] += hists[i][b] / float64(len(frames))
		}
	}
	best, bestErr := 0, -1.0
	for i, h := range hists {
		e := 0.0
		for b := range h {
			e += (h[b] - mean[b]) * (h[b] - mean[b])
		}
		if bestErr < 0 || e < bestErr {
			best, bestErr = i, e
		}
	}
	return best
}

// Scale shrinks img to fit in a box of side pixels, keeping its aspect, each output pixel the mean of the
// input pixels it covers. A smaller image keeps its size.
func Scale(img *image.RGBA, side int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	tw, th := side, max(1, h*side/w)
	if h > w {
		tw, th = max(1, w*side/h), side
	}
	out := image.NewRGBA(image.Rect(0, 0, tw, th))
	for ty := 0; ty < th; ty++ {
		y0, y1 := ty*h/th, max((ty+1)*h/th, ty*h/th+1)
		for tx := 0; tx < tw; tx++ {
			x0, x1 := tx*w/tw, max((tx+1)*w/tw, tx*w/tw+1)
			var sum [4]int
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					p := img.RGBAAt(b.Min.X+x, b.Min.Y+y)
					sum[0], sum[1], sum[2], sum[3] = sum[0]+int(p.R), sum[1]+int(p.G), sum[2]+int(p.B), sum[3]+int(p.A)
				}
			}
			n := (y1 - y0) * (x1 - x0)
			out.SetRGBA(tx, ty, color.RGBA{uint8(sum[0] / n), uint8(sum[1] / n), uint8(sum[2] / n), uint8(sum[3] / n)})
		}
	}
	return out
}

// Report is what a worker says it did for its item.
type Report struct {
	Item   string `json:"item"`
	Frames int    `json:"frames"`
	Frame  int    `json:"frame"` // the one chosen, from 0
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Bytes  int    `json:"bytes"`
}

// MakeThumbnail turns a GIF video into the PNG thumbnail of its most representative frame.
func MakeThumbnail(video []byte, side int) ([]byte, Report, error) {
	anim, err := gif.DecodeAll(bytes.NewReader(video))
	if err != nil {
		return nil, Report{}, fmt.Errorf("the video is not a GIF: %w", err)
	}
	frames := Frames(anim)
	if len(frames) == 0 {
		return nil, Report{}, errors.New("the video has no frames")
	}
	pick := RepresentativeFrame(frames)
	thumb := Scale(frames[pick], side)
	var buf bytes.Buffer
	if err := png.Encode(&buf, thumb); err != nil {
		return nil, Report{}, err
	}
	return buf.Bytes(), Report{Frames: len(frames), Frame: pick, Width: thumb.Bounds().Dx(), Height: thumb.Bounds().Dy(), Bytes: buf.Len()}, nil
}
