// Package kube is the runtime's one in-cluster Kubernetes API client: the pod's service account (token and CA) and
// JSON requests, with the standard library only. Programs that call the API (the work-queue manager, the elected
// worker) build their typed calls on Client.Do.
package kube

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ServiceAccountDir is where the kubelet mounts a pod's service-account token, CA and namespace.
const ServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount"

// maxBody caps what one answer may hold (a page of a list is far smaller).
const maxBody = 64 << 20

// Client talks to kube-apiserver as a service account.
type Client struct {
	Base string // https://host:port
	// TokenFile is read on every request: a projected token is rotated by the kubelet (it swaps the file atomically),
	// so a token read once stops working after its hour; an empty TokenFile sends no Authorization header.
	TokenFile string
	HTTP      *http.Client
}

// InCluster is the API server of the cluster the pod runs in, at the address Kubernetes gives every pod, trusted
// through the mounted CA.
func InCluster(timeout time.Duration) (*Client, error) {
	host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
	if host == "" || port == "" {
		return nil, errors.New("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: the program runs in a pod")
	}
	return FromServiceAccount(ServiceAccountDir, "https://"+net.JoinHostPort(host, port), timeout)
}

// FromServiceAccount is a client of the API server at base with the token and CA of a service-account folder.
func FromServiceAccount(dir, base string, timeout time.Duration) (*Client, error) {
	ca, err := os.ReadFile(filepath.Join(dir, "ca.crt"))
	if err != nil {
		return nil, fmt.Errorf("reading the cluster CA (is a service account token mounted? automountServiceAccountToken must not be false): %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		return nil, fmt.Errorf("%s holds no PEM certificate", filepath.Join(dir, "ca.crt"))
	}
	c := &Client{
		Base:      strings.TrimSuffix(base, "/"),
		TokenFile: filepath.Join(dir, "token"),
		HTTP: &http.Client{
			Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
			Timeout:   timeout,
		},
	}
	// Fail at start, not at the first request, when no token is mounted.
	if _, err := c.token(); err != nil {
		return nil, err
	}
	return c, nil
}

// ErrNotFound and ErrConflict match (errors.Is) a StatusError of 404 and 409.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
)

// StatusError is an answer of the API server other than 2xx, with the message of its Status object.
type StatusError struct {
	Method, Path string
	Code         int
	Message      string
}

// Error names the request and the status line, as a log reader needs them ("GET /apis/…: 403 Forbidden: …").
func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: %d %s: %s", e.Method, e.Path, e.Code, http.StatusText(e.Code), e.Message)
}

func (e *StatusError) Is(target error) bool {
	return (target == ErrNotFound && e.Code == http.StatusNotFound) || (target == ErrConflict && e.Code == http.StatusConflict)
}

func (c *Client) token() (string, error) {
	raw, err := os.ReadFile(c.TokenFile)
	if err != nil {
		return "", fmt.Errorf("reading the service account token: %w", err)
	}
	token := strings.TrimSpace(string(raw))
	if token == "" {
		return "", fmt.Errorf("the service account token %s is empty", c.TokenFile)
	}
	return token, nil
}

// Do sends in (when not nil) as JSON to Base+path and decodes a 2xx answer into out (when not nil). Any other answer
// is a *StatusError.
func (c *Client) Do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.Base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.TokenFile != "" {
		token, err := c.token()
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, maxBody))
	if err != nil {
		return err
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		var status struct{ Message string }
		if json.Unmarshal(raw, &status) != nil || status.Message == "" {
			status.Message = strings.TrimSpace(string(raw))
		}
		if status.Message == "" {
			status.Message = http.StatusText(res.StatusCode)
		}
		return &StatusError{Method: method, Path: path, Code: res.StatusCode, Message: status.Message}
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("%s %s: the answer is not the JSON expected: %w", method, path, err)
		}
	}
	return nil
}
