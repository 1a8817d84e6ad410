// A haproxy.cfg that puts real HAProxy in front of the lab faults: one backend per fault
// (/f/<fault id>), the fault's timeouts, server-side keep-alive reuse, TLS where the fault needs
// it, `option httplog` with the request id captured from X-Request-Id, logs on stdout (raw).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultListing } from '../../../src/lab/index.ts';

const ms = (v: number | undefined, fallback: number) => `${Math.max(1, v ?? fallback)}ms`;

export function writeHaproxyConf(dir: string, port: number, faults: readonly FaultListing[], caPem: string): string {
  writeFileSync(join(dir, 'ca.pem'), caPem);
  const backends: string[] = [];
  const uses: string[] = [];
  faults.forEach((f, i) => {
    const url = new URL(f.url);
    const pt = f.trigger.proxyTimeouts ?? {};
    const tls = url.protocol === 'https:' ? (f.trigger.verifyTls ? ` ssl verify required ca-file ${join(dir, 'ca.pem')} sni str(${url.hostname})` : ' ssl verify none') : '';
    const path = f.kind === 'path' ? `  http-request set-path ${url.pathname}\n` : '';
    uses.push(`  use_backend b_${i} if { path /f/${f.id} }`);
    backends.push(`backend b_${i}
${path}  timeout connect ${ms(pt.connectMs ?? pt.tlsMs, 3000)}
  timeout server ${ms(pt.headersMs ?? pt.bodyMs ?? pt.sendMs, 5000)}
  http-reuse always
  server s ${url.host}${tls}`);
  });
  const cfg = `global
  log stdout format raw local0
  maxconn 256
defaults
  mode http
  log global
  option httplog
  retries 0
  timeout connect 3s
  timeout client 10s
  timeout server 5s
  timeout http-keep-alive 30s
frontend fe
  bind 127.0.0.1:${port}
  capture request header X-Request-Id len 80
${uses.join('\n')}
${backends.join('\n')}
`;
  const path = join(dir, 'haproxy.cfg');
  writeFileSync(path, cfg);
  return path;
}
