package main

import (
	"regexp"
	"strings"
	"testing"
)

const templateJSON = `{
  "apiVersion": "batch/v1", "kind": "Job",
  "metadata": {"generateName": "thumbnailer-", "namespace": "elsewhere",
    "labels": {"app.kubernetes.io/name": "thumbnailer", "patterncanvas.dev/role": "job"}},
  "spec": {"backoffLimit": 3, "template": {
    "metadata": {"labels": {"patterncanvas.dev/role": "job"}, "annotations": {"patterncanvas.dev/work-item": ""}},
    "spec": {"restartPolicy": "Never", "containers": [{"name": "worker", "image": "w:1"}]}}}
}`

func mustTemplate(t *testing.T) *Template {
	t.Helper()
	tpl, err := ParseTemplate([]byte(templateJSON))
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

var dns1123Label = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)

func TestJobNamesAreValidStableAndDistinct(t *testing.T) {
	names := map[string]string{}
	for _, item := range []string{"video-1", "Video 1", "video_1", "a/b", "..", "日本語", strings.Repeat("long-name-", 20), "-x-"} {
		name := JobName("thumbnailer-", item)
		if len(name) > 63 || !dns1123Label.MatchString(name) || !strings.HasPrefix(name, "thumbnailer-") {
			t.Errorf("JobName(%q) = %q: not a DNS-1123 label of at most 63 characters with the prefix", item, name)
		}
		if JobName("thumbnailer-", item) != name {
			t.Errorf("JobName(%q) is not stable", item)
		}
		if other, dup := names[name]; dup {
			t.Errorf("%q and %q both get Job %s", item, other, name)
		}
		names[name] = item
	}
	if got := JobName("thumbnailer-", "video-1"); got != "thumbnailer-video-1-"+ItemID("video-1") {
		t.Errorf("a readable item keeps its name: %s", got)
	}
}

func TestTheJobOfAnItemCarriesItsNameIdAndContent(t *testing.T) {
	tpl := mustTemplate(t)
	job, err := tpl.JobFor("thumbnails", "video-1", []byte(`{"video":"v1"}`))
	if err != nil {
		t.Fatal(err)
	}
	meta := job["metadata"].(map[string]any)
	if _, has := meta["generateName"]; has || meta["name"] != JobName("thumbnailer-", "video-1") || meta["namespace"] != "thumbnails" {
		t.Fatalf("metadata: %v", meta)
	}
	if meta["labels"].(map[string]any)[ItemIDLabel] != ItemID("video-1") || meta["annotations"].(map[string]any)[ItemNameAnnotation] != "video-1" {
		t.Fatalf("labels/annotations: %v", meta)
	}
	pod := job["spec"].(map[string]any)["template"].(map[string]any)["metadata"].(map[string]any)
	if pod["annotations"].(map[string]any)[ItemAnnotation] != `{"video":"v1"}` || pod["labels"].(map[string]any)[ItemIDLabel] != ItemID("video-1") {
		t.Fatalf("pod metadata: %v", pod)
	}
	// The template itself is untouched: the next item starts from a clean copy.
	again, _ := tpl.JobFor("thumbnails", "video-2", []byte("x"))
	if again["metadata"].(map[string]any)["annotations"].(map[string]any)[ItemNameAnnotation] != "video-2" || tpl.job["metadata"].(map[string]any)["name"] != nil {
		t.Fatal("JobFor changed the template")
	}
}

func TestItemsThatCannotTravelInAnAnnotationAreRefused(t *testing.T) {
	tpl := mustTemplate(t)
	if _, err := tpl.JobFor("ns", "big", make([]byte, MaxItemBytes+1)); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("too large: %v", err)
	}
	if _, err := tpl.JobFor("ns", "bin", []byte{0xff, 0xfe}); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("binary: %v", err)
	}
	if _, err := tpl.JobFor("ns", "fits", make([]byte, MaxItemBytes)); err != nil {
		t.Errorf("exactly the limit: %v", err)
	}
}

func TestTheSelectorIsTheTemplatesLabels(t *testing.T) {
	if got := mustTemplate(t).Selector(); got != "app.kubernetes.io/name=thumbnailer,patterncanvas.dev/role=job" {
		t.Fatal(got)
	}
}

func TestTemplatesTheManagerCannotUseAreRefusedWithTheReason(t *testing.T) {
	for _, c := range []struct{ json, want string }{
		{`apiVersion: batch/v1`, "not JSON"},
		{`{"apiVersion":"v1","kind":"Pod","metadata":{},"spec":{}}`, "batch/v1, kind Job"},
		{`{"apiVersion":"batch/v1","kind":"Job","metadata":{"generateName":"x-","labels":{"a":"b"}},"spec":{}}`, "spec.template"},
		{`{"apiVersion":"batch/v1","kind":"Job","metadata":{"labels":{"a":"b"}},"spec":{"template":{}}}`, "generateName"},
		{`{"apiVersion":"batch/v1","kind":"Job","metadata":{"generateName":"x-"},"spec":{"template":{}}}`, "metadata.labels"},
	} {
		if _, err := ParseTemplate([]byte(c.json)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.json, err, c.want)
		}
	}
}
