// Configuration files for the backend and the two native peers, each written into the run's temp
// dir. Settings follow each peer's own tuning advice for a keep-alive reverse proxy, so the
// comparison is against the peers at their best, not at their defaults.

/** The backend's body: exactly 100 bytes, checked through every proxy before it is measured. */
export const BODY = '0123456789'.repeat(10);

// Both ends keep connections open for the whole run: nginx closes a client connection after
// `keepalive_requests` (1000 by default), which would add connection set-up to every figure.
const KEEPALIVE = ['keepalive_requests 10000000;', 'keepalive_timeout 75s;'];

export function nginxBackendConfig(dir: string, port: number): string {
  return [
    'daemon off;',
    'master_process off;', // one process: the backend is not measured, only kept fast and small
    'worker_processes 1;',
    `pid ${dir}/backend.pid;`,
    `error_log ${dir}/backend-error.log warn;`,
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    ...KEEPALIVE.map((l) => `  ${l}`),
    `  server {`,
    `    listen 127.0.0.1:${port} backlog=4096;`,
    '    location / { default_type text/plain; return 200 "' + BODY + '"; }',
    '  }',
    '}',
    '',
  ].join('\n');
}

// NGINX as a reverse proxy: one worker, upstream keep-alive (nginx docs, ngx_http_upstream_module
// "keepalive": needs proxy_http_version 1.1 and an empty Connection header).
export function nginxProxyConfig(dir: string, port: number, backendPort: number): string {
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${dir}/proxy-nginx.pid;`,
    `error_log ${dir}/proxy-nginx-error.log warn;`,
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    ...KEEPALIVE.map((l) => `  ${l}`),
    `  upstream backend { server 127.0.0.1:${backendPort}; keepalive 64; keepalive_requests 10000000; }`,
    '  server {',
    `    listen 127.0.0.1:${port} backlog=4096;`,
    '    location / {',
    '      proxy_pass http://backend;',
    '      proxy_http_version 1.1;',
    '      proxy_set_header Connection "";',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}

// HAProxy: one thread, HTTP mode, server-side connection reuse ("http-reuse safe", the default since
// 2.0, written out so the setting is visible), no logging.
export function haproxyConfig(port: number, backendPort: number): string {
  return [
    'global',
    '  nbthread 1',
    '  maxconn 4096', // needs ~2 fds per connection: stays under a 20000-fd ulimit
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-keep-alive 75s',
    '  http-reuse safe',
    'frontend bench',
    `  bind 127.0.0.1:${port}`,
    '  default_backend backend',
    'backend backend',
    `  server s1 127.0.0.1:${backendPort}`,
    '',
  ].join('\n');
}

export const WRK_REPORT_LUA = `-- Print wrk's summary as one JSON line (only done() is defined, so wrk keeps its fast path).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latency_us":{"p50":%d,"p99":%d,"max":%d}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`;
