package main

import (
	"encoding/json"
	"testing"

	"github.com/pattern-canvas/runtime/batch"
)

func TestBlurRecordsEveryDetectedBoxAndItsPixels(t *testing.T) {
	var img batch.Item
	_ = json.Unmarshal([]byte(`{"imageId":"i1","batchId":"b1","tags":["red"],"objects":[{"tag":"red","x":1,"y":2,"width":3,"height":4,"area":12},{"tag":"red","x":0,"y":0,"width":2,"height":2,"area":3}]}`), &img)
	got, err := Blur(img)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	if string(b) != `{"batchId":"b1","blurred":[{"x":1,"y":2,"width":3,"height":4},{"x":0,"y":0,"width":2,"height":2}],"blurredPixels":16,"imageId":"i1"}` {
		t.Fatalf("got %s", b)
	}
	for _, bad := range []string{`{"imageId":"i1"}`, `{"objects":[]}`, `{"imageId":"i1","objects":[{"x":1}]}`} {
		var item batch.Item
		_ = json.Unmarshal([]byte(bad), &item)
		if _, err := Blur(item); err == nil {
			t.Errorf("%s was blurred", bad)
		}
	}
}
