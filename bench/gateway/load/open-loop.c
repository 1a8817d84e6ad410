// An open-loop HTTP/1.1 load generator in C (epoll + timerfd): GET requests at a FIXED rate on a
// fixed set of keep-alive connections, latency measured from each request's INTENDED send time.
//
// Why C: the generator shares the load core with the backend. The Node version it replaced cost
// 16-22 µs of CPU per request, so at 25-40 k req/s that core was 87-99 % busy and the latency rows
// measured the load side's queues, not the proxy's. This one costs a few µs per request (mostly
// the write and read syscalls). Why not an existing tool: Debian has no wrk2; wrk is closed-loop
// (coordinated omission), and h2load's --rps fires every connection's timer together, so requests
// arrive in bursts of one per connection and the burst's own queue dominates the percentiles.
//
// Method (as in wrk2, Gil Tene): request i is due at t0 + i/rate whether or not the proxy kept up.
// When it is due and a connection is idle it is written at once (a timerfd with an absolute
// tick wakes us: no busy polling, so the backend sharing the core keeps it); when every
// connection is waiting on the proxy it queues, and that wait counts in its latency. One request
// in flight per connection, never pipelined, like browsers and wrk. The lag from due time to write
// is recorded separately for requests that found a free connection: that is the generator's own
// delay, so it can be told from the proxy's.
//
// Build: cc -O2 -o open-loop open-loop.c   (bench/gateway/load-runs.ts does this once per run)
// Usage: open-loop --port P --rate R --duration S [--connections N] [--host H] [--path /] [--tick-us 100]
//        [--timeout S] [--warmup S]. Prints one JSON object on stdout (the shape of OpenLoopResult).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

// ---- histogram: log-linear as HdrHistogram, the same buckets as histogram.ts ----------------------
// Below 128 µs exact; above, 64 buckets per power of two (within 1.6 %). Percentiles report the
// bucket's upper bound (never flattering); the maximum is exact.
#define SUB_BITS 6
#define SUB_COUNT (1 << SUB_BITS)
#define LINEAR_LIMIT (SUB_COUNT * 2)
#define MAX_VALUE 2147483647L
#define BUCKETS (LINEAR_LIMIT + (31 - 7) * SUB_COUNT)

typedef struct {
  uint64_t counts[BUCKETS];
  uint64_t total;
  long max;
} histogram;

static int bucket_of(long v) {
  if (v < LINEAR_LIMIT) return (int)v;
  int exponent = 63 - __builtin_clzl((unsigned long)v);
  int shift = exponent - SUB_BITS;
  return LINEAR_LIMIT + (exponent - 7) * SUB_COUNT + (int)((v >> shift) - SUB_COUNT);
}

static long upper_bound_of(int i) {
  if (i < LINEAR_LIMIT) return i;
  int octave = (i - LINEAR_LIMIT) / SUB_COUNT, sub = (i - LINEAR_LIMIT) % SUB_COUNT;
  int shift = octave + 7 - SUB_BITS;
  return ((long)(SUB_COUNT + sub + 1) << shift) - 1;
}

static void record(histogram *h, double us) {
  long v = us < 0 ? 0 : (long)us;
  if (v > MAX_VALUE) v = MAX_VALUE;
  h->counts[bucket_of(v)]++;
  h->total++;
  if (v > h->max) h->max = v;
}

static long percentile(const histogram *h, double q) {
  if (h->total == 0) return 0;
  uint64_t rank = (uint64_t)ceil(q * (double)h->total), seen = 0;
  if (rank < 1) rank = 1;
  for (int i = 0; i < BUCKETS; i++) {
    seen += h->counts[i];
    if (seen >= rank) return upper_bound_of(i) < h->max ? upper_bound_of(i) : h->max;
  }
  return h->max;
}

static void print_summary(const char *name, const histogram *h) {
  printf("\"%s\":{\"count\":%lu,\"p50\":%ld,\"p90\":%ld,\"p99\":%ld,\"p999\":%ld,\"max\":%ld}", name, (unsigned long)h->total,
         percentile(h, 0.5), percentile(h, 0.9), percentile(h, 0.99), percentile(h, 0.999), h->max);
}

// ---- response framing (RFC 9112 §6.3), just enough for a load generator ---------------------------
// A response framed by connection close cannot be told from the next one on a keep-alive
// connection, so it is counted invalid: every proxy in the benchmark frames its responses.
#define READ_BUFFER (64 * 1024)

enum body_kind { BODY_NONE, BODY_LENGTH, BODY_CHUNKED };
enum chunk_state { CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, CHUNK_TRAILERS };

typedef struct {
  int fd;
  int busy, queued, in_head, close_after;
  int status;
  enum body_kind body;
  enum chunk_state chunk;
  long remaining; // body bytes (length) or chunk bytes left
  int64_t due_ns, sent_ns;
  size_t used; // bytes buffered in `buf`
  char buf[READ_BUFFER];
} conn;

enum frame_result { FRAME_MORE, FRAME_DONE, FRAME_INVALID };

/** Find `name:` at a line start in the head (case-insensitive); returns the value or NULL. */
static const char *header_value(const char *head, size_t len, const char *name) {
  size_t n = strlen(name);
  for (const char *p = head; p && p < head + len; p = memchr(p, '\n', (size_t)(head + len - p))) {
    if (*p == '\n') p++;
    if ((size_t)(head + len - p) > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
      p += n + 1;
      while (*p == ' ' || *p == '\t') p++;
      return p;
    }
  }
  return NULL;
}

static int value_has(const char *value, const char *token) {
  const char *end = strstr(value, "\r\n");
  size_t n = strlen(token);
  for (const char *p = value; end && p + n <= end; p++)
    if (strncasecmp(p, token, n) == 0) return 1;
  return 0;
}

/** Parse the head at c->buf (NUL-terminated by the caller); returns head bytes, 0 = incomplete, -1 = invalid. */
static long parse_head(conn *c) {
  char *end = memmem(c->buf, c->used, "\r\n\r\n", 4);
  if (!end) return c->used >= READ_BUFFER - 1 ? -1 : 0; // a head larger than the buffer
  size_t len = (size_t)(end - c->buf) + 2; // through the last header's CRLF
  if (len < 14 || strncmp(c->buf, "HTTP/1.", 7) != 0) return -1;
  c->status = atoi(c->buf + 9);
  if (c->status < 100 || c->status > 999) return -1;
  const char *connection = header_value(c->buf, len, "connection");
  c->close_after = c->buf[7] == '0' || (connection && value_has(connection, "close"));
  const char *te = header_value(c->buf, len, "transfer-encoding");
  const char *cl = header_value(c->buf, len, "content-length");
  if (c->status == 204 || c->status == 304 || c->status < 200) {
    c->body = BODY_NONE;
  } else if (te && value_has(te, "chunked")) {
    c->body = BODY_CHUNKED;
    c->chunk = CHUNK_SIZE;
  } else if (cl) {
    char *stop;
    c->remaining = strtol(cl, &stop, 10);
    if (stop == cl || c->remaining < 0) return -1;
    c->body = BODY_LENGTH;
  } else {
    return -1;
  }
  return (long)(end - c->buf) + 4;
}

/** Consume body bytes from data[0..n); *used gets how many belong to this response. */
static enum frame_result consume_body(conn *c, const char *data, size_t n, size_t *used) {
  size_t at = 0;
  if (c->body == BODY_NONE) {
    *used = 0;
    return FRAME_DONE;
  }
  if (c->body == BODY_LENGTH) {
    size_t take = (size_t)c->remaining < n ? (size_t)c->remaining : n;
    c->remaining -= (long)take;
    *used = take;
    return c->remaining == 0 ? FRAME_DONE : FRAME_MORE;
  }
  while (at < n) {
    if (c->chunk == CHUNK_DATA) {
      size_t take = (size_t)c->remaining < n - at ? (size_t)c->remaining : n - at;
      c->remaining -= (long)take;
      at += take;
      if (c->remaining == 0) c->chunk = CHUNK_DATA_END;
      continue;
    }
    // The other states read whole lines: wait until the line is complete.
    const char *eol = memmem(data + at, n - at, "\r\n", 2);
    if (!eol) break;
    size_t line = (size_t)(eol - (data + at));
    if (c->chunk == CHUNK_SIZE) {
      char *stop;
      long size = strtol(data + at, &stop, 16);
      if (stop == data + at || size < 0) return FRAME_INVALID;
      c->remaining = size;
      c->chunk = size == 0 ? CHUNK_TRAILERS : CHUNK_DATA;
    } else if (c->chunk == CHUNK_DATA_END) {
      if (line != 0) return FRAME_INVALID;
      c->chunk = CHUNK_SIZE;
    } else if (line == 0) { // the empty line after the trailers
      *used = at + 2;
      return FRAME_DONE;
    }
    at += line + 2;
  }
  *used = at;
  return FRAME_MORE;
}

// ---- the generator --------------------------------------------------------------------------------
static struct {
  const char *host, *path;
  int port, connections;
  double rate, duration_s, warmup_s, timeout_s, tick_us;
} opt = {"127.0.0.1", "/", 0, 50, 0, 0, 1, 2, 100};

static conn *conns;
static conn **idle;
static int idle_count, open_count, epfd, tfd;
static char request[1024];
static size_t request_len;
static int64_t t0, measure_from;
static double interval_ns;
static uint64_t total, next, completed, measured, queued, non2xx, backlog_up_to;
static int have_backlog;
static long reconnect_budget;
static struct { uint64_t connect, closed, timeout, invalid, unsent; } errors;
static histogram latency, service, lag;

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t due_of(uint64_t i) { return t0 + (int64_t)((double)i * interval_ns); }

static void fail(const char *what) {
  printf("{\"error\":\"%s: %s\"}\n", what, strerror(errno));
  exit(1);
}

static int open_connection(conn *c) {
  int fd = socket(strchr(opt.host, ':') ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  int ok;
  if (strchr(opt.host, ':')) {
    struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)opt.port)};
    inet_pton(AF_INET6, opt.host, &a.sin6_addr);
    ok = connect(fd, (struct sockaddr *)&a, sizeof a); // loopback: completes at once
  } else {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt.port)};
    inet_pton(AF_INET, opt.host, &a.sin_addr);
    ok = connect(fd, (struct sockaddr *)&a, sizeof a);
  }
  if (ok < 0) {
    errors.connect++;
    close(fd);
    return -1;
  }
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) fail("epoll_ctl");
  c->fd = fd;
  c->busy = 0;
  c->used = 0;
  idle[idle_count++] = c;
  open_count++;
  return 0;
}

static void drop_connection(conn *c) {
  if (c->fd < 0) return;
  close(c->fd); // also leaves the epoll set
  c->fd = -1;
  open_count--;
  if (c->busy) {
    c->busy = 0;
  } else {
    for (int i = 0; i < idle_count; i++)
      if (idle[i] == c) {
        idle[i] = idle[--idle_count];
        break;
      }
  }
  if (next < total && reconnect_budget-- > 0) open_connection(c);
}

static void send_due(void) {
  int64_t at = now_ns();
  while (next < total) {
    int64_t due = due_of(next);
    if (due > at) break;
    if (idle_count == 0) {
      // Every connection is waiting on the proxy: requests due by now queue for one, and that wait
      // is the proxy's doing (kept out of the generator's lag figure).
      uint64_t up_to = (uint64_t)((double)(at - t0) / interval_ns);
      if (up_to >= total) up_to = total - 1;
      if (!have_backlog || up_to > backlog_up_to) backlog_up_to = up_to;
      have_backlog = 1;
      break;
    }
    conn *c = idle[--idle_count];
    c->busy = 1;
    c->in_head = 1;
    c->due_ns = due;
    c->sent_ns = at;
    c->queued = have_backlog && next <= backlog_up_to;
    next++;
    if (write(c->fd, request, request_len) != (ssize_t)request_len) {
      errors.closed++; // a short write of a 60-byte request on a fresh socket: the peer is gone
      drop_connection(c);
    }
  }
}

static void complete(conn *c) {
  int64_t at = now_ns();
  completed++;
  if (c->status < 200 || c->status > 299) non2xx++;
  if (c->due_ns >= measure_from) {
    measured++;
    record(&latency, (double)(at - c->due_ns) / 1000);
    record(&service, (double)(at - c->sent_ns) / 1000);
    if (c->queued) queued++;
    else record(&lag, (double)(c->sent_ns - c->due_ns) / 1000);
  }
  c->busy = 0;
  if (c->close_after) drop_connection(c);
  else idle[idle_count++] = c;
}

static void invalid(conn *c) {
  errors.invalid++;
  c->busy = 0;
  drop_connection(c);
}

static void on_readable(conn *c) {
  ssize_t n = read(c->fd, c->buf + c->used, READ_BUFFER - 1 - c->used);
  if (n <= 0) {
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (c->busy) errors.closed++;
    drop_connection(c);
    return;
  }
  c->used += (size_t)n;
  size_t at = 0;
  while (at < c->used) {
    if (!c->busy) return invalid(c); // bytes nobody asked for
    if (c->in_head) {
      memmove(c->buf, c->buf + at, c->used - at);
      c->used -= at;
      at = 0;
      c->buf[c->used] = 0;
      long head = parse_head(c);
      if (head == 0) return;
      if (head < 0) return invalid(c);
      c->in_head = 0;
      at = (size_t)head;
    }
    size_t used = 0;
    enum frame_result r = consume_body(c, c->buf + at, c->used - at, &used);
    if (r == FRAME_INVALID) return invalid(c);
    at += used;
    if (r == FRAME_MORE) {
      if (c->body == BODY_CHUNKED && at < c->used) { // keep an incomplete chunk line for the next read
        memmove(c->buf, c->buf + at, c->used - at);
        c->used -= at;
        return;
      }
      break;
    }
    int closing = c->close_after;
    complete(c);
    if (closing) return;
  }
  c->used = 0;
}

static void expire_stalled(void) {
  int64_t at = now_ns(), limit = (int64_t)(opt.timeout_s * 1e9);
  for (int i = 0; i < opt.connections; i++)
    if (conns[i].fd >= 0 && conns[i].busy && at - conns[i].sent_ns > limit) {
      errors.timeout++;
      drop_connection(&conns[i]);
    }
}

static double number(const char *name, const char *raw) {
  char *end;
  double v = raw ? strtod(raw, &end) : 0;
  if (!raw || *end || !(v > 0)) {
    fprintf(stderr, "open-loop: --%s must be a positive number (got %s)\n", name, raw ? raw : "nothing");
    exit(2);
  }
  return v;
}

static void parse_options(int argc, char **argv) {
  for (int i = 1; i < argc; i += 2) {
    const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(k, "--host") && v) opt.host = v;
    else if (!strcmp(k, "--path") && v) opt.path = v;
    else if (!strcmp(k, "--port")) opt.port = (int)number("port", v);
    else if (!strcmp(k, "--rate")) opt.rate = number("rate", v);
    else if (!strcmp(k, "--duration")) opt.duration_s = number("duration", v);
    else if (!strcmp(k, "--connections")) opt.connections = (int)number("connections", v);
    else if (!strcmp(k, "--timeout")) opt.timeout_s = number("timeout", v);
    else if (!strcmp(k, "--tick-us")) opt.tick_us = number("tick-us", v);
    else if (!strcmp(k, "--warmup")) opt.warmup_s = v && !strcmp(v, "0") ? 0 : number("warmup", v);
    else {
      fprintf(stderr, "open-loop: unknown option %s\n", k);
      exit(2);
    }
  }
  if (opt.port <= 0 || opt.rate <= 0 || opt.duration_s <= 0) {
    fprintf(stderr, "usage: open-loop --port P --rate R --duration S [--connections N] [--host H] [--path /] [--timeout S] [--warmup S] [--tick-us N]\n");
    exit(2);
  }
}

int main(int argc, char **argv) {
  parse_options(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  const char *bracket = strchr(opt.host, ':') ? "[" : "", *close_bracket = strchr(opt.host, ':') ? "]" : "";
  request_len = (size_t)snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s%s%s:%d\r\n\r\n", opt.path, bracket, opt.host,
                                 close_bracket, opt.port);
  total = (uint64_t)floor(opt.rate * (opt.warmup_s + opt.duration_s));
  interval_ns = 1e9 / opt.rate;
  reconnect_budget = (long)opt.connections * 20;
  if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) fail("epoll_create1");
  if ((tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0) fail("timerfd_create");
  struct epoll_event tev = {.events = EPOLLIN, .data.ptr = NULL};
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &tev) < 0) fail("epoll_ctl");
  conns = calloc((size_t)opt.connections, sizeof *conns);
  idle = calloc((size_t)opt.connections, sizeof *idle);
  if (!conns || !idle) fail("calloc");
  for (int i = 0; i < opt.connections; i++) {
    conns[i].fd = -1;
    open_connection(&conns[i]);
  }
  if (open_count == 0) {
    printf("{\"error\":\"could not connect to %s:%d\"}\n", opt.host, opt.port);
    return 1;
  }
  t0 = now_ns();
  measure_from = t0 + (int64_t)(opt.warmup_s * 1e9);
  int64_t end = measure_from + (int64_t)(opt.duration_s * 1e9);
  int64_t deadline = end + (int64_t)(opt.timeout_s * 1e9) + 1000000000;
  int64_t last_expiry_check = t0;
  struct epoll_event events[256];
  // One periodic tick rather than a timer re-armed per request: in a VM, each timerfd_settime and
  // each timer interrupt costs tens of µs (measured with perf: 43 % of the generator's CPU went to
  // do_timerfd_settime), which at 25 k req/s took 76 % of the load core. A tick of 100 µs sends
  // each request at most that late (the lag figure shows it) and costs 10 k wake-ups a second.
  long tick_ns = (long)(opt.tick_us * 1000);
  struct itimerspec tick = {.it_interval = {tick_ns / 1000000000, tick_ns % 1000000000}, .it_value = {tick_ns / 1000000000, tick_ns % 1000000000}};
  if (timerfd_settime(tfd, 0, &tick, NULL) < 0) fail("timerfd_settime");
  send_due();
  for (;;) {
    int64_t at = now_ns();
    int busy = open_count - idle_count; // every open connection is idle or waiting on a response
    if ((next >= total && busy == 0) || at > deadline || open_count == 0) break;
    int n = epoll_wait(epfd, events, 256, -1); // the tick bounds every wait
    if (n < 0 && errno != EINTR) fail("epoll_wait");
    for (int i = 0; i < n; i++) {
      if (events[i].data.ptr == NULL) {
        uint64_t expirations;
        if (read(tfd, &expirations, sizeof expirations) < 0 && errno != EAGAIN) fail("timerfd read");
      } else {
        conn *c = events[i].data.ptr;
        if (c->fd >= 0) on_readable(c);
      }
    }
    send_due();
    if (now_ns() - last_expiry_check > 10000000) {
      expire_stalled();
      last_expiry_check = now_ns();
    }
  }
  double elapsed_s = (double)(now_ns() - measure_from) / 1e9;
  errors.unsent = total - next;
  for (int i = 0; i < opt.connections; i++)
    if (conns[i].fd >= 0 && conns[i].busy) errors.timeout++;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double cpu_us = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
  printf("{\"rate\":%g,\"durationS\":%g,\"connections\":%d,\"scheduled\":%lu,\"sent\":%lu,\"completed\":%lu,\"measured\":%lu,"
         "\"queued\":%lu,\"achievedRate\":%.1f,\"non2xx\":%lu,",
         opt.rate, opt.duration_s, opt.connections, (unsigned long)total, (unsigned long)next, (unsigned long)completed,
         (unsigned long)measured, (unsigned long)queued, (double)measured / elapsed_s, (unsigned long)non2xx);
  printf("\"errors\":{\"connect\":%lu,\"closed\":%lu,\"timeout\":%lu,\"invalid\":%lu,\"unsent\":%lu},", (unsigned long)errors.connect,
         (unsigned long)errors.closed, (unsigned long)errors.timeout, (unsigned long)errors.invalid, (unsigned long)errors.unsent);
  print_summary("latencyUs", &latency);
  putchar(',');
  print_summary("serviceUs", &service);
  putchar(',');
  print_summary("lagUs", &lag);
  // The generator's own CPU (start-up included) per request: its cost on the load core.
  if (completed > 0) printf(",\"generatorCpuUsPerRequest\":%.2f}\n", cpu_us / (double)completed);
  else printf(",\"generatorCpuUsPerRequest\":null}\n");
  return 0;
}
