package main

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var palette = color.Palette{color.Black, color.White, color.RGBA{255, 0, 0, 255}}

func solid(w, h int, index uint8) *image.Paletted {
	img := image.NewPaletted(image.Rect(0, 0, w, h), palette)
	for i := range img.Pix {
		img.Pix[i] = index
	}
	return img
}

func encode(t *testing.T, anim *gif.GIF) []byte {
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestTheRepresentativeFrameIsTheTypicalOneNotTheFlash(t *testing.T) {
	// Black, a white flash, then three red frames: red is what the video mostly shows.
	anim := &gif.GIF{Image: []*image.Paletted{solid(8, 8, 0), solid(8, 8, 1), solid(8, 8, 2), solid(8, 8, 2), solid(8, 8, 2)}, Delay: make([]int, 5)}
	png, report, err := MakeThumbnail(encode(t, anim), 32)
	if err != nil {
		t.Fatal(err)
	}
	if report.Frame != 2 || report.Frames != 5 {
		t.Fatalf("picked frame %d of %d", report.Frame, report.Frames)
	}
	if img, _ := pngDecode(t, png); img.At(4, 4) != (color.RGBA{255, 0, 0, 255}) {
		t.Fatalf("the thumbnail shows %v", img.At(4, 4))
	}
}

func pngDecode(t *testing.T, b []byte) (image.Image, error) {
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img, err
}

func TestScalingKeepsTheAspectAndAveragesThePixels(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 64, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 64; x++ {
			if x%2 == 0 { // stripes of black and white average to grey
				src.SetRGBA(x, y, color.RGBA{255, 255, 255, 255})
			} else {
				src.SetRGBA(x, y, color.RGBA{0, 0, 0, 255})
			}
		}
	}
	out := Scale(src, 16)
	if out.Bounds().Dx() != 16 || out.Bounds().Dy() != 8 {
		t.Fatalf("size %v", out.Bounds())
	}
	if got := out.RGBAAt(3, 3); got != (color.RGBA{127, 127, 127, 255}) {
		t.Fatalf("pixel %v", got)
	}
	tall := Scale(image.NewRGBA(image.Rect(0, 0, 10, 100)), 20)
	if tall.Bounds().Dx() != 2 || tall.Bounds().Dy() != 20 {
		t.Fatalf("tall: %v", tall.Bounds())
	}
	small := image.NewRGBA(image.Rect(0, 0, 4, 4))
	if Scale(small, 16) != small {
		t.Fatal("a small image is kept as it is")
	}
}

func TestPartialFramesAreDrawnOverThePreviousOnes(t *testing.T) {
	// Frame 2 covers only the top-left 2x2 corner: the rest still shows frame 1.
	corner := image.NewPaletted(image.Rect(0, 0, 2, 2), palette)
	for i := range corner.Pix {
		corner.Pix[i] = 2
	}
	anim := &gif.GIF{Image: []*image.Paletted{solid(4, 4, 1), corner}, Delay: []int{0, 0}, Config: image.Config{Width: 4, Height: 4}}
	decoded, err := gif.DecodeAll(bytes.NewReader(encode(t, anim)))
	if err != nil {
		t.Fatal(err)
	}
	frames := Frames(decoded)
	if frames[1].RGBAAt(0, 0) != (color.RGBA{255, 0, 0, 255}) || frames[1].RGBAAt(3, 3) != (color.RGBA{255, 255, 255, 255}) {
		t.Fatalf("second frame: %v %v", frames[1].RGBAAt(0, 0), frames[1].RGBAAt(3, 3))
	}
}

// The whole run against a source that serves one video and takes thumbnails.
func TestRunMakesTheThumbnailAndPutsItBack(t *testing.T) {
	video := encode(t, &gif.GIF{Image: []*image.Paletted{solid(64, 40, 2), solid(64, 40, 2)}, Delay: []int{0, 0}})
	var put []byte
	puts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "GET" && r.URL.Path == "/videos/v1":
			_, _ = w.Write(video)
		case r.Method == "PUT" && r.URL.Path == "/thumbnails/v1":
			put, _ = io.ReadAll(r.Body)
			puts++
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	item := filepath.Join(t.TempDir(), "item")
	_ = os.WriteFile(item, []byte(`{"name":"v1","video":"`+srv.URL+`/videos/v1","thumbnail":"`+srv.URL+`/thumbnails/v1"}`), 0o600)
	env := map[string]string{"WORK_ITEM_FILE": item}
	report, err := Run(func(k string) string { return env[k] }, srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	if report.Item != "v1" || report.Width != 32 || report.Height != 20 || report.Bytes != len(put) {
		t.Fatalf("report %+v, %d bytes put", report, len(put))
	}
	first := put
	if _, err := Run(func(k string) string { return env[k] }, srv.Client()); err != nil || !bytes.Equal(first, put) || puts != 2 {
		t.Fatal("a second run of the same item must put the same thumbnail")
	}
}

func TestRunFailsWithTheReason(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "a")
	_ = os.WriteFile(notJSON, []byte("a cat"), 0o600)
	gone := filepath.Join(dir, "b")
	_ = os.WriteFile(gone, []byte(`{"name":"x","video":"http://127.0.0.1:1/v","thumbnail":"http://127.0.0.1:1/t"}`), 0o600)
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "WORK_ITEM_FILE is not set"},
		{map[string]string{"WORK_ITEM_FILE": filepath.Join(dir, "none")}, "reading the work item"},
		{map[string]string{"WORK_ITEM_FILE": notJSON}, `"video" and "thumbnail"`},
		{map[string]string{"WORK_ITEM_FILE": gone, "THUMBNAIL_SIZE": "0"}, "THUMBNAIL_SIZE"},
		{map[string]string{"WORK_ITEM_FILE": gone}, "fetching the video"},
	} {
		_, err := Run(func(k string) string { return c.env[k] }, http.DefaultClient)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.env, err, c.want)
		}
	}
}
