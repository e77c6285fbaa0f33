// Tests of gocmd-remote's request handling against loopback servers (net/http/httptest): run from
// test/integration/remotehelper.test.ts through gocmd's own `go test`.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// harness runs the helper's loop on pipes, as gocmd does over the child's stdin and stdout.
type harness struct {
	t       *testing.T
	in      *io.PipeWriter
	replies chan reply
	seq     int64
}

func start(t *testing.T, c config) *harness {
	t.Helper()
	pr, pw := io.Pipe()
	rr, rw := io.Pipe()
	outMu.Lock()
	out = bufio.NewWriter(rw)
	outMu.Unlock()
	h := &harness{t: t, in: pw, replies: make(chan reply, 256)}
	go func() {
		sc := bufio.NewScanner(rr)
		for sc.Scan() {
			var r reply
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Errorf("reply line %q: %v", sc.Text(), err)
				continue
			}
			h.replies <- r
		}
	}()
	done := make(chan error, 1)
	go func() { done <- run(pr) }()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	pw.Write(append(b, '\n'))
	t.Cleanup(func() {
		pw.Close()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
		rw.Close()
	})
	return h
}

// send writes one request line and returns its id.
func (h *harness) send(r request) int64 {
	h.seq++
	r.ID = h.seq
	b, _ := json.Marshal(r)
	if _, err := h.in.Write(append(b, '\n')); err != nil {
		h.t.Fatal(err)
	}
	return r.ID
}

// wait returns the next reply, failing the test after d.
func (h *harness) wait(d time.Duration) reply {
	h.t.Helper()
	select {
	case r := <-h.replies:
		return r
	case <-time.After(d):
		h.t.Fatalf("no reply within %v", d)
		return reply{}
	}
}

// store is a Bazel-layout HTTP cache in memory; fault, when set, may answer a request instead.
type store struct {
	mu    sync.Mutex
	m     map[string][]byte
	auth  []string
	puts  int
	fault func(w http.ResponseWriter, r *http.Request, body []byte) bool
}

func (s *store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.auth = append(s.auth, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
	fault := s.fault
	s.mu.Unlock()
	if r.Method == "PUT" {
		b, err := io.ReadAll(r.Body)
		if err != nil || r.ContentLength != int64(len(b)) {
			w.WriteHeader(400)
			return
		}
		s.mu.Lock()
		s.m[r.URL.Path] = b
		s.puts++
		s.mu.Unlock()
		w.WriteHeader(201)
		return
	}
	s.mu.Lock()
	b, ok := s.m[r.URL.Path]
	s.mu.Unlock()
	if fault != nil && fault(w, r, b) {
		return
	}
	if !ok {
		w.WriteHeader(404)
		return
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	w.Write(b)
}

// encodeAC is a Bazel ActionResult with one output file of that digest, as gocmd uploads it.
func encodeAC(hash string, size int64) []byte {
	field := func(num int, b []byte) []byte {
		out := binary.AppendUvarint([]byte{byte(num<<3 | 2)}, uint64(len(b)))
		return append(out, b...)
	}
	digest := field(1, []byte(hash))
	if size > 0 {
		digest = binary.AppendUvarint(append(digest, 2<<3), uint64(size))
	}
	file := append(field(1, []byte("output")), field(2, digest)...)
	return field(2, file)
}

// newStore serves an action whose output is body; it returns the store, its server and the action's hex ID.
func newStore(t *testing.T, body []byte) (*store, *httptest.Server, string) {
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	action := strings.Repeat("ab", 32)
	s := &store{m: map[string][]byte{"/ac/" + action: encodeAC(hash, int64(len(body))), "/cas/" + hash: body}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv, action
}

func fetchReq(srv *httptest.Server, dir, action string) request {
	return request{Method: "FETCH", URL: srv.URL + "/ac/" + action, CasBase: srv.URL + "/cas/", Dir: dir, ActionHex: action, MaxSize: 1 << 20, MaxBytes: 1 << 16}
}

// files lists the regular files under dir, relative to it.
func files(t *testing.T, dir string) []string {
	var names []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, rel)
		}
		return nil
	})
	return names
}

func TestEncodeACMatchesDecoder(t *testing.T) {
	hash := strings.Repeat("0f", 32)
	got, size, ok := decodeActionResult(encodeAC(hash, 12345))
	if !ok || got != hash || size != 12345 {
		t.Fatalf("decode(encode) = %q %d %v", got, size, ok)
	}
}

func TestFetchHitWritesBodyAndEntryWithCredentials(t *testing.T) {
	body := []byte("compiled archive bytes")
	s, srv, action := newStore(t, body)
	dir := t.TempDir()
	h := start(t, config{Headers: map[string]string{"Authorization": "Basic dTpw"}, TimeoutMs: 2000, TempMark: ".tmp-"})
	id := h.send(fetchReq(srv, dir, action))
	r := h.wait(5 * time.Second)
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	if r.ID != id || r.Stage != "done" || r.Error != "" || r.Hash != hash || r.Size == nil || *r.Size != int64(len(body)) {
		t.Fatalf("reply %+v", r)
	}
	got, err := os.ReadFile(filepath.Join(dir, hash[:2], hash+"-d"))
	if err != nil || string(got) != string(body) {
		t.Fatalf("output file: %q %v", got, err)
	}
	entry, err := os.ReadFile(filepath.Join(dir, action[:2], action+"-a"))
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(entry))
	if len(f) != 5 || f[0] != "v1" || f[1] != action || f[2] != hash || f[3] != fmt.Sprint(len(body)) {
		t.Fatalf("entry %q", entry)
	}
	if n := len(files(t, dir)); n != 2 {
		t.Fatalf("files left: %v", files(t, dir))
	}
	// The configured header goes with the AC and the CAS request alike.
	for _, a := range s.auth {
		if !strings.HasSuffix(a, " Basic dTpw") {
			t.Errorf("request without credentials: %s", a)
		}
	}
	if len(s.auth) != 2 {
		t.Errorf("requests: %v", s.auth)
	}
}

func TestFetchMissAndRefusedCredentials(t *testing.T) {
	s, srv, _ := newStore(t, []byte("x"))
	dir := t.TempDir()
	h := start(t, config{TimeoutMs: 2000, TempMark: ".tmp-"})
	h.send(fetchReq(srv, dir, strings.Repeat("cd", 32)))
	if r := h.wait(5 * time.Second); r.Stage != "ac" || r.Status != 404 || r.Error != "" {
		t.Fatalf("miss: %+v", r)
	}
	s.fault = func(w http.ResponseWriter, r *http.Request, _ []byte) bool { w.WriteHeader(401); return true }
	h.send(fetchReq(srv, dir, strings.Repeat("ab", 32)))
	if r := h.wait(5 * time.Second); r.Stage != "ac" || r.Status != 401 {
		t.Fatalf("401: %+v", r)
	}
	if fs := files(t, dir); len(fs) != 0 {
		t.Fatalf("files written: %v", fs)
	}
}

// The CAS body is checked while it streams: nothing of a wrong body stays in the cache directory.
func TestFetchChecksSHA256AndSize(t *testing.T) {
	body := []byte(strings.Repeat("package data ", 100))
	cases := []struct {
		name  string
		fault func(w http.ResponseWriter, r *http.Request, b []byte) bool
		check func(r reply) bool
	}{
		{"corrupt", func(w http.ResponseWriter, r *http.Request, b []byte) bool {
			c := append([]byte(nil), b...)
			c[len(c)/2] ^= 0xff
			w.Write(c)
			return true
		}, func(r reply) bool { return r.Mismatch && r.Size != nil && *r.Size == int64(len(body)) }},
		{"truncated", func(w http.ResponseWriter, r *http.Request, b []byte) bool {
			w.Write(b[:len(b)-7])
			return true
		}, func(r reply) bool { return r.Mismatch && r.Size != nil && *r.Size == int64(len(body)-7) }},
		{"longer, with its length", func(w http.ResponseWriter, r *http.Request, b []byte) bool {
			w.Header().Set("Content-Length", fmt.Sprint(len(b)+5))
			w.Write(append(append([]byte(nil), b...), "extra"...))
			return true
		}, func(r reply) bool { return r.Error == "too large" }},
		{"longer, chunked", func(w http.ResponseWriter, r *http.Request, b []byte) bool {
			w.Write(b)
			w.(http.Flusher).Flush()
			w.Write([]byte("extra"))
			return true
		}, func(r reply) bool { return r.Error == "too large" }},
		{"cut mid-body", func(w http.ResponseWriter, r *http.Request, b []byte) bool {
			conn, bw, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return false
			}
			fmt.Fprintf(bw, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", len(b))
			bw.Write(b[:len(b)/2])
			bw.Flush()
			conn.Close()
			return true
		}, func(r reply) bool { return strings.Contains(r.Error, "body cut short") }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, srv, action := newStore(t, body)
			s.fault = func(w http.ResponseWriter, r *http.Request, b []byte) bool {
				return strings.HasPrefix(r.URL.Path, "/cas/") && c.fault(w, r, b)
			}
			dir := t.TempDir()
			h := start(t, config{TimeoutMs: 2000, TempMark: ".tmp-"})
			h.send(fetchReq(srv, dir, action))
			r := h.wait(5 * time.Second)
			if r.Stage != "cas" || !c.check(r) {
				t.Fatalf("reply %+v", r)
			}
			if fs := files(t, dir); len(fs) != 0 {
				t.Fatalf("files left: %v", fs)
			}
		})
	}
}

// The watchdog ends a request that is silent for the timeout, but not one that is slow and moving.
func TestWatchdog(t *testing.T) {
	body := []byte(strings.Repeat("z", 5000))
	s, srv, action := newStore(t, body)
	release := make(chan struct{})
	defer close(release)
	s.fault = func(w http.ResponseWriter, r *http.Request, b []byte) bool {
		if !strings.HasPrefix(r.URL.Path, "/ac/") {
			return false
		}
		<-release
		return true
	}
	dir := t.TempDir()
	h := start(t, config{TimeoutMs: 300, TempMark: ".tmp-"})
	t0 := time.Now()
	h.send(fetchReq(srv, dir, action))
	r := h.wait(5 * time.Second)
	if r.Stage != "ac" || r.Error != "no answer within 300ms" {
		t.Fatalf("hang: %+v", r)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Fatalf("hang given up after %v", d)
	}

	s.fault = func(w http.ResponseWriter, r *http.Request, b []byte) bool {
		if !strings.HasPrefix(r.URL.Path, "/cas/") {
			return false
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		for i := 0; i < 5; i++ {
			w.Write(b[i*1000 : (i+1)*1000])
			w.(http.Flusher).Flush()
			time.Sleep(150 * time.Millisecond)
		}
		return true
	}
	t0 = time.Now()
	h.send(fetchReq(srv, dir, action))
	r = h.wait(10 * time.Second)
	if r.Stage != "done" {
		t.Fatalf("trickle: %+v", r)
	}
	if d := time.Since(t0); d < 600*time.Millisecond {
		t.Fatalf("trickle took only %v: the test did not outlast the timeout", d)
	}
}

// Requests are served at once, not one after another: the server answers only when all of them are in.
func TestManyInFlight(t *testing.T) {
	const n = 16
	var mu sync.Mutex
	arrived := 0
	all := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrived++
		if arrived == n {
			close(all)
		}
		mu.Unlock()
		select {
		case <-all:
			w.Write([]byte("ok"))
		case <-time.After(5 * time.Second):
			w.WriteHeader(503)
		}
	}))
	defer srv.Close()
	h := start(t, config{TimeoutMs: 10000, MaxConns: 32, TempMark: ".tmp-"})
	ids := map[int64]bool{}
	for i := 0; i < n; i++ {
		ids[h.send(request{Method: "GET", URL: fmt.Sprintf("%s/cas/%d", srv.URL, i), MaxBytes: 100})] = true
	}
	for i := 0; i < n; i++ {
		r := h.wait(10 * time.Second)
		if !ids[r.ID] || r.Status != 200 || r.Error != "" {
			t.Fatalf("reply %+v", r)
		}
		delete(ids, r.ID)
	}
}

func TestPutBodies(t *testing.T) {
	s, srv, _ := newStore(t, nil)
	file := filepath.Join(t.TempDir(), "out")
	os.WriteFile(file, []byte("from a file"), 0o666)
	h := start(t, config{Headers: map[string]string{"x-api-key": "k1"}, TimeoutMs: 2000, TempMark: ".tmp-"})
	h.send(request{Method: "PUT", URL: srv.URL + "/cas/f", BodyPath: file})
	h.send(request{Method: "PUT", URL: srv.URL + "/ac/b", BodyB64: base64.StdEncoding.EncodeToString([]byte("inline"))})
	h.send(request{Method: "PUT", URL: srv.URL + "/ac/e", BodyB64: ""})
	for i := 0; i < 3; i++ {
		if r := h.wait(5 * time.Second); r.Status != 201 || r.Error != "" {
			t.Fatalf("put: %+v", r)
		}
	}
	if string(s.m["/cas/f"]) != "from a file" || string(s.m["/ac/b"]) != "inline" || len(s.m["/ac/e"]) != 0 {
		t.Fatalf("stored %q", s.m)
	}
	h.send(request{Method: "PUT", URL: srv.URL + "/cas/g", BodyPath: filepath.Join(t.TempDir(), "missing")})
	if r := h.wait(5 * time.Second); r.Error == "" {
		t.Fatalf("missing body file: %+v", r)
	}
}

func TestReadOnlyRefusesPut(t *testing.T) {
	s, srv, action := newStore(t, []byte("shared"))
	h := start(t, config{TimeoutMs: 2000, TempMark: ".tmp-", ReadOnly: true})
	h.send(request{Method: "PUT", URL: srv.URL + "/ac/x", BodyB64: base64.StdEncoding.EncodeToString([]byte("no"))})
	if r := h.wait(5 * time.Second); !strings.Contains(r.Error, "read-only") {
		t.Fatalf("put: %+v", r)
	}
	// Lookups still work.
	h.send(fetchReq(srv, t.TempDir(), action))
	if r := h.wait(5 * time.Second); r.Stage != "done" {
		t.Fatalf("fetch: %+v", r)
	}
	if s.puts != 0 {
		t.Fatalf("%d PUTs reached the server", s.puts)
	}
}

// An https cache with a private CA: trusted when the CA comes in extraCAs, a fault (not a crash) when not.
func TestTLSWithExtraCA(t *testing.T) {
	body := []byte("over tls")
	s, plain, action := newStore(t, body)
	plain.Close()
	srv := httptest.NewTLSServer(s)
	defer srv.Close()
	caPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))

	h := start(t, config{TimeoutMs: 2000, TempMark: ".tmp-"})
	h.send(fetchReq(srv, t.TempDir(), action))
	if r := h.wait(5 * time.Second); r.Stage != "ac" || !strings.Contains(r.Error, "certificate") {
		t.Fatalf("untrusted: %+v", r)
	}

	h2 := start(t, config{TimeoutMs: 2000, TempMark: ".tmp-", ExtraCAs: []string{caPEM}})
	h2.send(fetchReq(srv, t.TempDir(), action))
	if r := h2.wait(5 * time.Second); r.Stage != "done" || r.Hash == "" {
		t.Fatalf("trusted: %+v", r)
	}
}

func TestBadInput(t *testing.T) {
	if err := run(strings.NewReader("not json\n")); err == nil {
		t.Error("a bad configuration line was accepted")
	}
	if err := run(strings.NewReader("{}\n{bad\n")); err == nil || !strings.Contains(err.Error(), "bad request line") {
		t.Errorf("bad request line: %v", err)
	}
	h := start(t, config{TimeoutMs: 2000})
	h.send(request{Method: "DELETE", URL: "http://127.0.0.1:9/"})
	if r := h.wait(5 * time.Second); !strings.Contains(r.Error, "unknown method") {
		t.Fatalf("reply %+v", r)
	}
}
