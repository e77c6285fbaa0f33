// Command owncpu runs a command and reports how its CPU time divides between the command's own process
// (all its threads: for a build, the driver) and the processes it started and waited for (the tools).
//
// Usage: owncpu OUTFILE PROGRAM [ARG...]
//
// OUTFILE gets one JSON object: {"ownMs":..., "totalMs":..., "exit":...}. The command inherits stdin,
// stdout, stderr, the environment and the directory; owncpu exits with its exit status.
//
// The split needs the process's own counters after it has exited and before it is reaped: waitid with
// WNOWAIT leaves it a zombie whose /proc/PID/stat still holds utime and stime (its own, in clock ticks)
// apart from cutime and cstime (its waited-for children's). The rusage of the final wait gives the total
// at microsecond precision. Linux only.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

const (
	pPID    = 1          // idtype_t P_PID
	wExited = 0x4        // WEXITED
	wNowait = 0x01000000 // WNOWAIT
	// Clock ticks per second of /proc's utime and stime (USER_HZ): 100 on every Linux architecture Go runs on.
	userHZ = 100
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: owncpu OUTFILE PROGRAM [ARG...]")
		os.Exit(2)
	}
	out, prog, args := os.Args[1], os.Args[2], os.Args[2:]
	path, err := exec.LookPath(prog)
	if err != nil {
		fmt.Fprintln(os.Stderr, "owncpu:", err)
		os.Exit(2)
	}
	p, err := os.StartProcess(path, args, &os.ProcAttr{Files: []*os.File{os.Stdin, os.Stdout, os.Stderr}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "owncpu:", err)
		os.Exit(2)
	}
	// siginfo_t is 128 bytes; its contents are not needed.
	var info [128]byte
	for {
		_, _, e := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(p.Pid), uintptr(unsafe.Pointer(&info[0])), wExited|wNowait, 0, 0)
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			fmt.Fprintln(os.Stderr, "owncpu: waitid:", e)
			os.Exit(2)
		}
		break
	}
	ownMs, statErr := ownCPU(p.Pid)
	st, err := p.Wait()
	if err != nil {
		fmt.Fprintln(os.Stderr, "owncpu:", err)
		os.Exit(2)
	}
	ru := st.SysUsage().(*syscall.Rusage)
	totalMs := float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
	res := map[string]any{"totalMs": totalMs, "exit": st.ExitCode()}
	if statErr == nil {
		res["ownMs"] = ownMs
	}
	b, _ := json.Marshal(res)
	if err := os.WriteFile(out, b, 0o666); err != nil {
		fmt.Fprintln(os.Stderr, "owncpu:", err)
		os.Exit(2)
	}
	os.Exit(st.ExitCode())
}

// ownCPU reads the process's own user+system time, in milliseconds, from /proc/PID/stat.
func ownCPU(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(b)
	// The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("short stat")
	}
	// After the name: state is f[0], so utime (field 14) is f[11] and stime (field 15) f[12].
	ut, err1 := strconv.ParseFloat(f[11], 64)
	stime, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bad stat")
	}
	return (ut + stime) * 1000 / userHZ, nil
}
