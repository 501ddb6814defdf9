package main

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/pattern-canvas/runtime/kube"
)

// The Lease API as the ownership-election pattern's RBAC allows it: get and update the named Lease, create Leases.
// Nothing else (no watch, no list), so the elector polls, as client-go's does.

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

// leaseClient is the named Lease of one namespace; a 404 matches kube.ErrNotFound, a 409 kube.ErrConflict (someone
// else changed the Lease first).
type leaseClient struct {
	api  *kube.Client
	path string // /apis/coordination.k8s.io/v1/namespaces/<ns>/leases
	name string
}

// inClusterLeases is the Lease API of the cluster the pod runs in, as the pod's service account.
func inClusterLeases(namespace, name string, timeout time.Duration) (*leaseClient, error) {
	api, err := kube.InCluster(timeout)
	if err != nil {
		return nil, err
	}
	return &leaseClient{api: api, path: "/apis/coordination.k8s.io/v1/namespaces/" + url.PathEscape(namespace) + "/leases", name: name}, nil
}

func (c *leaseClient) get(ctx context.Context) (*lease, error) {
	var l lease
	return &l, c.api.Do(ctx, http.MethodGet, c.path+"/"+url.PathEscape(c.name), nil, &l)
}

func (c *leaseClient) create(ctx context.Context, spec leaseSpec) (*lease, error) {
	in := lease{APIVersion: "coordination.k8s.io/v1", Kind: "Lease", Metadata: map[string]any{"name": c.name}, Spec: spec}
	var out lease
	return &out, c.api.Do(ctx, http.MethodPost, c.path, in, &out)
}

// update replaces the Lease; the resourceVersion it carries makes the API server refuse it if another candidate
// wrote in between (optimistic concurrency: two candidates cannot both win).
func (c *leaseClient) update(ctx context.Context, l *lease) (*lease, error) {
	var out lease
	return &out, c.api.Do(ctx, http.MethodPut, c.path+"/"+url.PathEscape(c.name), l, &out)
}
