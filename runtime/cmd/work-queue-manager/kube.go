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
	"net/url"
	"os"
	"strings"
	"time"
)

// JobAPI is what the manager asks of Kubernetes: the Jobs of its queue, and one new Job.
type JobAPI interface {
	ListJobs(ctx context.Context, namespace, selector string) ([]JobState, error)
	// CreateJob creates the Job; created=false (and no error) when a Job of that name exists already.
	CreateJob(ctx context.Context, namespace string, job map[string]any) (created bool, err error)
}

// JobState is what the manager needs to know of a Job.
type JobState struct {
	Name     string
	ItemID   string
	Finished bool // Complete or Failed: it no longer takes one of the MAX_PARALLEL places
}

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount"

// APIServer talks to kube-apiserver as the pod's service account, with the standard library only.
type APIServer struct {
	Base      string // https://host:port
	TokenFile string // re-read on every request: the kubelet rotates the token
	Client    *http.Client
}

// InClusterAPIServer is the API server of the cluster the pod runs in, trusted through the mounted CA.
func InClusterAPIServer() (*APIServer, error) {
	host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
	if host == "" || port == "" {
		return nil, errors.New("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: the manager runs in a pod")
	}
	ca, err := os.ReadFile(serviceAccountDir + "/ca.crt")
	if err != nil {
		return nil, fmt.Errorf("reading the cluster CA (is a service account token mounted? automountServiceAccountToken must not be false): %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(ca) {
		return nil, errors.New(serviceAccountDir + "/ca.crt holds no PEM certificate")
	}
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	return &APIServer{
		Base:      "https://" + net.JoinHostPort(host, port),
		TokenFile: serviceAccountDir + "/token",
		Client:    &http.Client{Transport: transport, Timeout: 30 * time.Second},
	}, nil
}

// StatusError is an answer of the API server other than 2xx, with the message of its Status object.
type StatusError struct {
	Code    int
	Message string
}

func (e *StatusError) Error() string { return fmt.Sprintf("%d: %s", e.Code, e.Message) }

func (a *APIServer) do(ctx context.Context, method, path string, body any, out any) error {
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.Base+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.TokenFile != "" {
		token, err := os.ReadFile(a.TokenFile)
		if err != nil {
			return fmt.Errorf("reading the service account token: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	}
	res, err := a.Client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if err != nil {
		return err
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		var status struct{ Message string }
		if json.Unmarshal(data, &status) != nil || status.Message == "" {
			status.Message = strings.TrimSpace(string(data))
		}
		return &StatusError{Code: res.StatusCode, Message: status.Message}
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

type jobList struct {
	Metadata struct {
		Continue string `json:"continue"`
	} `json:"metadata"`
	Items []struct {
		Metadata struct {
			Name   string            `json:"name"`
			Labels map[string]string `json:"labels"`
		} `json:"metadata"`
		Status struct {
			Conditions []struct {
				Type   string `json:"type"`
				Status string `json:"status"`
			} `json:"conditions"`
		} `json:"status"`
	} `json:"items"`
}

func (a *APIServer) ListJobs(ctx context.Context, namespace, selector string) ([]JobState, error) {
	var out []JobState
	cont := ""
	for {
		q := url.Values{"labelSelector": {selector}, "limit": {"500"}}
		if cont != "" {
			q.Set("continue", cont)
		}
		var list jobList
		if err := a.do(ctx, http.MethodGet, "/apis/batch/v1/namespaces/"+url.PathEscape(namespace)+"/jobs?"+q.Encode(), nil, &list); err != nil {
			return nil, fmt.Errorf("listing the Jobs (%s): %w", selector, err)
		}
		for _, j := range list.Items {
			finished := false
			for _, c := range j.Status.Conditions {
				if (c.Type == "Complete" || c.Type == "Failed") && c.Status == "True" {
					finished = true
				}
			}
			out = append(out, JobState{Name: j.Metadata.Name, ItemID: j.Metadata.Labels[ItemIDLabel], Finished: finished})
		}
		if cont = list.Metadata.Continue; cont == "" {
			return out, nil
		}
	}
}

func (a *APIServer) CreateJob(ctx context.Context, namespace string, job map[string]any) (bool, error) {
	err := a.do(ctx, http.MethodPost, "/apis/batch/v1/namespaces/"+url.PathEscape(namespace)+"/jobs", job, nil)
	var status *StatusError
	if errors.As(err, &status) && status.Code == http.StatusConflict {
		return false, nil // AlreadyExists: this item has its Job (made by us before a restart, or just now)
	}
	if err != nil {
		return false, fmt.Errorf("creating Job %v: %w", job["metadata"].(map[string]any)["name"], err)
	}
	return true, nil
}
