// gocmd-remote: the HTTP client of GOCMD_REMOTE_CACHE (see src/cache/remote.ts), a small process so that the
// requests' socket reads, hashing and file writes cost gocmd's node process nothing but one JSON line each.
//
// Protocol, JSON lines both ways. The first line on stdin is the configuration (headers such as the
// credentials, the silence timeout, connections, the temp-file mark); each later line is a request with an id,
// answered by one reply line with that id, in any order, many in flight. Requests:
//
//	GET url              status (a 200 body is read, hashed and dropped)
//	PUT url              body from bodyPath (a file) or bodyB64; status
//	FETCH url            the AC entry at url, then the CAS body it names (casBase+sha256) streamed into a temp
//	                     file in dir, its sha256 and size checked, renamed into place and the action's index
//	                     entry written; the reply's stage says how far it got ("ac", "cas", "adopt", "done").
//
// A fault is a reply with error set; the helper never decides what a fault means for the build.
// It exits when stdin closes.
package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type config struct {
	Headers   map[string]string `json:"headers"`
	TimeoutMs int               `json:"timeoutMs"`
	MaxConns  int               `json:"maxConns"`
	TempMark  string            `json:"tempMark"`
	// ReadOnly refuses PUTs here too (gocmd sends none then): a pull-request build never writes.
	ReadOnly bool `json:"readOnly"`
	// ExtraCAs are PEM certificates trusted besides the system's roots (gocmd reads SSL_CERT_FILE,
	// SSL_CERT_DIR and NODE_EXTRA_CA_CERTS into them, as its worker-thread client does).
	ExtraCAs []string `json:"extraCAs,omitempty"`
}

type request struct {
	ID        int64  `json:"id"`
	Method    string `json:"method"`
	URL       string `json:"url"`
	CasBase   string `json:"casBase,omitempty"`
	Dir       string `json:"dir,omitempty"`
	ActionHex string `json:"actionHex,omitempty"`
	MaxSize   int64  `json:"maxSize,omitempty"`
	MaxBytes  int64  `json:"maxBytes"`
	BodyPath  string `json:"bodyPath,omitempty"`
	BodyB64   string `json:"bodyB64,omitempty"`
}

type reply struct {
	ID       int64  `json:"id"`
	Status   int    `json:"status,omitempty"`
	Error    string `json:"error,omitempty"`
	Stage    string `json:"stage,omitempty"`
	Hash     string `json:"hash,omitempty"`
	Mismatch bool   `json:"mismatch,omitempty"`
	Size     *int64 `json:"size,omitempty"`
}

const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

var (
	cfg     config
	client  *http.Client
	timeout time.Duration
	tmpSeq  atomic.Int64
	pid     = strconv.Itoa(os.Getpid())
	outMu   sync.Mutex
	out     = bufio.NewWriterSize(os.Stdout, 64<<10) // replies; a test points it elsewhere
)

func main() {
	if err := run(os.Stdin); err != nil {
		fmt.Fprintf(os.Stderr, "gocmd-remote: %v\n", err)
		os.Exit(2)
	}
}

// run reads the configuration line, then serves each request line on its own goroutine until stdin ends.
func run(stdin io.Reader) error {
	in := bufio.NewReaderSize(stdin, 256<<10)
	first, err := in.ReadBytes('\n')
	if err != nil || json.Unmarshal(first, &cfg) != nil {
		return errors.New("want a configuration line on stdin")
	}
	setup()
	for {
		line, err := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var r request
			if jerr := json.Unmarshal(line, &r); jerr != nil {
				return fmt.Errorf("bad request line: %v", jerr)
			}
			go serve(r)
		}
		if err != nil {
			break
		}
	}
	// stdin closed: gocmd is done (or gone); requests still running are abandoned, as the worker's were.
	return nil
}

// setup makes the client cfg asks for, after defaults for what it leaves out.
func setup() {
	if cfg.TimeoutMs <= 0 {
		cfg.TimeoutMs = 5000
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 32
	}
	timeout = time.Duration(cfg.TimeoutMs) * time.Millisecond
	tlsConfig := &tls.Config{}
	if len(cfg.ExtraCAs) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		for _, pem := range cfg.ExtraCAs {
			pool.AppendCertsFromPEM([]byte(pem))
		}
		tlsConfig.RootCAs = pool
	}
	tr := &http.Transport{
		// As node's agent: no proxy from the environment.
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        cfg.MaxConns,
		MaxIdleConnsPerHost: cfg.MaxConns,
		MaxConnsPerHost:     cfg.MaxConns,
		IdleConnTimeout:     90 * time.Second,
		TLSClientConfig:     tlsConfig,
		ForceAttemptHTTP2:   false,
		DisableCompression:  true,
	}
	client = &http.Client{Transport: tr}
}

func emit(r reply) {
	b, _ := json.Marshal(r)
	outMu.Lock()
	out.Write(b)
	out.WriteByte('\n')
	out.Flush()
	outMu.Unlock()
}

func serve(r request) {
	switch r.Method {
	case "FETCH":
		emit(fetch(r))
	case "PUT":
		if cfg.ReadOnly {
			emit(reply{ID: r.ID, Error: "read-only: PUT refused"})
			return
		}
		fallthrough
	case "GET":
		res := do(r, "")
		rep := reply{ID: r.ID, Status: res.status, Error: res.err}
		emit(rep)
	default:
		emit(reply{ID: r.ID, Error: "unknown method " + r.Method})
	}
}

// result is one HTTP exchange: the status, or err; for a 200 GET the body's sha256 and size (and the body
// itself unless it went to a file).
type result struct {
	status int
	err    string
	sha256 string
	size   int64
	body   []byte
}

// watchdog cancels a request that has been silent (nothing sent or received) for the timeout.
type watchdog struct {
	t     *time.Timer
	fired atomic.Bool
}

func newWatchdog(cancel func()) *watchdog {
	w := &watchdog{}
	w.t = time.AfterFunc(timeout, func() { w.fired.Store(true); cancel() })
	return w
}

func (w *watchdog) poke() { w.t.Reset(timeout) }

// progressReader pokes the watchdog at each read that moved bytes.
type progressReader struct {
	r io.Reader
	w *watchdog
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.w.poke()
	}
	return n, err
}

// do makes one request; with toFile set a 200 GET body is streamed into that new file (removed on failure).
func do(r request, toFile string) result {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wd := newWatchdog(cancel)
	defer wd.t.Stop()
	fault := func(err error) result {
		// The warning names the request already: keep the cause, not net/http's "Get \"URL\": " wrapping.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if wd.fired.Load() {
			return result{err: fmt.Sprintf("no answer within %dms", cfg.TimeoutMs)}
		}
		return result{err: err.Error()}
	}
	var body io.Reader
	var length int64 = -1
	switch {
	case r.BodyPath != "":
		f, err := os.Open(r.BodyPath)
		if err != nil {
			return result{err: err.Error()}
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return result{err: err.Error()}
		}
		body, length = f, st.Size()
	case r.Method == "PUT":
		b, err := base64.StdEncoding.DecodeString(r.BodyB64)
		if err != nil {
			return result{err: err.Error()}
		}
		body, length = strings.NewReader(string(b)), int64(len(b))
	}
	if body != nil {
		body = &progressReader{body, wd}
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return result{err: "bad URL " + r.URL}
	}
	if length >= 0 {
		req.ContentLength = length
		if length == 0 {
			req.Body = http.NoBody
		}
	}
	for k, v := range cfg.Headers {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		return fault(err)
	}
	defer res.Body.Close()
	wd.poke()
	rb := &progressReader{res.Body, wd}
	if r.Method != "GET" || res.StatusCode != 200 {
		if _, err := io.Copy(io.Discard, rb); err != nil {
			return fault(fmt.Errorf("reading %s: %v", r.URL, err))
		}
		return result{status: res.StatusCode}
	}
	if res.ContentLength > r.MaxBytes {
		return result{status: res.StatusCode, err: "too large"}
	}
	h := sha256.New()
	var w io.Writer = h
	var f *os.File
	if toFile != "" {
		f, err = createIn(toFile)
		if err != nil {
			return result{err: err.Error()}
		}
		w = io.MultiWriter(h, f)
	} else {
		bw := &memWriter{}
		w = io.MultiWriter(h, bw)
		n, err := io.Copy(w, io.LimitReader(rb, r.MaxBytes+1))
		if err != nil {
			return fault(fmt.Errorf("reading %s: %v", r.URL, cutText(err)))
		}
		if n > r.MaxBytes {
			return result{status: res.StatusCode, err: "too large"}
		}
		return result{status: res.StatusCode, sha256: hex.EncodeToString(h.Sum(nil)), size: n, body: bw.b}
	}
	n, err := io.Copy(w, io.LimitReader(rb, r.MaxBytes+1))
	cerr := f.Close()
	if err != nil {
		os.Remove(toFile)
		return fault(fmt.Errorf("reading %s: %v", r.URL, cutText(err)))
	}
	if n > r.MaxBytes {
		os.Remove(toFile)
		return result{status: res.StatusCode, err: "too large"}
	}
	if cerr != nil {
		os.Remove(toFile)
		return result{err: cerr.Error()}
	}
	return result{status: res.StatusCode, sha256: hex.EncodeToString(h.Sum(nil)), size: n}
}

type memWriter struct{ b []byte }

func (m *memWriter) Write(p []byte) (int, error) { m.b = append(m.b, p...); return len(p), nil }

func cutText(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "body cut short"
	}
	return err.Error()
}

// createIn creates file, making its cache subdirectory if it does not exist yet (the cache makes them lazily).
func createIn(file string) (*os.File, error) {
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(file), 0o777); err != nil {
			return nil, err
		}
		f, err = os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o666)
	}
	return f, err
}

func ok(r result) bool { return r.err == "" && r.status >= 200 && r.status < 300 }

func fetch(r request) reply {
	ac := do(request{ID: r.ID, Method: "GET", URL: r.URL, MaxBytes: 1 << 16}, "")
	if !ok(ac) {
		return reply{ID: r.ID, Stage: "ac", Status: ac.status, Error: ac.err}
	}
	hash, size, good := decodeActionResult(ac.body)
	// An entry in some other format (not ours, or damaged) is a miss, not a fault.
	if !good || size > r.MaxSize || (size == 0 && hash != emptySHA256) {
		return reply{ID: r.ID, Stage: "ac", Status: ac.status}
	}
	tmp := filepath.Join(r.Dir, hash[:2], hash+"-d"+cfg.TempMark+pid+"-r"+strconv.FormatInt(tmpSeq.Add(1), 10))
	if size == 0 {
		f, err := createIn(tmp)
		if err != nil {
			return reply{ID: r.ID, Stage: "adopt", Status: 200}
		}
		f.Close()
	} else {
		cas := do(request{ID: r.ID, Method: "GET", URL: r.CasBase + hash, MaxBytes: size}, tmp)
		if !ok(cas) {
			os.Remove(tmp)
			return reply{ID: r.ID, Stage: "cas", Hash: hash, Status: cas.status, Error: cas.err}
		}
		if cas.sha256 != hash || cas.size != size {
			os.Remove(tmp)
			n := cas.size
			return reply{ID: r.ID, Stage: "cas", Hash: hash, Status: cas.status, Mismatch: true, Size: &n}
		}
	}
	if err := adopt(r, hash, size, tmp); err != nil {
		os.Remove(tmp)
		return reply{ID: r.ID, Stage: "adopt", Status: 200}
	}
	return reply{ID: r.ID, Stage: "done", Status: 200, Hash: hash, Size: &size}
}

// adopt moves the checked body into place (unless an equal one is there) and writes the action's index entry,
// as Cache.adoptOutput does.
func adopt(r request, hash string, size int64, tmp string) error {
	name := filepath.Join(r.Dir, hash[:2], hash+"-d")
	if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() && st.Size() == size {
		os.Remove(tmp)
	} else if err := os.Rename(tmp, name); err != nil {
		return err
	}
	now := time.Now().UnixMicro() * 1000
	entry := fmt.Sprintf("v1 %s %s %20d %20d\n", r.ActionHex, hash, size, now)
	file := filepath.Join(r.Dir, r.ActionHex[:2], r.ActionHex+"-a")
	etmp := file + cfg.TempMark + pid + "-w" + strconv.FormatInt(tmpSeq.Add(1), 10)
	f, err := os.OpenFile(etmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(etmp), 0o777); err != nil {
			return err
		}
		f, err = os.OpenFile(etmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	}
	if err != nil {
		return err
	}
	_, werr := f.WriteString(entry)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(etmp, file)
	}
	if werr != nil {
		os.Remove(etmp)
	}
	return werr
}
