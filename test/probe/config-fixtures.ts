// Renders a fixture directory of proxy configs into a temp dir with live and dead ports filled in,
// and reads the `# expect: RULE, RULE` comments that mark each planted mistake.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(import.meta.dirname, '../fixtures/proxy-configs');

export interface Ports {
  readonly live: number;
  readonly live2: number;
  readonly dead: number;
  close(): Promise<void>;
}

function listen(): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done(server));
  });
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

/** Two listening ports and one that was bound then closed (DESIGN §9: a dead port). */
export async function openPorts(): Promise<Ports> {
  const [a, b, c] = await Promise.all([listen(), listen(), listen()]);
  const dead = portOf(c);
  await new Promise<void>((done) => c.close(() => done()));
  return {
    live: portOf(a),
    live2: portOf(b),
    dead,
    close: () => Promise.all([a, b].map((s) => new Promise<void>((done) => s.close(() => done())))).then(() => undefined),
  };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Copies `fixture` (a file or a directory under FIXTURES) into a fresh temp dir, ports filled in. */
export function render(fixture: string, ports: Ports): { dir: string; root: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-lint-'));
  const source = join(FIXTURES, fixture);
  const root = join(dir, fixture.split('/').at(-1) as string);
  cpSync(source, root, { recursive: true });
  for (const path of statSync(root).isDirectory() ? files(root) : [root]) {
    const text = readFileSync(path, 'utf8')
      .replaceAll('@LIVE_PORT_2@', String(ports.live2))
      .replaceAll('@LIVE_PORT@', String(ports.live))
      .replaceAll('@DEAD_PORT@', String(ports.dead));
    writeFileSync(path, text);
  }
  return { dir, root, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** "file:line rule" for every `# expect:` comment under `root`, sorted. */
export function expectedFindings(root: string): string[] {
  const out: string[] = [];
  for (const path of statSync(root).isDirectory() ? files(root) : [root]) {
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const match = /# expect: (.+)$/.exec(line);
        if (match) for (const rule of (match[1] as string).split(',')) out.push(`${path}:${index + 1} ${rule.trim()}`);
      });
  }
  return out.sort();
}

export function actual(findings: readonly { file: string; line: number; rule: string }[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort();
}
