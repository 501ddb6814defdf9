package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

const (
	// ItemAnnotation holds the item on the Job's pod; the downward API turns it into the file WORK_ITEM_FILE.
	ItemAnnotation = "patterncanvas.dev/work-item"
	// ItemNameAnnotation keeps the item's name on the Job, for people and tools (labels cannot hold any name).
	ItemNameAnnotation = "patterncanvas.dev/work-item-name"
	// ItemIDLabel is the digest of the item's name: it finds the Job of an item, and the Jobs of a restart.
	ItemIDLabel = "patterncanvas.dev/work-item-id"
	// MaxItemBytes keeps an item well inside the API server's 256 KiB limit on an object's annotations.
	MaxItemBytes = 64 << 10
	maxJobName   = 63 // the Job's name becomes a label value on its pods
)

// Template is the Job the manifests give the manager (JOB_TEMPLATE_FILE, JSON): every Job it creates is a copy
// with the item's name, labels and annotation filled in.
type Template struct {
	job    map[string]any
	Prefix string            // of every Job name: the template's metadata.generateName
	Labels map[string]string // the template's labels: they select the Jobs of this queue and no other
}

// ParseTemplate reads a batch/v1 Job template and refuses one the manager could not use safely.
func ParseTemplate(data []byte) (*Template, error) {
	var job map[string]any
	if err := json.Unmarshal(data, &job); err != nil {
		return nil, fmt.Errorf("the Job template is not JSON: %w", err)
	}
	if job["apiVersion"] != "batch/v1" || job["kind"] != "Job" {
		return nil, fmt.Errorf("the Job template must be apiVersion batch/v1, kind Job (got %v, %v)", job["apiVersion"], job["kind"])
	}
	meta, _ := job["metadata"].(map[string]any)
	spec, _ := job["spec"].(map[string]any)
	if meta == nil || spec == nil {
		return nil, errors.New("the Job template needs metadata and spec")
	}
	if _, ok := spec["template"].(map[string]any); !ok {
		return nil, errors.New("the Job template needs spec.template (the worker's pod)")
	}
	prefix, _ := meta["generateName"].(string)
	if prefix == "" {
		return nil, errors.New("the Job template needs metadata.generateName: the prefix of every Job name")
	}
	if len(prefix) > maxJobName-idLength-8 {
		return nil, fmt.Errorf("metadata.generateName %q is too long: a Job name has at most %d characters", prefix, maxJobName)
	}
	labels := map[string]string{}
	raw, _ := meta["labels"].(map[string]any)
	for k, v := range raw {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("label %s of the Job template is not a string", k)
		}
		labels[k] = s
	}
	// Without labels the manager would count every Job of the namespace as its own.
	if len(labels) == 0 {
		return nil, errors.New("the Job template needs metadata.labels: they tell this queue's Jobs from any other")
	}
	return &Template{job: job, Prefix: prefix, Labels: labels}, nil
}

// Selector is the label selector of this queue's Jobs.
func (t *Template) Selector() string {
	parts := make([]string, 0, len(t.Labels))
	for k, v := range t.Labels {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

const idLength = 16

// ItemID is a digest of the item's name: the same name gives the same Job on every run and after any restart.
func ItemID(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:])[:idLength]
}

// JobName is <prefix><readable part of the name>-<item id>: DNS-1123, at most 63 characters, and unique per
// item because of the id (two names that read the same, like "a b" and "a_b", still differ).
func JobName(prefix, item string) string {
	var slug strings.Builder
	dash := false
	for _, r := range strings.ToLower(item) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			slug.WriteRune(r)
			dash = false
		} else if !dash && slug.Len() > 0 {
			slug.WriteByte('-')
			dash = true
		}
	}
	room := maxJobName - len(prefix) - idLength - 1
	s := strings.Trim(slug.String(), "-")
	if len(s) > room {
		s = strings.TrimRight(s[:room], "-")
	}
	if s == "" {
		return prefix + ItemID(item)
	}
	return prefix + s + "-" + ItemID(item)
}

// CheckItem says why an item cannot travel in an annotation, or nil.
func CheckItem(content []byte) error {
	if len(content) > MaxItemBytes {
		return fmt.Errorf("the item has %d bytes, more than the %d an annotation carries: put it in a store and make the item its address", len(content), MaxItemBytes)
	}
	if !utf8.Valid(content) {
		return errors.New("the item is not UTF-8 text: an annotation carries text only (encode binary items, e.g. base64, or make the item their address)")
	}
	return nil
}

// JobFor is the Job of one item: a deep copy of the template with its name, the item id label (on the Job and
// its pod), the item's name and the item itself.
func (t *Template) JobFor(namespace, item string, content []byte) (map[string]any, error) {
	if err := CheckItem(content); err != nil {
		return nil, err
	}
	var job map[string]any
	data, _ := json.Marshal(t.job)
	_ = json.Unmarshal(data, &job) // a copy of what ParseTemplate read: cannot fail
	meta := job["metadata"].(map[string]any)
	delete(meta, "generateName")
	meta["name"] = JobName(t.Prefix, item)
	meta["namespace"] = namespace
	setIn(meta, "labels", ItemIDLabel, ItemID(item))
	setIn(meta, "annotations", ItemNameAnnotation, item)
	pod := job["spec"].(map[string]any)["template"].(map[string]any)
	podMeta, _ := pod["metadata"].(map[string]any)
	if podMeta == nil {
		podMeta = map[string]any{}
		pod["metadata"] = podMeta
	}
	setIn(podMeta, "labels", ItemIDLabel, ItemID(item))
	setIn(podMeta, "annotations", ItemAnnotation, string(content))
	return job, nil
}

func setIn(meta map[string]any, field, key, value string) {
	m, _ := meta[field].(map[string]any)
	if m == nil {
		m = map[string]any{}
		meta[field] = m
	}
	m[key] = value
}
