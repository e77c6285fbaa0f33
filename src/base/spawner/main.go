// Command gocmd-spawner starts processes for gocmd.
//
// gocmd runs a tool (compile, asm, link, ...) for every action of a build. Node's child_process
// forks the whole driver process for each of them, which costs milliseconds of CPU per tool on the
// thread that also schedules the build. This helper is small and starts processes the way go does
// (clone with CLONE_VFORK), so gocmd hands it the tool runs instead.
//
// Protocol: one JSON object per line on stdin, one per line on stdout.
//
//	request:  {"id":1,"path":"/abs/tool","args":["tool","-flag"],"dir":"/cwd","env":["K=V"],"ownCPU":false}
//	kill:     {"id":1,"kill":15}
//	response: {"id":1,"code":0,"sig":0,"errno":0,"err":"","out":"<base64 of combined stdout+stderr>"}
//	lock:     {"id":2,"lock":"/path/x.lock"}   answered (code 0, or err) once flock(LOCK_EX) is held
//	unlock:   {"id":2,"unlock":true}           answered once the file is closed, which drops the lock
//
// code is the exit status (-1 when killed by signal sig); errno/err are set when the process could
// not start. The child gets /dev/null as stdin and one pipe for stdout and stderr together, so its
// output interleaves as go's cmd/go sees it. When stdin reaches EOF (gocmd exited or died) the
// helper kills what is still running and exits, and the kernel drops its locks.
// ownCPU asks for a CPU of the process's own while it runs (see cpus.go): gocmd sets it on a compile
// long enough to bound the build, such as a C amalgamation's.
// Locks are the ones go's lockedfile takes on module cache files (open O_RDWR|O_CREATE 0666, then
// flock), so go and gocmd processes exclude each other. Terminal signals (SIGINT, SIGHUP, SIGTERM sent to
// the process group) are left to gocmd, which kills tools through "kill" requests.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
)

type request struct {
	ID     int64    `json:"id"`
	Path   string   `json:"path"`
	Args   []string `json:"args"`
	Dir    string   `json:"dir"`
	Env    []string `json:"env"`
	Kill   int      `json:"kill"`
	Lock   string   `json:"lock"`
	Unlock bool     `json:"unlock"`
	OwnCPU bool     `json:"ownCPU"`
}

type response struct {
	ID    int64  `json:"id"`
	Code  int    `json:"code"`
	Sig   int    `json:"sig"`
	Errno int    `json:"errno"`
	Err   string `json:"err"`
	Out   []byte `json:"out"`
}

type spawner struct {
	mu      sync.Mutex
	running map[int64]*os.Process
	locks   map[int64]*os.File
	outMu   sync.Mutex
	out     *bufio.Writer
	wg      sync.WaitGroup
	cpus    *cpuPlan
}

func main() {
	// One P: the helper only forks, waits and copies output, and with more its idle Ps spin looking for
	// work, taking CPU from the compilers on a busy machine (about half its CPU time on a cold build).
	runtime.GOMAXPROCS(1)
	signal.Ignore(syscall.SIGPIPE)
	// Notify (not Ignore): the signals stay at their default disposition in the children.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	s := &spawner{running: map[int64]*os.Process{}, locks: map[int64]*os.File{}, out: bufio.NewWriter(os.Stdout), cpus: newCPUPlan()}
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var r request
			if jerr := json.Unmarshal(line, &r); jerr != nil {
				os.Stderr.WriteString("gocmd-spawner: bad request: " + jerr.Error() + "\n")
				os.Exit(2)
			}
			switch {
			case r.Kill != 0:
				s.kill(r.ID, syscall.Signal(r.Kill))
			case r.Lock != "":
				// Not waited for at EOF: exiting drops every lock, held or still awaited.
				go s.lock(r.ID, r.Lock)
			case r.Unlock:
				s.unlock(r.ID)
			default:
				s.start(r)
			}
		}
		if err != nil {
			break
		}
	}
	// gocmd is gone: nothing will read results, so stop what still runs.
	s.mu.Lock()
	for _, p := range s.running {
		p.Kill()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *spawner) lock(id int64, path string) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o666)
	if err == nil {
		for {
			err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
			if err != syscall.EINTR {
				break
			}
		}
		if err != nil {
			f.Close()
			err = &os.PathError{Op: "flock", Path: path, Err: err}
		}
	}
	if err != nil {
		s.reply(&response{ID: id, Code: -1, Err: err.Error()})
		return
	}
	s.mu.Lock()
	s.locks[id] = f
	s.mu.Unlock()
	s.reply(&response{ID: id})
}

func (s *spawner) unlock(id int64) {
	s.mu.Lock()
	f := s.locks[id]
	delete(s.locks, id)
	s.mu.Unlock()
	if f != nil {
		f.Close()
	}
	s.reply(&response{ID: id})
}

func (s *spawner) kill(id int64, sig syscall.Signal) {
	s.mu.Lock()
	p := s.running[id]
	s.mu.Unlock()
	if p != nil {
		p.Signal(sig)
	}
}

func (s *spawner) start(r request) {
	var buf bytes.Buffer
	cmd := &exec.Cmd{Path: r.Path, Args: r.Args, Dir: r.Dir, Env: r.Env, Stdout: &buf, Stderr: &buf}
	if len(cmd.Args) == 0 {
		cmd.Args = []string{r.Path}
	}
	own, err := s.startOn(cmd, r)
	if err != nil {
		res := response{ID: r.ID, Code: -1, Err: err.Error()}
		var errno syscall.Errno
		if errors.As(err, &errno) {
			res.Errno = int(errno)
		}
		s.reply(&res)
		return
	}
	s.mu.Lock()
	s.running[r.ID] = cmd.Process
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		err := cmd.Wait()
		s.cpus.release(own)
		s.mu.Lock()
		delete(s.running, r.ID)
		s.mu.Unlock()
		res := response{ID: r.ID, Out: buf.Bytes()}
		res.Code = cmd.ProcessState.ExitCode()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			res.Sig = int(ws.Signal())
		}
		var exitErr *exec.ExitError
		if err != nil && !errors.As(err, &exitErr) {
			// The process ran but copying its output failed; report it rather than lose it.
			res.Err = err.Error()
		}
		s.reply(&res)
	}()
}

func (s *spawner) reply(res *response) {
	b, err := json.Marshal(res)
	if err != nil {
		panic(err)
	}
	s.outMu.Lock()
	defer s.outMu.Unlock()
	s.out.Write(b)
	s.out.WriteByte('\n')
	// A failed write means gocmd is gone; the EOF on stdin ends the main loop, so nothing else to do.
	s.out.Flush()
}

// startOn starts cmd on the CPUs the plan gives it: its own one when r asks and one can be spared, else
// those no running process owns. It returns the CPU it owns (-1 for none).
func (s *spawner) startOn(cmd *exec.Cmd, r request) (int, error) {
	own, mask := s.cpus.place(r.OwnCPU)
	if mask == nil {
		return own, cmd.Start()
	}
	// A child inherits the affinity of the thread that forks it, and exec.Cmd forks from the calling
	// thread: fork from a goroutine locked to its thread and never unlocked, so that the thread, narrowed
	// for this fork, ends with the goroutine instead of serving others.
	type started struct {
		placed bool
		err    error
	}
	done := make(chan started, 1)
	go func() {
		runtime.LockOSThread()
		placed := setAffinity(mask) == nil
		done <- started{placed, cmd.Start()}
	}()
	res := <-done
	if !res.placed || res.err != nil {
		// Not placed (the kernel refused: a cpuset changed under us) or not started: it owns nothing.
		s.cpus.release(own)
		own = -1
	}
	return own, res.err
}
