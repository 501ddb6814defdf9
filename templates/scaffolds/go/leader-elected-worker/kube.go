package main

import (
	"bytes"
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

const serviceAccount = "/var/run/secrets/kubernetes.io/serviceaccount"

// KubeLeases reads and writes one Lease through the API server with plain HTTPS requests.
type KubeLeases struct {
	URL       string // .../apis/coordination.k8s.io/v1/namespaces/<ns>/leases
	Name      string
	Namespace string
	TokenFile string
	HTTP      *http.Client
}

// InCluster talks to the API server of the pod's cluster as the pod's service account.
func InCluster(namespace, name string, timeout time.Duration) (*KubeLeases, error) {
	host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
	if host == "" {
		return nil, errors.New("not in a cluster: KUBERNETES_SERVICE_HOST is not set")
	}
	ca, err := os.ReadFile(serviceAccount + "/ca.crt")
	if err != nil {
		return nil, err
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(ca) {
		return nil, errors.New("no certificate in " + serviceAccount + "/ca.crt")
	}
	if namespace == "" {
		ns, err := os.ReadFile(serviceAccount + "/namespace")
		if err != nil {
			return nil, err
		}
		namespace = strings.TrimSpace(string(ns))
	}
	return &KubeLeases{
		URL:       "https://" + net.JoinHostPort(host, port) + "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases",
		Name:      name,
		Namespace: namespace,
		TokenFile: serviceAccount + "/token",
		HTTP:      &http.Client{Timeout: timeout, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}},
	}, nil
}

func (k *KubeLeases) Get() (*Lease, error) {
	status, body, err := k.do(http.MethodGet, k.URL+"/"+k.Name, nil)
	switch {
	case err != nil:
		return nil, err
	case status == http.StatusNotFound:
		return nil, nil
	case status != http.StatusOK:
		return nil, fmt.Errorf("GET lease: %d %s", status, body)
	}
	var lease Lease
	return &lease, json.Unmarshal(body, &lease)
}

func (k *KubeLeases) Create(lease Lease) error {
	lease.Metadata, _ = json.Marshal(map[string]string{"name": k.Name, "namespace": k.Namespace})
	return k.write(http.MethodPost, k.URL, lease, http.StatusCreated)
}

// Update sends the Lease back with the resourceVersion it was read with: the API server refuses it
// (409) when someone wrote the Lease in between.
func (k *KubeLeases) Update(lease Lease) error {
	return k.write(http.MethodPut, k.URL+"/"+k.Name, lease, http.StatusOK)
}

func (k *KubeLeases) write(method, url string, lease Lease, want int) error {
	status, body, err := k.do(method, url, lease)
	switch {
	case err != nil:
		return err
	case status == http.StatusConflict:
		return ErrConflict
	case status != want:
		return fmt.Errorf("%s lease: %d %s", method, status, body)
	}
	return nil
}

func (k *KubeLeases) do(method, url string, payload any) (int, []byte, error) {
	var body io.Reader
	if payload != nil {
		data, err := json.Marshal(payload)
		if err != nil {
			return 0, nil, err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return 0, nil, err
	}
	// Read the token on every request: projected service account tokens are rotated.
	token, err := os.ReadFile(k.TokenFile)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	res, err := k.HTTP.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	return res.StatusCode, data, err
}
