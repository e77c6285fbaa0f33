package main

// CPU placement. On a cold build of a program with a large C part (go-sqlite3's 9 MB amalgamation: ~24 s
// of cc1 at -O2) that one compile bounds the build, and it runs beside the Go compiles, each of which runs
// two or more threads (compile -c=N). With more runnable threads than CPUs the kernel moves cc1 between
// CPUs and preempts it, and its CPU time grew by up to 10% against a run alone (its caches refilled each
// time). A process started with ownCPU therefore gets one CPU to itself: it is started on that CPU only,
// and the processes started while it runs, on the others. Processes already running keep their CPUs.
// Nothing is placed when no CPU would be left for the others, or the affinity calls fail.
//
// Other gocmd processes on the machine place their own compiles: a CPU is owned only while its lock file
// (gocmd-cpu-N.lock in the temporary directory, flock'ed without waiting) is held, so that two builds'
// large compiles never share one CPU while another stays free. The kernel drops the lock when the helper
// dies.

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"unsafe"
)

// cpuMask is a Linux cpu_set_t: 1024 CPUs.
type cpuMask [16]uint64

func (m *cpuMask) set(cpu int)      { m[cpu/64] |= 1 << (cpu % 64) }
func (m *cpuMask) has(cpu int) bool { return m[cpu/64]&(1<<(cpu%64)) != 0 }

type cpuPlan struct {
	mu sync.Mutex
	// list holds, in order, the CPUs the helper may use (its affinity when it started: a cpuset, taskset);
	// empty when that could not be read, and then nothing is placed. owned: the CPUs a running process owns.
	list  []int
	owned map[int]*os.File
}

func newCPUPlan() *cpuPlan {
	p := &cpuPlan{owned: map[int]*os.File{}}
	var allowed cpuMask
	if getAffinity(&allowed) == nil {
		for cpu := 0; cpu < len(allowed)*64; cpu++ {
			if allowed.has(cpu) {
				p.list = append(p.list, cpu)
			}
		}
	}
	return p
}

// place decides where a process starts: the CPU it owns (-1 for none) and the mask to start it with (nil:
// the helper's own, when no process owns a CPU).
func (p *cpuPlan) place(wantOwn bool) (int, *cpuMask) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.list) == 0 {
		return -1, nil
	}
	own := -1
	// At least one CPU stays for the rest of the build.
	if wantOwn && len(p.list)-len(p.owned) >= 2 {
		for i := len(p.list) - 1; i >= 0 && own < 0; i-- {
			if _, mine := p.owned[p.list[i]]; mine {
				continue
			}
			if f := lockCPU(p.list[i]); f != nil {
				own = p.list[i]
				p.owned[own] = f
			}
		}
	}
	if own >= 0 {
		var m cpuMask
		m.set(own)
		return own, &m
	}
	if len(p.owned) == 0 {
		return -1, nil
	}
	var m cpuMask
	for _, cpu := range p.list {
		if _, mine := p.owned[cpu]; !mine {
			m.set(cpu)
		}
	}
	return -1, &m
}

// release gives back the CPU a process owned, once it has ended.
func (p *cpuPlan) release(cpu int) {
	if cpu < 0 {
		return
	}
	p.mu.Lock()
	f := p.owned[cpu]
	delete(p.owned, cpu)
	p.mu.Unlock()
	if f != nil {
		f.Close() // drops the flock
	}
}

// lockCPU takes CPU cpu's machine-wide lock without waiting: the open lock file, or nil when another
// process holds it or it cannot be had.
func lockCPU(cpu int) *os.File {
	// Read-only: flock needs no write access, so any user can lock a file another user created.
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "gocmd-cpu-"+strconv.Itoa(cpu)+".lock"), os.O_RDONLY|os.O_CREATE, 0o666)
	if err != nil {
		return nil
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		f.Close()
		return nil
	}
	return f
}

// setAffinity sets the calling thread's CPUs (pid 0: this thread).
func setAffinity(m *cpuMask) error {
	_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, 0, unsafe.Sizeof(*m), uintptr(unsafe.Pointer(m)))
	if e != 0 {
		return e
	}
	return nil
}

func getAffinity(m *cpuMask) error {
	_, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(*m), uintptr(unsafe.Pointer(m)))
	if e != 0 {
		return e
	}
	return nil
}
