package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// ItemSource is the book's source container: GET <SOURCE_URL> lists the item names, GET <SOURCE_URL>/<name>
// returns one item.
type ItemSource interface {
	Names(ctx context.Context) ([]string, error)
	// Item returns the item's bytes, or ok=false when the source no longer has it (404).
	Item(ctx context.Context, name string) (content []byte, ok bool, err error)
}

// HTTPSource reads an item source over HTTP.
type HTTPSource struct {
	ItemsURL string // e.g. http://thumbnailer-source.thumbnails.svc:8080/api/v1/items
	Client   *http.Client
}

const maxListBytes = 8 << 20

// get reads at most limit+1 bytes of the answer: enough for the caller to tell that it is too large.
func (s *HTTPSource) get(ctx context.Context, u string, limit int64) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, nil, err
	}
	res, err := s.Client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, limit+1))
	if err != nil {
		return res.StatusCode, nil, fmt.Errorf("GET %s: %w", u, err)
	}
	return res.StatusCode, body, nil
}

func (s *HTTPSource) Names(ctx context.Context) ([]string, error) {
	code, body, err := s.get(ctx, s.ItemsURL, maxListBytes)
	if err != nil {
		return nil, err
	}
	if code != http.StatusOK {
		return nil, fmt.Errorf("GET %s answered %d: %s", s.ItemsURL, code, snippet(body))
	}
	if len(body) > maxListBytes {
		return nil, fmt.Errorf("GET %s: the list of items is larger than %d bytes", s.ItemsURL, maxListBytes)
	}
	var names []string
	if err := json.Unmarshal(body, &names); err != nil {
		return nil, fmt.Errorf("GET %s must answer a JSON array of item names: %w (got %s)", s.ItemsURL, err, snippet(body))
	}
	return names, nil
}

func (s *HTTPSource) Item(ctx context.Context, name string) ([]byte, bool, error) {
	u := strings.TrimRight(s.ItemsURL, "/") + "/" + url.PathEscape(name)
	code, body, err := s.get(ctx, u, MaxItemBytes) // CheckItem refuses one that is larger
	if err != nil {
		return nil, false, err
	}
	switch code {
	case http.StatusOK:
		return body, true, nil
	case http.StatusNotFound:
		return nil, false, nil
	default:
		return nil, false, fmt.Errorf("GET %s answered %d: %s", u, code, snippet(body))
	}
}

func snippet(b []byte) string {
	s := strings.TrimSpace(string(b))
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return fmt.Sprintf("%q", s)
}
