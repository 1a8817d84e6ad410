// An nginx.conf that puts real NGINX in front of every lab fault: one upstream and one exact
// location per fault (/f/<fault id>), the fault's proxy timeouts, upstream keep-alive, TLS and a
// resolver where the fault needs them, and two access logs: one with the $upstream_* variables
// and the request id, one in plain `combined`.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultListing } from '../../../src/lab/index.ts';

export const NGINX_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  'rid=$http_x_request_id ua="$upstream_addr" us="$upstream_status" uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time" rt=$request_time cn=$connection';

const sec = (ms: number | undefined, fallback: string) => (ms === undefined ? fallback : `${Math.max(1, ms)}ms`);

export interface NginxSetup {
  readonly conf: string;
  readonly accessLog: string;
  readonly combinedLog: string;
  readonly errorLog: string;
  readonly pidFile: string;
}

export function writeNginxConf(dir: string, port: number, faults: readonly FaultListing[], caPem: string): NginxSetup {
  // NGINX workers run as an unprivileged user when started as root: they must reach the temp dirs.
  chmodSync(dir, 0o755);
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(join(dir, d), { recursive: true });
    chmodSync(join(dir, d), 0o777);
  }
  writeFileSync(join(dir, 'ca.pem'), caPem);
  const s: NginxSetup = {
    conf: join(dir, 'nginx.conf'),
    accessLog: join(dir, 'access.log'),
    combinedLog: join(dir, 'access-combined.log'),
    errorLog: join(dir, 'error.log'),
    pidFile: join(dir, 'nginx.pid'),
  };
  const upstreams: string[] = [];
  const locations: string[] = [];
  faults.forEach((f, i) => {
    const url = new URL(f.url);
    const t = f.trigger as FaultListing['trigger'] & { resolver?: string; proxyTimeouts?: { resolveMs?: number } & NonNullable<FaultListing['trigger']['proxyTimeouts']> };
    const pt = t.proxyTimeouts ?? {};
    const scheme = url.protocol === 'https:' ? 'https' : 'http';
    const lines = [
      `proxy_connect_timeout ${sec(pt.connectMs ?? pt.tlsMs, '3s')};`,
      `proxy_send_timeout ${sec(pt.sendMs, '5s')};`,
      `proxy_read_timeout ${sec(pt.headersMs ?? pt.bodyMs, '5s')};`,
      'proxy_http_version 1.1;',
      'proxy_set_header Connection "";',
      'proxy_set_header X-Request-Id $http_x_request_id;',
    ];
    if (t.verifyTls) lines.push('proxy_ssl_verify on;', `proxy_ssl_trusted_certificate ${join(dir, 'ca.pem')};`, 'proxy_ssl_server_name on;', `proxy_ssl_name ${url.hostname};`);
    if (t.resolver) {
      lines.push(`resolver ${t.resolver} valid=1s ipv6=off;`, `resolver_timeout ${sec(pt.resolveMs, '2s')};`, `set $target "${url.host}";`, `proxy_pass ${scheme}://$target;`);
    } else {
      upstreams.push(`upstream up_${i} { server ${url.host}; keepalive 4; keepalive_timeout 60s; }`);
      const path = f.kind === 'path' ? url.pathname : '/';
      lines.push(`proxy_pass ${scheme}://up_${i}${path};`);
    }
    locations.push(`    location = /f/${f.id} {\n      ${lines.join('\n      ')}\n    }`);
  });
  const conf = `daemon off;
master_process on;
worker_processes 1;
pid ${s.pidFile};
error_log ${s.errorLog} info;
events { worker_connections 256; }
http {
  client_body_temp_path ${join(dir, 'body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  client_max_body_size 64m;
  log_format gw '${NGINX_FORMAT}';
  access_log ${s.accessLog} gw;
  access_log ${s.combinedLog} combined;
  ${upstreams.join('\n  ')}
  server {
    listen 127.0.0.1:${port};
${locations.join('\n')}
  }
}
`;
  writeFileSync(s.conf, conf);
  return s;
}
