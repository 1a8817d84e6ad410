// The proxies compared, one row each: how to start it on the shared port in front of the backend.
// Each proxy is started alone on its own core (`taskset -c <proxy core>`), except the two-worker
// Gatewise row, which is given every core to show how throughput scales from 1 to 2 workers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { haproxyConfig, nginxProxyConfig } from './configs.ts';

export type ProxyId = 'nginx' | 'haproxy' | 'http-proxy' | 'fastify-http-proxy' | 'gatewise' | 'gatewise-log' | 'gatewise-w2';

export interface LaunchContext {
  readonly dir: string; // the run's temp dir
  readonly repo: string; // repository root
  readonly node: string; // the pinned Node binary
  readonly port: number;
  readonly backendPort: number;
}

export interface ProxyDef {
  readonly id: ProxyId;
  readonly label: string;
  readonly family: 'native' | 'node' | 'gatewise';
  /** false: runs on every core (the scaling row). */
  readonly pinned: boolean;
  /** Binary that must exist, for a clear "not available" row. */
  readonly needs?: string;
  command(ctx: LaunchContext): { command: string; args: string[]; accessLog?: string };
}

const peer = (script: string) => (ctx: LaunchContext) => ({
  command: ctx.node,
  args: [join(ctx.repo, 'bench/gateway/peers', script), '--listen', `127.0.0.1:${ctx.port}`, '--upstream', `http://127.0.0.1:${ctx.backendPort}`],
});

const gatewise = (workers: number, withLog: boolean) => (ctx: LaunchContext) => {
  const accessLog = withLog ? join(ctx.dir, `gatewise-access-w${workers}.log`) : undefined;
  return {
    command: ctx.node,
    accessLog,
    // Through the launcher, as users start it: it adds serve's V8 flag and keeps Node's TypeScript
    // stripper (≈ 17 MB of RSS) out of the gateway, even on a cold compile cache (bin/gatewise.js).
    args: [
      join(ctx.repo, 'bin/gatewise.js'),
      'serve',
      '--listen',
      `127.0.0.1:${ctx.port}`,
      '--upstream',
      `http://127.0.0.1:${ctx.backendPort}`,
      '--workers',
      String(workers),
      ...(accessLog ? ['--access-log', accessLog] : []),
    ],
  };
};

export const PROXIES: readonly ProxyDef[] = [
  {
    id: 'nginx',
    label: 'NGINX (1 worker)',
    family: 'native',
    pinned: true,
    needs: '/usr/sbin/nginx',
    command(ctx) {
      const file = join(ctx.dir, 'proxy-nginx.conf');
      writeFileSync(file, nginxProxyConfig(ctx.dir, ctx.port, ctx.backendPort));
      return { command: '/usr/sbin/nginx', args: ['-p', ctx.dir, '-e', join(ctx.dir, 'proxy-nginx-error.log'), '-c', file] };
    },
  },
  {
    id: 'haproxy',
    label: 'HAProxy (1 thread)',
    family: 'native',
    pinned: true,
    needs: '/usr/sbin/haproxy',
    command(ctx) {
      const file = join(ctx.dir, 'haproxy.cfg');
      writeFileSync(file, haproxyConfig(ctx.port, ctx.backendPort));
      return { command: '/usr/sbin/haproxy', args: ['-db', '-f', file] };
    },
  },
  { id: 'http-proxy', label: 'http-proxy', family: 'node', pinned: true, command: peer('http-proxy.ts') },
  { id: 'fastify-http-proxy', label: '@fastify/http-proxy', family: 'node', pinned: true, command: peer('fastify-http-proxy.ts') },
  { id: 'gatewise', label: 'Gatewise (1 worker)', family: 'gatewise', pinned: true, command: gatewise(1, false) },
  { id: 'gatewise-log', label: 'Gatewise (1 worker, access log)', family: 'gatewise', pinned: true, command: gatewise(1, true) },
  { id: 'gatewise-w2', label: 'Gatewise (2 workers, unpinned)', family: 'gatewise', pinned: false, command: gatewise(2, false) },
];
