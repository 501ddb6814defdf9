package main

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
	"strings"
	"time"
)

// The Lease API as the ownership-election pattern's RBAC allows it: get and update the named Lease, create Leases.
// Nothing else (no watch, no list), so the elector polls, as client-go's does.

const saDir = "/var/run/secrets/kubernetes.io/serviceaccount"

// microTime is the wire format of metav1.MicroTime.
const microTime = "2006-01-02T15:04:05.000000Z07:00"

type leaseSpec struct {
	HolderIdentity       *string `json:"holderIdentity,omitempty"`
	LeaseDurationSeconds *int    `json:"leaseDurationSeconds,omitempty"`
	AcquireTime          *string `json:"acquireTime,omitempty"`
	RenewTime            *string `json:"renewTime,omitempty"`
	LeaseTransitions     *int    `json:"leaseTransitions,omitempty"`
}

type lease struct {
	APIVersion string         `json:"apiVersion"`
	Kind       string         `json:"kind"`
	Metadata   map[string]any `json:"metadata"`
	Spec       leaseSpec      `json:"spec"`
}

func (l *lease) holder() string {
	if l.Spec.HolderIdentity == nil {
		return ""
	}
	return *l.Spec.HolderIdentity
}

func (l *lease) resourceVersion() string {
	v, _ := l.Metadata["resourceVersion"].(string)
	return v
}

var errNotFound = errors.New("not found")
var errConflict = errors.New("conflict: someone else changed the Lease first")

type leaseClient struct {
	base  string // https://host:port/apis/coordination.k8s.io/v1/namespaces/<ns>/leases
	name  string
	token string
	http  *http.Client
}

// inClusterLeases reads the pod's ServiceAccount token and CA and the API server address Kubernetes gives every pod.
func inClusterLeases(namespace, name string, timeout time.Duration) (*leaseClient, error) {
	host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
	if host == "" || port == "" {
		return nil, errors.New("KUBERNETES_SERVICE_HOST/PORT are not set: not running in a pod")
	}
	token, err := os.ReadFile(saDir + "/token")
	if err != nil {
		return nil, fmt.Errorf("service account token: %v (is automountServiceAccountToken off?)", err)
	}
	ca, err := os.ReadFile(saDir + "/ca.crt")
	if err != nil {
		return nil, fmt.Errorf("service account CA: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		return nil, errors.New("service account CA: no certificate in ca.crt")
	}
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	return &leaseClient{
		base:  fmt.Sprintf("https://%s/apis/coordination.k8s.io/v1/namespaces/%s/leases", net.JoinHostPort(host, port), namespace),
		name:  name,
		token: strings.TrimSpace(string(token)),
		http:  &http.Client{Transport: transport, Timeout: timeout},
	}, nil
}

func (c *leaseClient) get(ctx context.Context) (*lease, error) {
	var l lease
	return &l, c.do(ctx, http.MethodGet, c.base+"/"+c.name, nil, &l)
}

func (c *leaseClient) create(ctx context.Context, spec leaseSpec) (*lease, error) {
	in := lease{APIVersion: "coordination.k8s.io/v1", Kind: "Lease", Metadata: map[string]any{"name": c.name}, Spec: spec}
	var out lease
	return &out, c.do(ctx, http.MethodPost, c.base, in, &out)
}

// update replaces the Lease; the resourceVersion it carries makes the API server refuse it if another candidate
// wrote in between (optimistic concurrency: two candidates cannot both win).
func (c *leaseClient) update(ctx context.Context, l *lease) (*lease, error) {
	var out lease
	return &out, c.do(ctx, http.MethodPut, c.base+"/"+c.name, l, &out)
}

func (c *leaseClient) do(ctx context.Context, method, url string, in, out any) error {
	var body io.Reader
	if in != nil {
		raw, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	switch {
	case res.StatusCode == http.StatusNotFound:
		return errNotFound
	case res.StatusCode == http.StatusConflict:
		return errConflict
	case res.StatusCode >= 300:
		return fmt.Errorf("%s %s: %s: %s", method, url, res.Status, strings.TrimSpace(string(raw)))
	}
	return json.Unmarshal(raw, out)
}
