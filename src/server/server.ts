// The resident gocmd server (GOCMD_SERVER_ROLE=server, started by the gocmd-client helper, see
// client/main.go): listens on a Unix socket in a private directory and runs each request in a worker
// process started ahead of time with the bundle already loaded (worker.ts), so a request skips node's
// start-up and the bundle's load. It relays the worker's stdin, stdout and stderr as frames (frame.ts),
// passes the client's signals on, and reports how the worker ended. It exits when idle, and when the
// bundle, the launcher or node changed since it started (clients then start a new one).
import { fork, type ChildProcess } from 'node:child_process';
import { lstatSync, statSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { constants as osConstants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FRAME, FrameReader, encodeFrame, envFromEntries, exitStatus, parseRequest, type Request } from './frame.js';
import { parseIdle } from './idle.js';
import { runInProcess, runsInProcess } from './inprocess.js';
import { buildsWarm, runsWarm } from './warm.js';

/** Workers kept started and ready. */
const POOL_SIZE = 2;
/** Workers that die before being ready, in a row, after which the server declines every request. */
const MAX_FAILED_STARTS = 3;
/** How often the server checks that its bundle and node are unchanged. */
const STALE_CHECK_MS = 5000;
/**
 * How long a request the warm worker could run waits for it while it is busy before going to a pool
 * worker: a small loading command runs in the warm worker in a few ms, and in a pool worker's fresh
 * process (cold code, no memos) in 50 ms or more.
 */
const WARM_WAIT_MS = 50;

/** The wait budget: GOCMD_SERVER_WARM_WAIT_MS (whole ms) where set, which tests set to make the route certain. */
function warmWaitMs(v: string | undefined): number {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : WARM_WAIT_MS;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<boolean>;
}

/**
 * A request the warm worker runs. A copy of conn went with it and the warm worker writes its frames to
 * the client itself; the server keeps reading conn (signals, the client going away) and relays nothing.
 */
interface WarmRequest {
  conn: Socket;
  /** Called once the warm worker has written the exit frame (or died). */
  done: () => void;
}

/**
 * The warm worker (warm.ts): one long-lived process running loading commands, builds and installs one
 * at a time. It is started again when it dies.
 */
class WarmWorker {
  private child: ChildProcess | undefined;
  private ready = false;
  private current: WarmRequest | undefined;
  private failedStarts = 0;

  constructor(private readonly launcher: string, private readonly log: (msg: string) => void) {}

  start(): void {
    if (this.failedStarts >= MAX_FAILED_STARTS) return;
    const child = fork(this.launcher, [], {
      env: { ...process.env, GOCMD_SERVER_ROLE: 'warm' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      execArgv: [],
    });
    this.child = child;
    this.ready = false;
    child.on('message', (m: { ready?: boolean; done?: boolean }) => {
      if (m.ready) { this.ready = true; this.failedStarts = 0; }
      if (m.done) this.finish();
    });
    child.on('error', () => { /* 'exit' follows */ });
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      if (!this.ready) this.failedStarts++;
      this.child = undefined;
      this.ready = false;
      const r = this.current;
      this.current = undefined;
      if (r) {
        // It may have died in the middle of a frame written to the client: no exit frame can follow that.
        // The client ends as the signal it forwarded would have ended it, else reports the lost connection
        // (or runs the command plainly when nothing had reached it).
        r.conn.destroy();
        r.done();
      }
      this.wakeWaiters();
      if (!this.stopped) {
        this.log(`warm worker ${child.pid ?? '?'} ended (${signal ?? code})`);
        this.start();
      }
    });
  }

  private stopped = false;

  stop(): void {
    this.stopped = true;
    this.child?.kill('SIGKILL');
  }

  /** Whether a request can start in the warm worker now. */
  idle(): boolean {
    return this.ready && this.current === undefined && this.child !== undefined;
  }

  /** Whether it is running a request (started and ready: it will be idle when that one is done). */
  busy(): boolean {
    return this.ready && this.current !== undefined && this.child !== undefined;
  }

  /** Those waiting for it to be idle (whenIdle). */
  private waiters: (() => void)[] = [];

  /** Resolves once it is no longer running a request (done, or ended), or after ms. */
  whenIdle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(wake);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve();
      }, ms);
      const wake = (): void => { clearTimeout(timer); resolve(); };
      this.waiters.push(wake);
    });
  }

  private wakeWaiters(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  run(conn: Socket, req: Request, done: () => void): void {
    this.current = { conn, done };
    this.child!.send(req, conn, { keepOpen: true });
  }

  /** The warm worker wrote the request's exit frame. */
  private finish(): void {
    const r = this.current;
    if (!r) return;
    this.current = undefined;
    if (!r.conn.destroyed) r.conn.end();
    r.done();
    this.wakeWaiters();
  }

  /** Passes the client's signal on; the worker then dies of it (or not) as a plain run would. */
  signal(sig: number): void {
    const pid = this.child?.pid;
    if (pid !== undefined && this.current) {
      try { process.kill(pid, sig); } catch { /* already ended */ }
    }
  }
}

/** What identifies the code a server runs: the files' inode, size and modification time. */
export function identity(files: readonly string[]): string {
  return files.map((f) => {
    try {
      const st = statSync(f, { bigint: true });
      return `${st.ino} ${st.size} ${st.mtimeNs}`;
    } catch {
      return 'missing';
    }
  }).join('\n');
}

export function serve(): void {
  const sockArg = process.env['GOCMD_SERVER_SOCKET'];
  delete process.env['GOCMD_SERVER_SOCKET'];
  const launcherArg = process.argv[1];
  if (!sockArg || !launcherArg) {
    process.stderr.write('gocmd: server: no socket given\n');
    process.exitCode = 2;
    return;
  }
  const sock = resolve(sockArg);
  const launcher = resolve(launcherArg);
  // The server starts in the directory of the client that started it, which may be removed later (a test's
  // work directory): every worker started after that would inherit a cwd that is gone, and node cannot
  // start there. The server and its workers name everything by absolute path; each request brings its own
  // directory.
  try {
    process.chdir('/');
  } catch {
    // stays where it is
  }
  new GocmdServer(sock, launcher, parseIdle(process.env['GOCMD_SERVER_IDLE'])).start();
}

class GocmdServer {
  private readonly files: string[];
  private readonly ident: string;
  private readonly pool: Worker[] = [];
  private failedStarts = 0;
  private active = 0;
  private closing = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private server: Server | undefined;
  private sockIno: bigint | undefined;
  private readonly warm: WarmWorker;
  /** Requests by where they ran, for the log line at shutdown (how a reader, or a served test run, sees what went through). */
  private readonly routes = { inProcess: 0, warm: 0, pool: 0, declined: 0 };

  constructor(private readonly sock: string, private readonly launcher: string, private readonly idleMs: number) {
    this.files = [launcher, join(dirname(launcher), 'gocmd-main.cjs'), process.execPath];
    this.ident = identity(this.files);
    this.warm = new WarmWorker(launcher, (m) => this.log(m));
  }

  start(): void {
    this.fillPool();
    if (process.env['GOCMD_SERVER_WARM'] !== '0') this.warm.start();
    this.listen(true);
    setInterval(() => { if (this.stale()) this.shutdown(); }, STALE_CHECK_MS).unref();
    this.armIdle();
  }

  private log(msg: string): void {
    process.stderr.write(`${new Date().toISOString()} ${msg}\n`);
  }

  private listen(retry: boolean): void {
    const server = createServer((c) => this.handle(c));
    server.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EADDRINUSE' || !retry) {
        this.log(`listen: ${e.message}`);
        this.exitNow(1);
        return;
      }
      // A live server already answers there (a race the clients' lock should prevent): leave it be.
      // A dead one's socket file is removed and taken over.
      const probe = connect(this.sock);
      probe.on('connect', () => { probe.destroy(); this.exitNow(0); });
      probe.on('error', () => {
        try { unlinkSync(this.sock); } catch { /* gone already */ }
        this.listen(false);
      });
    });
    server.listen(this.sock, () => {
      try { this.sockIno = lstatSync(this.sock, { bigint: true }).ino; } catch { /* checked again at unlink */ }
      this.log(`listening on ${this.sock}`);
    });
    this.server = server;
  }

  private stale(): boolean {
    return identity(this.files) !== this.ident;
  }

  private startWorker(): Worker {
    const child = fork(this.launcher, [], {
      env: { ...process.env, GOCMD_SERVER_ROLE: 'worker' },
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
    });
    const ready = new Promise<boolean>((resolve) => {
      child.once('message', () => { this.failedStarts = 0; resolve(true); });
      child.once('exit', () => resolve(false));
      child.once('error', () => resolve(false));
    });
    const w = { child, ready };
    void ready.then((ok) => {
      if (ok) return;
      this.failedStarts++;
      this.log(`worker ${child.pid ?? '?'} ended before it was ready`);
      const i = this.pool.indexOf(w);
      if (i >= 0) this.pool.splice(i, 1);
      this.fillPool();
    });
    return w;
  }

  private fillPool(): void {
    while (!this.closing && this.failedStarts < MAX_FAILED_STARTS && this.pool.length < POOL_SIZE) {
      this.pool.push(this.startWorker());
    }
  }

  /** A ready worker, taken from the pool (which is refilled), or undefined when workers cannot start. */
  private async takeWorker(): Promise<Worker | undefined> {
    while (this.pool.length > 0) {
      const w = this.pool.shift()!;
      // The replacement starts once this request is under way: forking node takes the server's thread
      // for a while, and the worker just taken needs it to hear of its request first.
      setImmediate(() => this.fillPool());
      if (await w.ready) return w;
    }
    return undefined;
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.active === 0) this.idleTimer = setTimeout(() => this.shutdown(), this.idleMs);
  }

  /** Stops taking requests; exits once those running are done. */
  private shutdown(): void {
    if (this.closing) return;
    this.closing = true;
    const r = this.routes;
    this.log(`shutting down after ${r.inProcess + r.warm + r.pool + r.declined} requests: ${r.inProcess} in process, ` +
      `${r.warm} warm, ${r.pool} in pool workers, ${r.declined} declined`);
    this.server?.close();
    try {
      // Only this server's socket: a new server may have taken the name.
      if (this.sockIno !== undefined && lstatSync(this.sock, { bigint: true }).ino === this.sockIno) unlinkSync(this.sock);
    } catch { /* gone already */ }
    for (const w of this.pool.splice(0)) w.child.kill('SIGKILL');
    if (this.active === 0) this.exitNow(0);
    else this.warm.stop();
  }

  private exitNow(code: number): void {
    this.warm.stop();
    for (const w of this.pool.splice(0)) w.child.kill('SIGKILL');
    process.exit(code);
  }

  private handle(conn: Socket): void {
    this.active++;
    clearTimeout(this.idleTimer);
    const reader = new FrameReader();
    let child: ChildProcess | undefined;
    let gotHeader = false;
    let finished = false;
    const early: Buffer[] = [];
    let earlyEOF = false;
    // GOCMD_SERVER_DEBUG=1 in the client's environment: the server's legs of this request, into its log.
    const accepted = process.hrtime.bigint();
    let debug: ((what: string) => void) | undefined;
    const done = (): void => {
      if (finished) return;
      finished = true;
      debug?.('done');
      this.active--;
      if (this.closing && this.active === 0) this.exitNow(0);
      this.armIdle();
    };
    const decline = (why: string): void => {
      this.routes.declined++;
      this.log(`declined: ${why}`);
      conn.end(encodeFrame(FRAME.declined));
    };
    conn.on('error', () => { /* 'close' follows */ });
    let inProcess = false;
    let warm = false;
    conn.on('close', () => {
      // The client went away (killed, or its stdout closed) while its command runs: stop the command.
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      if (!child && !inProcess && !warm) done();
    });
    conn.on('data', (chunk: Buffer) => {
      let frames;
      try {
        frames = reader.push(chunk);
      } catch (e) {
        this.log(`bad frame: ${(e as Error).message}`);
        conn.destroy();
        return;
      }
      for (const f of frames) {
        switch (f.type) {
          case FRAME.header: {
            if (gotHeader) break;
            gotHeader = true;
            const req = parseRequest(f.payload);
            if (typeof req === 'string') { decline(req); break; }
            // The socket's directory is private to this user; the client's word is checked as well.
            if (req.uid !== process.getuid?.()) { decline(`uid ${req.uid}`); break; }
            if (this.closing || this.stale()) { decline('stale server'); this.shutdown(); break; }
            const reqEnv = envFromEntries(req.env);
            if (reqEnv['GOCMD_SERVER_DEBUG'] === '1') {
              debug = (what) => this.log(`debug: ${what} ${(Number(process.hrtime.bigint() - accepted) / 1e6).toFixed(2)} ms after the connection: ${req.argv.join(' ')}`);
              debug('header read');
            }
            const inProc = runsInProcess(req.argv, reqEnv) && process.env['GOCMD_SERVER_INPROCESS'] !== '0';
            const warmable = !inProc && (runsWarm(req.argv, reqEnv) || buildsWarm(req.argv, reqEnv));
            const dispatch = (): void => {
              if (warmable && this.warm.idle()) {
                warm = true;
                this.routes.warm++;
                // One line per warm request in the server's log: how a reader (or a test) tells the route taken.
                this.log(`warm: ${req.argv.join(' ')}`);
                this.warm.run(conn, debug === undefined ? req : { ...req, sentAt: String(process.hrtime.bigint()) }, done);
                return;
              }
              if (inProc) {
                inProcess = true;
                this.routes.inProcess++;
                // version and env print a few kilobytes at most: the whole answer (accepted, output, exit)
                // goes out in one write, which the client reads in one go.
                const out: Buffer[] = [encodeFrame(FRAME.accepted)];
                void runInProcess(req, (fd, b) => {
                  out.push(encodeFrame(fd === 1 ? FRAME.stdout : FRAME.stderr, b));
                }).then((st) => {
                  out.push(encodeFrame(FRAME.exit, JSON.stringify(st)));
                  if (!conn.destroyed) conn.end(Buffer.concat(out));
                  done();
                });
                return;
              }
              void this.takeWorker().then((w) => {
                if (!w) { decline('no worker could start'); return; }
                if (conn.destroyed) { w.child.kill('SIGKILL'); return; }
                child = w.child;
                this.routes.pool++;
                this.run(conn, w.child, req, early, earlyEOF, done);
              });
            };
            if (warmable && this.warm.busy()) {
              // The warm worker is running a request, or has just answered one and its word that it is free
              // is on its way (a client's next command often comes before it): a pool worker's fresh
              // process takes tens of ms to run what the warm worker runs in a few, so wait for it a little.
              // A client that goes away meanwhile was counted done by the 'close' handler.
              // Requests waiting together are all woken when it is free and one takes it: the others wait on,
              // within their own budget.
              const deadline = Date.now() + warmWaitMs(process.env['GOCMD_SERVER_WARM_WAIT_MS']);
              const waitWarm = (): void => {
                if (conn.destroyed) return;
                const left = deadline - Date.now();
                if (this.warm.busy() && left > 0) void this.warm.whenIdle(left).then(waitWarm);
                else dispatch();
              };
              waitWarm();
              break;
            }
            dispatch();
            break;
          }
          case FRAME.stdin:
            if (child) child.stdin?.write(f.payload);
            else early.push(f.payload);
            break;
          case FRAME.stdinEOF:
            if (child) child.stdin?.end();
            else earlyEOF = true;
            break;
          case FRAME.signal: {
            const sig = f.payload[0];
            if (warm && sig !== undefined) this.warm.signal(sig);
            if (child?.pid !== undefined && sig !== undefined) {
              try { process.kill(child.pid, sig); } catch { /* already ended */ }
            }
            break;
          }
        }
      }
    });
  }

  private run(conn: Socket, child: ChildProcess, req: Request, early: Buffer[], earlyEOF: boolean, done: () => void): void {
    const relay = (type: number) => (b: Buffer) => {
      if (conn.destroyed) return;
      // Backpressure: a slow client slows the command instead of filling the server's memory.
      if (!conn.write(encodeFrame(type, b))) {
        child.stdout?.pause();
        child.stderr?.pause();
        conn.once('drain', () => { child.stdout?.resume(); child.stderr?.resume(); });
      }
    };
    child.stdout?.on('data', relay(FRAME.stdout));
    child.stderr?.on('data', relay(FRAME.stderr));
    child.stdin?.on('error', () => { /* the command did not read its stdin */ });
    child.on('close', (code, signal) => {
      const sig = signal ? osConstants.signals[signal] : undefined;
      if (!conn.destroyed) conn.end(encodeFrame(FRAME.exit, JSON.stringify(exitStatus(code, sig))));
      done();
    });
    conn.write(encodeFrame(FRAME.accepted));
    child.send(req);
    for (const b of early) child.stdin?.write(b);
    if (!req.stdin || earlyEOF) child.stdin?.end();
  }
}
