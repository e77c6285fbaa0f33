// Command gocmd-client runs one gocmd command through the resident gocmd server (src/server). client.c is
// the same program in C, which starts in a fifth of the time; `npm run build` builds that one and this one
// only when no C compiler can.
//
// Started as bin/gocmd would start node (gocmd-client ARGS...), by bin/gocmd when GOCMD_SERVER=1, or
// directly through a link named go: it then does the launcher's work itself (node is $GOCMD_NODE or node
// on PATH; the bundle is beside this program's resolved path; GOCMD_EXE and NODE_EXTRA_CA_CERTS as
// bin/gocmd sets them). With GOCMD_SERVER=1 it forwards the command line, environment and working
// directory, relays stdin (for the commands that may hand it to a program they run), stdout and stderr,
// forwards SIGINT/SIGTERM/SIGHUP/SIGQUIT, and exits with the command's status. Otherwise, and whenever
// the server cannot be used safely (socket directory not private, the peer is another user, the server
// cannot be started, the server declines the request), it runs the command the plain way, by exec'ing
// node with the bundle, which is what bin/gocmd would have done.
//
// Frames, both directions: one type byte, a big-endian uint32 payload length, the payload.
//
//	client → server: 'H' header (JSON), 'I' stdin bytes, 'E' stdin closed, 'S' signal (1 byte: its number)
//	server → client: 'O' stdout bytes, 'R' stderr bytes, 'X' exit (JSON {"code":N,"sig":N}),
//	                 'A' accepted (the command is starting), 'F' declined before anything ran: run plain
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

type header struct {
	Argv  []string `json:"argv"`
	Env   []string `json:"env"`
	Cwd   string   `json:"cwd"`
	UID   int      `json:"uid"`
	Stdin bool     `json:"stdin"`
	// A terminal on stderr: the server draws the progress line there, as a plain run does on its own.
	StderrTerminal bool `json:"stderrTerminal,omitempty"`
	StdoutTerminal bool `json:"stdoutTerminal,omitempty"`
	Columns        int  `json:"columns,omitempty"`
}

type exitStatus struct {
	Code int `json:"code"`
	Sig  int `json:"sig"`
}

// errDeclined: the server refused the request before running anything.
var errDeclined = errors.New("declined")

func main() {
	runtime.GOMAXPROCS(1)
	args := os.Args[1:]
	self := startedAs(os.Args[0])
	// The bundle is beside this program, wherever the links it was started through lead.
	real, err := os.Executable()
	if err == nil {
		real, err = filepath.EvalSymlinks(real)
	}
	if err != nil {
		if real, err = filepath.EvalSymlinks(self); err != nil {
			fmt.Fprintf(os.Stderr, "gocmd: cannot find the directory of %s\n", self)
			os.Exit(2)
		}
	}
	launcher := filepath.Join(filepath.Dir(real), "gocmd.cjs")
	// What bin/gocmd does first (see there): the path gocmd was started by, and the CA file moved out of
	// node's sight.
	if os.Getenv("GOCMD_EXE") == "" {
		os.Setenv("GOCMD_EXE", self)
	}
	if ca := os.Getenv("NODE_EXTRA_CA_CERTS"); ca != "" {
		if _, set := os.LookupEnv("GOCMD_NODE_EXTRA_CA_CERTS"); !set {
			os.Setenv("GOCMD_NODE_EXTRA_CA_CERTS", ca)
			os.Unsetenv("NODE_EXTRA_CA_CERTS")
		}
	}
	node := os.Getenv("GOCMD_NODE")
	if node == "" {
		node = "node"
	}
	nodePath, err := exec.LookPath(node)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gocmd: exec %s: executable file not found in $PATH\n", node)
		os.Exit(127)
	}
	if os.Getenv("GOCMD_SERVER") != "1" || !wantServer(args) {
		plain(nodePath, node, launcher, args)
	}
	conn, err := connect(nodePath, launcher)
	if err != nil {
		debugf("plain run: %v", err)
		plain(nodePath, node, launcher, args)
	}
	debugf("connected")
	code, err := run(conn, args, forwardsStdin(args))
	if err == errDeclined {
		plain(nodePath, node, launcher, args)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gocmd: server: %v\n", err)
		os.Exit(2)
	}
	exit(code)
}

// startedAs is the path this program was started by, as a shell's $0 would be: argv[0], else found on PATH.
func startedAs(argv0 string) string {
	if strings.Contains(argv0, "/") {
		return argv0
	}
	if p, err := exec.LookPath(argv0); err == nil {
		return p
	}
	return argv0
}

var t0 = time.Now()

func debugf(format string, a ...any) {
	if os.Getenv("GOCMD_SERVER_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "gocmd-client: %.1fms: "+format+"\n", append([]any{float64(time.Since(t0).Microseconds()) / 1000}, a...)...)
	}
}

// plain runs the command as bin/gocmd would without the server.
func plain(path, node, launcher string, args []string) {
	argv := append([]string{node, launcher}, args...)
	err := syscall.Exec(path, argv, os.Environ())
	fmt.Fprintf(os.Stderr, "gocmd: exec %s: %v\n", node, err)
	os.Exit(127)
}

// command is the go subcommand named by args (the first word that is not a flag).
func command(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

// forwardsStdin: commands that may run a program with gocmd's stdin. Others never read it, and reading it
// for them would take input that belongs to whatever runs after gocmd.
func forwardsStdin(args []string) bool {
	switch command(args) {
	case "run", "test", "generate", "tool":
		return true
	}
	return false
}

// wantServer: a program run with a terminal must see the terminal itself (and get the terminal's
// signals), so those commands run plain when any of the standard files is a terminal.
func wantServer(args []string) bool {
	if !forwardsStdin(args) {
		return true
	}
	for fd := 0; fd <= 2; fd++ {
		if isTerminal(fd) {
			return false
		}
	}
	return true
}

// terminalColumns: the width of the terminal on fd, or 0 when it cannot be read.
func terminalColumns(fd int) int {
	var ws struct{ Row, Col, Xpixel, Ypixel uint16 }
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TIOCGWINSZ, uintptr(unsafePointer(&ws)))
	if e != 0 {
		return 0
	}
	return int(ws.Col)
}

func isTerminal(fd int) bool {
	var t syscall.Termios
	_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), syscall.TCGETS, uintptr(unsafePointer(&t)))
	return e == 0
}

// socketDir is the private directory holding the server's socket: $XDG_RUNTIME_DIR/gocmd, else
// $TMPDIR/gocmd-UID. It must be a directory (not a link) owned by this user with no group or other
// permissions; it is made so when missing.
func socketDir() (string, error) {
	uid := os.Getuid()
	var dir string
	if x := os.Getenv("XDG_RUNTIME_DIR"); x != "" && filepath.IsAbs(x) {
		dir = filepath.Join(x, "gocmd")
	} else {
		dir = filepath.Join(os.TempDir(), "gocmd-"+strconv.Itoa(uid))
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !os.IsExist(err) {
		return "", err
	}
	var st syscall.Stat_t
	if err := syscall.Lstat(dir, &st); err != nil {
		return "", err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFDIR {
		return "", fmt.Errorf("%s is not a directory", dir)
	}
	if int(st.Uid) != uid {
		return "", fmt.Errorf("%s is owned by uid %d", dir, st.Uid)
	}
	if st.Mode&0o077 != 0 {
		return "", fmt.Errorf("%s has mode %#o, want 0700", dir, st.Mode&0o777)
	}
	return dir, nil
}

// serverKey names the server for this launcher, node binary, bundle and node options: a changed bundle or
// node gets a new server (the old one notices and exits).
func serverKey(nodePath, launcher string) (string, error) {
	h := sha256.New()
	abs, err := filepath.Abs(launcher)
	if err != nil {
		return "", err
	}
	bundle := filepath.Join(filepath.Dir(abs), "gocmd-main.cjs")
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00", abs, nodePath, os.Getenv("NODE_OPTIONS"))
	for _, p := range []string{nodePath, abs, bundle} {
		var st syscall.Stat_t
		if err := syscall.Stat(p, &st); err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%d %d %d.%d\x00", st.Ino, st.Size, st.Mtim.Sec, st.Mtim.Nsec)
	}
	return hex.EncodeToString(h.Sum(nil))[:20], nil
}

// connect reaches the server, starting it when none answers.
func connect(nodePath, launcher string) (*net.UnixConn, error) {
	dir, err := socketDir()
	if err != nil {
		return nil, err
	}
	key, err := serverKey(nodePath, launcher)
	if err != nil {
		return nil, err
	}
	sock := filepath.Join(dir, "s-"+key+".sock")
	if c, err := dial(sock); err == nil {
		return c, nil
	}
	// One client starts the server; the others wait on the lock and then find it.
	lock, err := os.OpenFile(filepath.Join(dir, "s-"+key+".lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return nil, err
	}
	if c, err := dial(sock); err == nil {
		return c, nil
	}
	if err := startServer(nodePath, launcher, sock); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := dial(sock)
		if err == nil {
			return c, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("server did not start: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// dial connects to sock and checks that the server runs as this user.
func dial(sock string) (*net.UnixConn, error) {
	c, err := net.DialUnix("unix", nil, &net.UnixAddr{Name: sock, Net: "unix"})
	if err != nil {
		return nil, err
	}
	raw, err := c.SyscallConn()
	if err != nil {
		c.Close()
		return nil, err
	}
	var cred *syscall.Ucred
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil || cerr != nil {
		c.Close()
		return nil, fmt.Errorf("peer credentials: %v %v", err, cerr)
	}
	if int(cred.Uid) != os.Getuid() {
		c.Close()
		return nil, fmt.Errorf("server runs as uid %d", cred.Uid)
	}
	return c, nil
}

// startServer starts the server detached (own session, standard files on /dev/null but for a log).
func startServer(nodePath, launcher, sock string) error {
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer null.Close()
	log, err := os.OpenFile(strings.TrimSuffix(sock, ".sock")+".log", os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer log.Close()
	env := append(os.Environ(), "GOCMD_SERVER_ROLE=server", "GOCMD_SERVER_SOCKET="+sock)
	p, err := os.StartProcess(nodePath, []string{nodePath, launcher}, &os.ProcAttr{
		Env:   env,
		Files: []*os.File{null, null, log},
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
	if err != nil {
		return err
	}
	return p.Release()
}

func writeFrame(w io.Writer, typ byte, payload []byte) error {
	var h [5]byte
	h[0] = typ
	binary.BigEndian.PutUint32(h[1:], uint32(len(payload)))
	if _, err := w.Write(append(h[:], payload...)); err != nil {
		return err
	}
	return nil
}

// run sends the request and relays until the exit frame.
func run(conn *net.UnixConn, args []string, stdin bool) (exitStatus, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return exitStatus{}, errDeclined
	}
	hd := header{Argv: args, Env: os.Environ(), Cwd: cwd, UID: os.Getuid(), Stdin: stdin}
	if isTerminal(2) {
		hd.StderrTerminal, hd.StdoutTerminal, hd.Columns = true, isTerminal(1), terminalColumns(2)
	}
	h, _ := json.Marshal(hd)
	if err := writeFrame(conn, 'H', h); err != nil {
		return exitStatus{}, errDeclined
	}
	// Writes to conn come from several goroutines; each frame goes out whole.
	out := make(chan frame, 16)
	go func() {
		for f := range out {
			if writeFrame(conn, f.typ, f.data) != nil {
				return
			}
		}
	}()
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	// The last signal passed on: a command that then dies may leave no exit frame (see below).
	var forwarded atomic.Int32
	go func() {
		for s := range sigs {
			forwarded.Store(int32(s.(syscall.Signal)))
			out <- frame{'S', []byte{byte(s.(syscall.Signal))}}
		}
	}()
	if stdin {
		go func() {
			buf := make([]byte, 64<<10)
			for {
				n, err := os.Stdin.Read(buf)
				if n > 0 {
					out <- frame{'I', append([]byte(nil), buf[:n]...)}
				}
				if err != nil {
					out <- frame{'E', nil}
					return
				}
			}
		}()
	}
	r := bufio.NewReaderSize(conn, 64<<10)
	started := false
	for {
		var hd [5]byte
		if _, err := io.ReadFull(r, hd[:]); err != nil {
			// The warm worker writes to this connection itself: when a signal passed on ends it, it may die
			// in the middle of a frame, and the server then closes the connection without an exit frame.
			// The command ended by that signal, so this process does too.
			if s := forwarded.Load(); s != 0 {
				return exitStatus{Sig: int(s)}, nil
			}
			if !started {
				// Closed before answering: nothing ran (a server going away); run plain.
				return exitStatus{}, errDeclined
			}
			return exitStatus{}, fmt.Errorf("connection lost: %v", err)
		}
		payload := make([]byte, binary.BigEndian.Uint32(hd[1:]))
		if _, err := io.ReadFull(r, payload); err != nil {
			if s := forwarded.Load(); s != 0 {
				return exitStatus{Sig: int(s)}, nil
			}
			return exitStatus{}, fmt.Errorf("connection lost: %v", err)
		}
		debugf("frame %c", hd[0])
		switch hd[0] {
		case 'O':
			started = true
			os.Stdout.Write(payload)
		case 'R':
			started = true
			os.Stderr.Write(payload)
		case 'A':
			started = true
		case 'F':
			if started {
				return exitStatus{}, errors.New("declined after starting")
			}
			return exitStatus{}, errDeclined
		case 'X':
			var st exitStatus
			if err := json.Unmarshal(payload, &st); err != nil {
				return exitStatus{}, err
			}
			return st, nil
		}
	}
}

type frame struct {
	typ  byte
	data []byte
}

// exit ends the client as the command ended: with its status, or by its signal.
func exit(st exitStatus) {
	if st.Sig != 0 {
		sig := syscall.Signal(st.Sig)
		signal.Reset(sig)
		syscall.Kill(os.Getpid(), sig)
		time.Sleep(100 * time.Millisecond)
		os.Exit(128 + st.Sig)
	}
	os.Exit(st.Code)
}
