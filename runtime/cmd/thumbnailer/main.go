// Command thumbnailer is the worker of the thumbnail work queue: one run makes the thumbnail of the one video its
// Job was created for, puts it back to the source, and reports what it did (stdout and the pod's termination
// message). Exit 0 marks the item done; any other exit fails the pod and the Job retries the item.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// Item is the work item the video source hands out (GET /api/v1/items/<name>).
type Item struct {
	Name      string `json:"name"`
	Video     string `json:"video"`
	Thumbnail string `json:"thumbnail"`
}

const maxVideoBytes = 8 << 20

func main() {
	client := &http.Client{Timeout: 30 * time.Second}
	report, err := Run(os.Getenv, client)
	if err != nil {
		log.Printf("failed: %v", err)
		writeTermination(os.Getenv, "failed: "+err.Error())
		os.Exit(1)
	}
	line, _ := json.Marshal(report)
	fmt.Println(string(line))
	writeTermination(os.Getenv, string(line))
}

// Run processes the item in the file WORK_ITEM_FILE. It is idempotent: the same video gives the same PNG, and
// putting it again replaces it with the same bytes.
func Run(getenv func(string) string, client *http.Client) (Report, error) {
	path := getenv("WORK_ITEM_FILE")
	if path == "" {
		return Report{}, errors.New("WORK_ITEM_FILE is not set: it names the file that holds the work item")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Report{}, fmt.Errorf("reading the work item: %w", err)
	}
	var item Item
	if err := json.Unmarshal(data, &item); err != nil || item.Video == "" || item.Thumbnail == "" {
		return Report{}, fmt.Errorf("the work item must be JSON with \"video\" and \"thumbnail\" URLs (got %.200q)", data)
	}
	side := 32
	if v := getenv("THUMBNAIL_SIZE"); v != "" {
		if side, err = strconv.Atoi(v); err != nil || side < 1 || side > 1024 {
			return Report{}, fmt.Errorf("THUMBNAIL_SIZE=%q: pixels, 1 to 1024", v)
		}
	}
	video, err := fetch(client, item.Video)
	if err != nil {
		return Report{}, err
	}
	png, report, err := MakeThumbnail(video, side)
	if err != nil {
		return Report{}, fmt.Errorf("%s: %w", item.Video, err)
	}
	report.Item = item.Name
	if err := put(client, item.Thumbnail, png); err != nil {
		return Report{}, err
	}
	return report, nil
}

func fetch(client *http.Client, url string) ([]byte, error) {
	res, err := client.Get(url)
	if err != nil {
		return nil, fmt.Errorf("fetching the video: %w", err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxVideoBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("fetching the video: %w", err)
	case res.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("GET %s answered %d", url, res.StatusCode)
	case len(body) > maxVideoBytes:
		return nil, fmt.Errorf("GET %s: the video is larger than %d bytes", url, maxVideoBytes)
	}
	return body, nil
}

func put(client *http.Client, url string, png []byte) error {
	req, err := http.NewRequest(http.MethodPut, url, bytes.NewReader(png))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "image/png")
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("putting the thumbnail: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(res.Body, 500))
		return fmt.Errorf("PUT %s answered %d: %s", url, res.StatusCode, strings.TrimSpace(string(msg)))
	}
	return nil
}

// writeTermination leaves the report in the pod's status (terminationMessagePath), where a client sees it
// without reading logs. Outside a pod the file is absent, which is fine.
func writeTermination(getenv func(string) string, msg string) {
	path := getenv("TERMINATION_LOG")
	if path == "" {
		path = "/dev/termination-log"
	}
	if err := os.WriteFile(path, []byte(msg), 0o644); err != nil && !errors.Is(err, os.ErrNotExist) {
		log.Printf("could not write the termination message: %v", err)
	}
}
