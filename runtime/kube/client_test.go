package kube

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// apiServer is a TLS server that accepts one bearer token at a time (the one the test last issued), the way
// kube-apiserver stops accepting a projected token after it expires.
type apiServer struct {
	*httptest.Server
	mu    sync.Mutex
	valid string
	seen  []string // Authorization headers, in order
}

func newAPIServer(t *testing.T, valid string) *apiServer {
	a := &apiServer{valid: valid}
	a.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.seen = append(a.seen, r.Header.Get("Authorization"))
		ok := r.Header.Get("Authorization") == "Bearer "+a.valid
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case !ok:
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"kind":"Status","status":"Failure","message":"Unauthorized","code":401}`))
		case r.URL.Path == "/apis/coordination.k8s.io/v1/namespaces/ns/leases/missing":
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"kind":"Status","message":"leases.coordination.k8s.io \"missing\" not found","code":404}`))
		case r.Method == http.MethodPut:
			w.WriteHeader(http.StatusConflict)
			_, _ = w.Write([]byte(`{"kind":"Status","message":"the object has been modified","code":409}`))
		case r.Method == http.MethodPost:
			var in map[string]any
			if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&in) != nil {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			in["metadata"].(map[string]any)["resourceVersion"] = "7"
			w.WriteHeader(http.StatusCreated)
			_ = json.NewEncoder(w).Encode(in)
		case r.URL.Path == "/plain":
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte("forbidden by a proxy"))
		default:
			_, _ = w.Write([]byte(`{"metadata":{"name":"` + strings.TrimPrefix(r.URL.Path, "/") + `"}}`))
		}
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *apiServer) rotate(token string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.valid = token
}

// serviceAccount writes what the kubelet mounts: the CA that signed the server's certificate, and a token.
func serviceAccount(t *testing.T, a *apiServer, token string) string {
	dir := t.TempDir()
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: a.Certificate().Raw})
	if err := os.WriteFile(filepath.Join(dir, "ca.crt"), ca, 0o600); err != nil {
		t.Fatal(err)
	}
	writeToken(t, dir, token)
	return dir
}

// writeToken replaces the token the way the kubelet's atomic writer does: a new file renamed over the old one.
func writeToken(t *testing.T, dir, token string) {
	tmp := filepath.Join(dir, ".token.tmp")
	if err := os.WriteFile(tmp, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "token")); err != nil {
		t.Fatal(err)
	}
}

type named struct {
	Metadata map[string]any `json:"metadata"`
}

func TestTrustsTheServerThroughTheMountedCAAndSendsTheToken(t *testing.T) {
	a := newAPIServer(t, "token-1")
	c, err := FromServiceAccount(serviceAccount(t, a, "token-1"), a.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var got named
	if err := c.Do(context.Background(), http.MethodGet, "/api/v1/namespaces", nil, &got); err != nil {
		t.Fatal(err)
	}
	if got.Metadata["name"] != "api/v1/namespaces" || a.seen[0] != "Bearer token-1" {
		t.Fatalf("answer %v, headers %v", got, a.seen)
	}
	var created named
	if err := c.Do(context.Background(), http.MethodPost, "/apis/x", map[string]any{"metadata": map[string]any{"name": "l"}}, &created); err != nil {
		t.Fatal(err)
	}
	if created.Metadata["resourceVersion"] != "7" || created.Metadata["name"] != "l" {
		t.Fatalf("created %v", created)
	}
}

func TestARotatedTokenIsUsedFromTheNextRequestOn(t *testing.T) {
	a := newAPIServer(t, "token-1")
	dir := serviceAccount(t, a, "token-1")
	c, err := FromServiceAccount(dir, a.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Do(context.Background(), http.MethodGet, "/a", nil, nil); err != nil {
		t.Fatal(err)
	}
	// The old token expires and the kubelet writes a new one: the same client goes on without a restart.
	a.rotate("token-2")
	writeToken(t, dir, "token-2")
	if err := c.Do(context.Background(), http.MethodGet, "/b", nil, nil); err != nil {
		t.Fatalf("after rotation: %v", err)
	}
	if strings.Join(a.seen, ",") != "Bearer token-1,Bearer token-2" {
		t.Fatalf("headers %v", a.seen)
	}
}

func TestTheAPIServersAnswersAreTypedErrorsWithTheirMessage(t *testing.T) {
	a := newAPIServer(t, "token-1")
	dir := serviceAccount(t, a, "token-1")
	c, err := FromServiceAccount(dir, a.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	err = c.Do(ctx, http.MethodGet, "/apis/coordination.k8s.io/v1/namespaces/ns/leases/missing", nil, nil)
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), `404 Not Found: leases.coordination.k8s.io "missing" not found`) {
		t.Fatalf("404: %v", err)
	}
	if err = c.Do(ctx, http.MethodPut, "/apis/x/l", map[string]any{}, nil); !errors.Is(err, ErrConflict) || err.Error() != "PUT /apis/x/l: 409 Conflict: the object has been modified" {
		t.Fatalf("409: %v", err)
	}
	if err = c.Do(ctx, http.MethodGet, "/plain", nil, nil); err == nil || err.Error() != "GET /plain: 403 Forbidden: forbidden by a proxy" {
		t.Fatalf("403: %v", err)
	}
	writeToken(t, dir, "stale")
	var status *StatusError
	if err = c.Do(ctx, http.MethodGet, "/a", nil, nil); !errors.As(err, &status) || status.Code != 401 || err.Error() != "GET /a: 401 Unauthorized: Unauthorized" {
		t.Fatalf("401: %v", err)
	}
	_ = os.Remove(filepath.Join(dir, "token"))
	if err = c.Do(ctx, http.MethodGet, "/a", nil, nil); err == nil || !strings.Contains(err.Error(), "reading the service account token") {
		t.Fatalf("no token: %v", err)
	}
}

func TestAServerTheMountedCADidNotSignIsRefused(t *testing.T) {
	a := newAPIServer(t, "token-1")
	dir := serviceAccount(t, a, "token-1")
	// Another CA (httptest's servers all share one certificate, so make a new one).
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "other-ca"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(dir, "ca.crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	c, err := FromServiceAccount(dir, a.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Do(context.Background(), http.MethodGet, "/a", nil, nil); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("got %v", err)
	}
	if len(a.seen) != 0 {
		t.Fatalf("the token reached a server the CA does not vouch for: %v", a.seen)
	}
}

func TestAMissingOrBrokenServiceAccountSaysWhatIsWrong(t *testing.T) {
	a := newAPIServer(t, "token-1")
	dir := serviceAccount(t, a, "token-1")
	_ = os.Remove(filepath.Join(dir, "token"))
	if _, err := FromServiceAccount(dir, a.URL, time.Second); err == nil || !strings.Contains(err.Error(), "reading the service account token") {
		t.Fatalf("no token: %v", err)
	}
	writeToken(t, dir, "  ")
	if _, err := FromServiceAccount(dir, a.URL, time.Second); err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Fatalf("empty token: %v", err)
	}
	_ = os.WriteFile(filepath.Join(dir, "ca.crt"), []byte("not pem"), 0o600)
	if _, err := FromServiceAccount(dir, a.URL, time.Second); err == nil || !strings.Contains(err.Error(), "holds no PEM certificate") {
		t.Fatalf("bad CA: %v", err)
	}
	if _, err := FromServiceAccount(t.TempDir(), a.URL, time.Second); err == nil || !strings.Contains(err.Error(), "automountServiceAccountToken") {
		t.Fatalf("nothing mounted: %v", err)
	}
	t.Setenv("KUBERNETES_SERVICE_HOST", "")
	if _, err := InCluster(time.Second); err == nil || !strings.Contains(err.Error(), "KUBERNETES_SERVICE_HOST") {
		t.Fatalf("outside a pod: %v", err)
	}
}
