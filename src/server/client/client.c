// gocmd-client in C: what main.go does, with a start-up of ~0.1 ms where a Go program's runtime takes
// ~0.5 ms, which is a quarter of go's own `go version`. `npm run build` builds this one with $CC (or cc)
// and falls back to main.go when that fails; both read the same arguments and speak the same frames.
//
// Started as bin/gocmd would start node (gocmd-client ARGS...), by bin/gocmd when GOCMD_SERVER=1, or
// directly through a link named go: it then does the launcher's work itself, without a shell or a fork
// per link level (node is $GOCMD_NODE or node on PATH; the bundle is beside this program's resolved
// path; GOCMD_EXE and NODE_EXTRA_CA_CERTS as bin/gocmd sets them). With GOCMD_SERVER=1 it runs the
// command through the resident server; otherwise, and whenever the server cannot be used safely, it
// execs node as bin/gocmd does.
//
// Frames, both directions: one type byte, a big-endian uint32 payload length, the payload.
//   client → server: 'H' header (JSON), 'I' stdin bytes, 'E' stdin closed, 'S' signal (1 byte: its number)
//   server → client: 'O' stdout bytes, 'R' stderr bytes, 'X' exit (JSON {"code":N,"sig":N}),
//                    'A' accepted (the command is starting), 'F' declined before anything ran: run plain
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static struct timespec t0;
static int debug;

static void debugf(const char *format, ...) {
  if (!debug) return;
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  double ms = (t.tv_sec - t0.tv_sec) * 1e3 + (t.tv_nsec - t0.tv_nsec) / 1e6;
  char line[512];
  int n = snprintf(line, sizeof line, "gocmd-client: %.1fms: ", ms);
  va_list ap;
  va_start(ap, format);
  n += vsnprintf(line + n, sizeof line - n - 1, format, ap);
  va_end(ap);
  if (n > (int)sizeof line - 2) n = sizeof line - 2;
  line[n++] = '\n';
  (void)!write(2, line, n);
}

/** A growable byte buffer; out of memory ends the client (it has nothing to free). */
struct buf {
  char *p;
  size_t len, cap;
};

static void grow(struct buf *b, size_t more) {
  if (b->len + more <= b->cap) return;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + more) cap *= 2;
  b->p = realloc(b->p, cap);
  if (b->p == NULL) {
    static const char msg[] = "gocmd: client: out of memory\n";
    (void)!write(2, msg, sizeof msg - 1);
    _exit(2);
  }
  b->cap = cap;
}

static void put(struct buf *b, const void *p, size_t n) {
  grow(b, n);
  memcpy(b->p + b->len, p, n);
  b->len += n;
}

static void puts_(struct buf *b, const char *s) { put(b, s, strlen(s)); }

/** s as a JSON string. Bytes ≥ 0x80 go as they are: the server decodes the payload as UTF-8. */
static void putJSON(struct buf *b, const char *s) {
  static const char hex[] = "0123456789abcdef";
  put(b, "\"", 1);
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\') {
      char e[2] = {'\\', (char)*c};
      put(b, e, 2);
    } else if (*c < 0x20) {
      char e[6] = {'\\', 'u', '0', '0', hex[*c >> 4], hex[*c & 15]};
      put(b, e, 6);
    } else {
      put(b, c, 1);
    }
  }
  put(b, "\"", 1);
}

/** dir/name, newly allocated. */
static char *join(const char *dir, const char *name) {
  size_t d = strlen(dir), n = strlen(name);
  char *p = malloc(d + n + 2);
  if (p == NULL) _exit(2);
  memcpy(p, dir, d);
  p[d] = '/';
  memcpy(p + d + 1, name, n + 1);
  return p;
}

/** name found as a shell finds a command: itself when it has a slash, else the first executable on PATH. */
static char *lookPath(const char *name) {
  if (strchr(name, '/')) return strdup(name);
  const char *path = getenv("PATH");
  if (path == NULL) path = "/usr/local/bin:/usr/bin:/bin";
  for (const char *p = path;; p++) {
    const char *e = strchrnul(p, ':');
    char *dir = e == p ? strdup(".") : strndup(p, e - p);
    char *f = join(dir, name);
    free(dir);
    struct stat st;
    if (stat(f, &st) == 0 && S_ISREG(st.st_mode) && access(f, X_OK) == 0) return f;
    free(f);
    if (*e == 0) return NULL;
    p = e;
  }
}

static char *nodeName;  // as bin/gocmd names it: $GOCMD_NODE, else node
static char *nodePath;  // found on PATH; NULL when not found
static char *distDir;   // the directory this program is in, links resolved
static char *launcher;  // dist/gocmd.cjs beside this program
static char **args;     // the go command's arguments
static int nargs;

/** Runs the command as bin/gocmd does without the server: node LAUNCHER ARGS... */
static void plain(void) {
  char **argv = calloc(nargs + 3, sizeof *argv);
  if (argv == NULL) _exit(2);
  argv[0] = nodeName;
  argv[1] = launcher;
  memcpy(argv + 2, args, nargs * sizeof *argv);
  if (nodePath != NULL) execv(nodePath, argv);
  fprintf(stderr, "gocmd: exec %s: %s\n", nodeName, nodePath == NULL ? "executable file not found in $PATH" : strerror(errno));
  exit(127);
}

/** The first argument that is not a flag: the go subcommand. */
static const char *command(void) {
  for (int i = 0; i < nargs; i++)
    if (args[i][0] != '-') return args[i];
  return "";
}

/**
 * Commands that may run a program with gocmd's stdin. Others never read it, and reading it for them would
 * take input that belongs to whatever runs after gocmd.
 */
static int forwardsStdin(void) {
  const char *c = command();
  return !strcmp(c, "run") || !strcmp(c, "test") || !strcmp(c, "generate") || !strcmp(c, "tool");
}

/**
 * A program run with a terminal must see the terminal itself (and get the terminal's signals), so those
 * commands run plain when any of the standard files is a terminal.
 */
static int wantServer(void) {
  if (!forwardsStdin()) return 1;
  struct termios t;
  for (int fd = 0; fd <= 2; fd++)
    if (tcgetattr(fd, &t) == 0) return 0;
  return 1;
}

/**
 * The private directory holding the server's socket: $XDG_RUNTIME_DIR/gocmd, else $TMPDIR/gocmd-UID. It
 * must be a directory (not a link) owned by this user with no group or other permissions; it is made so
 * when missing. NULL (after a debug line) when it is not.
 */
static char *socketDir(void) {
  uid_t uid = getuid();
  const char *x = getenv("XDG_RUNTIME_DIR");
  char *dir;
  if (x != NULL && x[0] == '/') {
    dir = join(x, "gocmd");
  } else {
    const char *t = getenv("TMPDIR");
    char name[32];
    snprintf(name, sizeof name, "gocmd-%u", (unsigned)uid);
    dir = join(t != NULL && t[0] != 0 ? t : "/tmp", name);
  }
  if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
    debugf("plain run: mkdir %s: %s", dir, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != uid || (st.st_mode & 077) != 0) {
    debugf("plain run: %s is not a private directory of this user", dir);
    return NULL;
  }
  return dir;
}

/** FNV-1a over n bytes, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n) {
  for (const unsigned char *c = p; n-- > 0; c++) h = (h ^ *c) * 0x100000001b3ULL;
  return h;
}

/**
 * Names the server for this launcher, node binary, bundle and node options: a changed bundle or node gets
 * a new server (the old one notices and exits). Two FNV-1a hashes with different seeds make 20 hex digits.
 */
static int serverKey(char key[21]) {
  struct buf b = {0};
  const char *opts = getenv("NODE_OPTIONS");
  char *bundle = join(distDir, "gocmd-main.cjs");
  puts_(&b, launcher);
  put(&b, "", 1);
  puts_(&b, nodePath);
  put(&b, "", 1);
  puts_(&b, opts ? opts : "");
  put(&b, "", 1);
  const char *files[] = {nodePath, launcher, bundle};
  for (int i = 0; i < 3; i++) {
    struct stat st;
    if (stat(files[i], &st) != 0) {
      debugf("plain run: stat %s: %s", files[i], strerror(errno));
      return -1;
    }
    char line[128];
    int n = snprintf(line, sizeof line, "%llu %lld %lld.%ld", (unsigned long long)st.st_ino, (long long)st.st_size,
                     (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    put(&b, line, n + 1);
  }
  uint64_t h1 = fnv(0xcbf29ce484222325ULL, b.p, b.len);
  uint64_t h2 = fnv(0x84222325cbf29ce4ULL, b.p, b.len);
  snprintf(key, 21, "%016llx%04llx", (unsigned long long)h1, (unsigned long long)(h2 & 0xffff));
  free(b.p);
  free(bundle);
  return 0;
}

/** Connects to sock and checks that the server runs as this user: the descriptor, or -1. */
static int dial(const char *sock) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  if (strlen(sock) >= sizeof a.sun_path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  strcpy(a.sun_path, sock);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    close(fd);
    return -1;
  }
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != getuid()) {
    debugf("plain run: the server does not run as this user");
    close(fd);
    errno = EPERM;
    return -1;
  }
  return fd;
}

/** Starts the server detached: its own session, standard files on /dev/null but for a log. */
static int startServer(const char *sock) {
  size_t n = strlen(sock);
  char *log = malloc(n + 1);
  if (log == NULL) return -1;
  memcpy(log, sock, n - 5);  // s-KEY.sock → s-KEY.log
  strcpy(log + n - 5, ".log");
  int envc = 0;
  while (environ[envc]) envc++;
  char **env = calloc(envc + 3, sizeof *env);
  if (env == NULL) return -1;
  memcpy(env, environ, envc * sizeof *env);
  env[envc] = "GOCMD_SERVER_ROLE=server";
  env[envc + 1] = malloc(n + 32);
  if (env[envc + 1] == NULL) return -1;
  sprintf(env[envc + 1], "GOCMD_SERVER_SOCKET=%s", sock);
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDWR, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_RDWR, 0);
  posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
  char *argv[] = {nodePath, launcher, NULL};
  pid_t pid;
  int err = posix_spawn(&pid, nodePath, &fa, &attr, argv, env);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  free(log);
  free(env[envc + 1]);
  free(env);
  if (err != 0) {
    debugf("plain run: starting the server: %s", strerror(err));
    return -1;
  }
  return 0;
}

/** Reaches the server, starting it when none answers: the connection, or -1. */
static int connectServer(void) {
  char *dir = socketDir();
  if (dir == NULL) return -1;
  char key[21];
  if (serverKey(key) != 0) return -1;
  char name[64];
  snprintf(name, sizeof name, "s-%s.sock", key);
  char *sock = join(dir, name);
  int fd = dial(sock);
  if (fd >= 0) return fd;
  // One client starts the server; the others wait on the lock and then find it.
  snprintf(name, sizeof name, "s-%s.lock", key);
  char *lockPath = join(dir, name);
  int lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  free(lockPath);
  if (lock < 0 || flock(lock, LOCK_EX) != 0) {
    debugf("plain run: lock: %s", strerror(errno));
    return -1;
  }
  fd = dial(sock);
  if (fd < 0 && startServer(sock) == 0) {
    struct timespec start, now, pause = {0, 5 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    while ((fd = dial(sock)) < 0) {
      clock_gettime(CLOCK_MONOTONIC, &now);
      if (now.tv_sec - start.tv_sec >= 10) {
        debugf("plain run: server did not start: %s", strerror(errno));
        break;
      }
      nanosleep(&pause, NULL);
    }
  }
  close(lock);
  return fd;
}

static int conn = -1;

/** The pipe the signal handler passes signal numbers through to the loop in run. */
static int sigPipe[2] = {-1, -1};
/** The last signal passed on: a command that then dies may leave no exit frame. */
static int lastSignal;

static int writeFrame(char type, const char *p, uint32_t n);

/** Passes on the signals caught since last time. */
static void forwardSignals(void) {
  unsigned char s;
  while (sigPipe[0] >= 0 && read(sigPipe[0], &s, 1) == 1) {
    lastSignal = s;
    writeFrame('S', (const char *)&s, 1);
  }
}

/**
 * Writes all of p to fd (the socket: no SIGPIPE when the server has gone); -1 on an error. A signal
 * interrupting a write to stdout or stderr (a reader that does not read, a pager) is passed on at once.
 */
static int writeAll(int fd, const char *p, size_t n, int sock) {
  while (n > 0) {
    ssize_t w = sock ? send(fd, p, n, MSG_NOSIGNAL) : write(fd, p, n);
    if (w < 0) {
      if (errno != EINTR) return -1;
      if (!sock) forwardSignals();
      continue;
    }
    p += w;
    n -= w;
  }
  return 0;
}

/** Sends one frame in one call where the socket takes it (the server then wakes once for it, not twice). */
static int writeFrame(char type, const char *p, uint32_t n) {
  char h[5] = {type, (char)(n >> 24), (char)(n >> 16), (char)(n >> 8), (char)n};
  struct iovec iov[2] = {{h, 5}, {(void *)p, n}};
  struct msghdr m = {.msg_iov = iov, .msg_iovlen = n == 0 ? 1 : 2};
  ssize_t w;
  do w = sendmsg(conn, &m, MSG_NOSIGNAL);
  while (w < 0 && errno == EINTR);
  if (w < 0) return -1;
  if ((size_t)w < 5) return writeAll(conn, h + w, 5 - w, 1) != 0 || writeAll(conn, p, n, 1) != 0 ? -1 : 0;
  return writeAll(conn, p + (w - 5), n - (w - 5), 1);
}

static void onSignal(int sig) {
  int saved = errno;
  unsigned char b = (unsigned char)sig;
  (void)!write(sigPipe[1], &b, 1);
  errno = saved;
}

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

/** Ends the client as the command ended: with its status, or by its signal. */
static void finish(int code, int sig) {
  if (sig != 0) {
    signal(sig, SIG_DFL);
    kill(getpid(), sig);
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
    exit(128 + sig);
  }
  exit(code);
}

/** The integer after "key": in a small JSON object (the exit frame), 0 when absent. */
static int jsonInt(const char *s, const char *key) {
  const char *p = strstr(s, key);
  if (p == NULL) return 0;
  p += strlen(key);
  while (*p == ' ' || *p == ':') p++;
  return atoi(p);
}

enum { DECLINED = -1, LOST = -2 };

/**
 * Sends the request and relays until the exit frame, then ends the client. Returns DECLINED when the
 * server declined before anything ran (the caller runs plain), LOST when the connection broke after.
 */
static int run(int stdinToo) {
  char cwd[PATH_MAX];
  if (getcwd(cwd, sizeof cwd) == NULL) return DECLINED;
  struct buf h = {0};
  puts_(&h, "{\"argv\":[");
  for (int i = 0; i < nargs; i++) {
    if (i) put(&h, ",", 1);
    putJSON(&h, args[i]);
  }
  puts_(&h, "],\"env\":[");
  for (char **e = environ; *e; e++) {
    if (e != environ) put(&h, ",", 1);
    putJSON(&h, *e);
  }
  puts_(&h, "],\"cwd\":");
  putJSON(&h, cwd);
  char tail[160];
  snprintf(tail, sizeof tail, ",\"uid\":%u,\"stdin\":%s", (unsigned)getuid(), stdinToo ? "true" : "false");
  puts_(&h, tail);
  // A terminal on stderr: the server draws the progress line there, as a plain run does on its own.
  if (isatty(2)) {
    struct winsize ws;
    unsigned cols = ioctl(2, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;
    snprintf(tail, sizeof tail, ",\"stderrTerminal\":true,\"stdoutTerminal\":%s,\"columns\":%u",
             isatty(1) ? "true" : "false", cols);
    puts_(&h, tail);
  }
  put(&h, "}", 1);
  if (writeFrame('H', h.p, h.len) != 0) return DECLINED;
  free(h.p);

  if (pipe2(sigPipe, O_CLOEXEC | O_NONBLOCK) == 0) {
    // Not SA_RESTART: a blocked write to stdout returns, and the signal is passed on (writeAll).
    struct sigaction sa = {.sa_handler = onSignal};
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) sigaction(forwarded[i], &sa, NULL);
  }
  int started = 0;
  int stdinOpen = stdinToo;
  // The frame being read: its head, then its payload (stdout and stderr bytes are written as they come).
  unsigned char head[5];
  size_t headLen = 0;
  uint32_t left = 0;
  struct buf small = {0};  // the payload of a frame other than stdout/stderr
  static char in[64 << 10];
  for (;;) {
    struct pollfd p[3] = {{conn, POLLIN, 0}, {sigPipe[0], POLLIN, 0}, {stdinOpen ? 0 : -1, POLLIN, 0}};
    if (poll(p, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return LOST;
    }
    if (p[1].revents) forwardSignals();
    if (p[2].revents) {
      ssize_t n = read(0, in, sizeof in);
      if (n > 0) writeFrame('I', in, n);
      else if (n == 0 || errno != EINTR) {
        writeFrame('E', NULL, 0);
        stdinOpen = 0;
      }
    }
    if (!p[0].revents) continue;
    ssize_t n = read(conn, in, sizeof in);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // The warm worker writes to this connection itself: when a signal passed on ends it, it may die in
      // the middle of a frame, and the server then closes the connection without an exit frame. The
      // command ended by that signal, so this process does too.
      if (lastSignal != 0) finish(0, lastSignal);
      // Closed before answering: nothing ran (a server going away); run plain.
      if (!started) return DECLINED;
      return LOST;
    }
    for (char *c = in, *end = in + n; c < end;) {
      if (headLen < 5) {
        head[headLen++] = (unsigned char)*c++;
        if (headLen == 5) {
          left = (uint32_t)head[1] << 24 | (uint32_t)head[2] << 16 | (uint32_t)head[3] << 8 | head[4];
          small.len = 0;
        } else {
          continue;
        }
      } else {
        size_t take = (size_t)(end - c) < left ? (size_t)(end - c) : left;
        if (head[0] == 'O' || head[0] == 'R') writeAll(head[0] == 'O' ? 1 : 2, c, take, 0);
        else put(&small, c, take);
        c += take;
        left -= take;
      }
      if (left > 0) continue;
      headLen = 0;
      debugf("frame %c", head[0]);
      switch (head[0]) {
        case 'O':
        case 'R':
        case 'A':
          started = 1;
          break;
        case 'F':
          if (started) {
            fprintf(stderr, "gocmd: server: declined after starting\n");
            exit(2);
          }
          return DECLINED;
        case 'X':
          put(&small, "", 1);
          finish(jsonInt(small.p, "\"code\""), jsonInt(small.p, "\"sig\""));
      }
    }
  }
}

/** The path this program was started by, as a shell's $0 would be: argv[0], else found on PATH. */
static char *startedAs(const char *argv0) {
  char *p = strchr(argv0, '/') ? strdup(argv0) : lookPath(argv0);
  return p != NULL ? p : strdup(argv0);
}

int main(int argc, char **argv) {
  clock_gettime(CLOCK_MONOTONIC, &t0);
  const char *dbg = getenv("GOCMD_SERVER_DEBUG");
  debug = dbg != NULL && dbg[0] != 0;
  args = argv + 1;
  nargs = argc - 1;
  char *self = startedAs(argc > 0 ? argv[0] : "gocmd-client");
  // The bundle is beside this program, wherever the links it was started through lead.
  char *real = realpath("/proc/self/exe", NULL);
  if (real == NULL) real = realpath(self, NULL);
  if (real == NULL) {
    fprintf(stderr, "gocmd: cannot find the directory of %s\n", self);
    return 2;
  }
  *strrchr(real, '/') = 0;
  distDir = real;
  launcher = join(distDir, "gocmd.cjs");
  // What bin/gocmd does first (see there): the path gocmd was started by, and the CA file moved out of
  // node's sight.
  const char *exe = getenv("GOCMD_EXE");
  if (exe == NULL || exe[0] == 0) setenv("GOCMD_EXE", self, 1);
  const char *ca = getenv("NODE_EXTRA_CA_CERTS");
  if (ca != NULL && ca[0] != 0 && getenv("GOCMD_NODE_EXTRA_CA_CERTS") == NULL) {
    setenv("GOCMD_NODE_EXTRA_CA_CERTS", ca, 1);
    unsetenv("NODE_EXTRA_CA_CERTS");
  }
  const char *node = getenv("GOCMD_NODE");
  nodeName = node != NULL && node[0] != 0 ? (char *)node : "node";
  nodePath = lookPath(nodeName);
  const char *served = getenv("GOCMD_SERVER");
  if (served == NULL || strcmp(served, "1") != 0 || nodePath == NULL || !wantServer()) plain();
  conn = connectServer();
  if (conn < 0) plain();
  debugf("connected");
  int r = run(forwardsStdin());
  if (r == DECLINED) {
    close(conn);
    plain();
  }
  fprintf(stderr, "gocmd: server: connection lost\n");
  return 2;
}
