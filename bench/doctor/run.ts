// `npm run bench:doctor`: how fast is the full diagnosis against the tools people use today?
// Generates a 2 M-line ALB log (~1.2 GB) and a 2 M-line NGINX log into a temp dir (not timed), then
// times, in one run: `wc -l` (the floor), mawk counting 502s per target, GoAccess on the NGINX log,
// and `gatewise doctor` on both; and the doctor on 10× the ALB input to check memory stays flat.
// Peak RSS comes from GNU time (%M). Environment: LINES (default 2000000), GOACCESS_LINES
// (default: all), SKIP_10X=1 to skip the memory check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateAlb, generateNginx } from './generate.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const LINES = Number(process.env.LINES ?? 2_000_000);
const GOACCESS_LINES = Number(process.env.GOACCESS_LINES ?? LINES);
const dir = mkdtempSync(join(tmpdir(), 'gatewise-bench-doctor-'));

interface Timing {
  readonly name: string;
  readonly lines: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  /** User + system CPU seconds: comparable across runs on a busy machine, unlike wall time. */
  readonly cpuSeconds: number;
  readonly exit: number | null;
}

function timed(name: string, lines: number, bytes: number, cmd: string, args: readonly string[]): Timing {
  // The exact command, so every figure can be reproduced by hand.
  process.stdout.write(`$ ${[cmd === process.execPath ? 'node' : cmd, ...args].map((a) => (/[\s$'"{}]/.test(a) ? `'${a}'` : a)).join(' ')}\n`);
  const out = join(dir, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', out, cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26, timeout: 15 * 60_000 });
  const [sec, kb, user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number, number];
  if (r.status !== 0 && r.status !== 1) process.stderr.write(`${name}: exit ${r.status}\n${r.stderr.toString().slice(0, 500)}\n`);
  return { name, lines, bytes, seconds: sec, peakRssMb: Math.round(kb / 1024), cpuSeconds: user + sys, exit: r.status };
}

try {
  const t0 = performance.now();
  const albPath = join(dir, 'alb.log');
  const nginxPath = join(dir, 'nginx.log');
  const albBytes = generateAlb(albPath, LINES);
  const nginxBytes = generateNginx(nginxPath, LINES);
  let goPath = nginxPath;
  let goBytes = nginxBytes;
  if (GOACCESS_LINES < LINES) {
    goPath = join(dir, 'nginx-goaccess.log');
    goBytes = generateNginx(goPath, GOACCESS_LINES);
  }
  process.stdout.write(`generated ${LINES} ALB lines (${(albBytes / 1e6).toFixed(0)} MB) and ${LINES} NGINX lines (${(nginxBytes / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s into ${dir}\n`);
  const node = process.execPath;
  // The doctor runs as users start it, through bin/gatewise.js, which switches Node's compile cache
  // on (here in a fresh directory, warmed once: the figures measure reading logs, not stripping and
  // compiling TypeScript on a first start).
  process.env.NODE_COMPILE_CACHE = join(dir, 'compile-cache');
  const cli = join(ROOT, 'bin/gatewise.js');
  spawnSync(node, [cli, 'doctor', '--help'], { stdio: 'ignore' });
  const rows: Timing[] = [];
  rows.push(timed('wc -l (ALB)', LINES, albBytes, 'wc', ['-l', albPath]));
  rows.push(timed('mawk 502s per target (ALB)', LINES, albBytes, 'mawk', ['$9 == 502 { c[$5]++ } END { for (t in c) print t, c[t] }', albPath]));
  rows.push(timed('gatewise doctor (ALB)', LINES, albBytes, node, [cli, 'doctor', albPath, '--json']));
  rows.push(timed('gatewise doctor, 1 worker (ALB)', LINES, albBytes, node, [cli, 'doctor', albPath, '--json', '--workers', '1']));
  rows.push(timed('wc -l (NGINX)', LINES, nginxBytes, 'wc', ['-l', nginxPath]));
  rows.push(timed('gatewise doctor (NGINX)', LINES, nginxBytes, node, [cli, 'doctor', nginxPath, '--json']));
  // GoAccess does what a user asking it for a report does: parse every line and write the HTML
  // report (its JSON output costs the same CPU; parsing dominates). It is not asked for real-time
  // output, GeoIP or on-disk persistence. The doctor is asked for its full diagnosis as JSON.
  rows.push(timed('goaccess, HTML report (NGINX)', GOACCESS_LINES, goBytes, 'goaccess', [goPath, '--log-format=COMBINED', '-o', join(dir, 'report.html'), '--no-progress']));
  if (process.env.SKIP_10X !== '1') {
    const many = Array.from({ length: 10 }, (_, i) => {
      const p = join(dir, `alb-copy-${i}.log`);
      symlinkSync(albPath, p);
      return p;
    });
    rows.push(timed('gatewise doctor, 10x input (ALB)', LINES * 10, albBytes * 10, node, [cli, 'doctor', ...many, '--json']));
  }
  const w = Math.max(...rows.map((r) => r.name.length));
  // Lines per CPU-second next to lines per wall-second: on a shared machine the first moves less.
  process.stdout.write(`\n${'tool'.padEnd(w)}  ${'lines/s'.padStart(12)}  ${'MB/s'.padStart(8)}  ${'seconds'.padStart(8)}  ${'CPU s'.padStart(7)}  ${'lines/CPU-s'.padStart(12)}  ${'peak RSS MB'.padStart(11)}\n`);
  for (const r of rows) {
    process.stdout.write(`${r.name.padEnd(w)}  ${Math.round(r.lines / r.seconds).toLocaleString('en-US').padStart(12)}  ${(r.bytes / 1e6 / r.seconds).toFixed(0).padStart(8)}  ${r.seconds.toFixed(2).padStart(8)}  ${r.cpuSeconds.toFixed(2).padStart(7)}  ${Math.round(r.lines / r.cpuSeconds).toLocaleString('en-US').padStart(12)}  ${String(r.peakRssMb).padStart(11)}\n`);
  }
  const rate = (name: string) => {
    const r = rows.find((x) => x.name === name);
    return r ? r.lines / r.seconds : Number.NaN;
  };
  const doctorAlb = rate('gatewise doctor (ALB)');
  const doctorNginx = rate('gatewise doctor (NGINX)');
  process.stdout.write(`\ndoctor ALB vs mawk counting: ${(doctorAlb / rate('mawk 502s per target (ALB)')).toFixed(2)}x\n`);
  process.stdout.write(`doctor ALB vs wc -l:         ${(doctorAlb / rate('wc -l (ALB)')).toFixed(2)}x\n`);
  const cpuRate = (name: string) => {
    const r = rows.find((x) => x.name === name);
    return r ? r.lines / r.cpuSeconds : Number.NaN;
  };
  const GOACCESS = 'goaccess, HTML report (NGINX)';
  process.stdout.write(`doctor NGINX vs goaccess:    ${(doctorNginx / rate(GOACCESS)).toFixed(1)}x wall, ${(cpuRate('gatewise doctor (NGINX)') / cpuRate(GOACCESS)).toFixed(1)}x per CPU-second (goaccess parses on one thread)\n`);
  const one = rows.find((x) => x.name === 'gatewise doctor (ALB)');
  const ten = rows.find((x) => x.name === 'gatewise doctor, 10x input (ALB)');
  if (one && ten) process.stdout.write(`peak RSS 10x input / 1x input: ${(ten.peakRssMb / one.peakRssMb).toFixed(2)} (goal < 1.5)\n`);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  process.stdout.write(`load average at the end: ${load} on ${availableParallelism()} cores (wall times above include waiting for other processes)\n`);
  process.stdout.write(`goal: >= 1,000,000 ALB lines/s (${doctorAlb >= 1e6 ? 'met' : 'NOT met'}); >= 50x goaccess (${doctorNginx / rate(GOACCESS) >= 50 ? 'met' : 'NOT met'})\n`);
  writeFileSync(join(ROOT, 'bench/doctor/last-run.json'), `${JSON.stringify({ date: new Date().toISOString(), lines: LINES, rows }, null, 2)}\n`);
  void statSync;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
