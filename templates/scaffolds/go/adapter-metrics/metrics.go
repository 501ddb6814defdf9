package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// FetchStats reads the app's own statistics, on localhost inside the pod.
type FetchStats func(ctx context.Context) (map[string]float64, error)

// HTTPStats fetches a flat JSON object of numbers (true/false count as 1/0) from url. Change ParseStats
// when your app speaks another format (for example Redis INFO's "name:value" lines).
func HTTPStats(client *http.Client, url string) FetchStats {
	return func(ctx context.Context) (map[string]float64, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		res, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("%s answered %s", url, res.Status)
		}
		body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		if err != nil {
			return nil, err
		}
		return ParseStats(body)
	}
}

// ParseStats keeps the numeric and boolean fields of a JSON object; other fields are not metrics.
func ParseStats(body []byte) (map[string]float64, error) {
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("the stats are not a JSON object: %w", err)
	}
	stats := map[string]float64{}
	for name, v := range raw {
		switch x := v.(type) {
		case float64:
			stats[name] = x
		case bool:
			stats[name] = map[bool]float64{false: 0, true: 1}[x]
		}
	}
	return stats, nil
}

var notInName = regexp.MustCompile(`[^a-zA-Z0-9_:]`)

// ToPrometheus renders the Prometheus text format: one gauge per stat, sorted so scrapes compare cleanly,
// and <prefix>_up telling whether the app answered at all.
func ToPrometheus(prefix string, stats map[string]float64, up bool) string {
	var b strings.Builder
	names := make([]string, 0, len(stats))
	for name := range stats {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		metric := prefix + "_" + notInName.ReplaceAllString(name, "_")
		fmt.Fprintf(&b, "# TYPE %s gauge\n%s %v\n", metric, metric, stats[name])
	}
	upValue := 0
	if up {
		upValue = 1
	}
	fmt.Fprintf(&b, "# TYPE %s_up gauge\n%s_up %d\n", prefix, prefix, upValue)
	return b.String()
}

// MetricsHandler answers a scrape. When the app does not answer, the scrape still succeeds with
// <prefix>_up 0: the adapter is up, the app is not.
func MetricsHandler(prefix string, fetch FetchStats) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stats, err := fetch(r.Context())
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		_, _ = io.WriteString(w, ToPrometheus(prefix, stats, err == nil))
	})
}
