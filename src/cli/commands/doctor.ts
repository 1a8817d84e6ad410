// `gatewise doctor`: read load balancer / proxy logs and name the cause of every 5xx.
import { writeFileSync } from 'node:fs';
import { defineCommand } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { UsageError } from '../usage-error.ts';
import { buildReport, FORMAT_IDS, isFormatId, renderHtml, renderMarkdown, renderTerminal, runDoctor } from '../../doctor/index.ts';
import { parseCommandArgs } from '../args.ts';

const HELP = `gatewise doctor: read gateway logs and name the cause of every 5xx.

Usage: gatewise doctor [FILES|DIRS|-] [options]

Reads AWS ALB and Classic LB access logs (.log/.gz, S3 AWSLogs/… directories), NGINX access logs
(joined with NGINX error logs given alongside), HAProxy HTTP logs, Envoy access logs and Gatewise
logs. Each file's format is detected; "-" (or nothing) reads stdin.

Options:
  --format F                  force a format: ${FORMAT_IDS.filter((f) => f !== 'nginx-error').join(', ')}
  --nginx-log-format S        the NGINX log_format string the access logs were written with
  --haproxy-log-format S      the HAProxy log-format string the logs were written with
  --cloudtrail FILE           CloudTrail log with DeregisterTargets/RegisterTargets events
  --json                      print the report as JSON
  --markdown                  print the report as Markdown
  --html FILE                 also write a self-contained HTML report with charts
  --per-request FILE          also write one JSON line per failed request
  --workers N                 worker threads (default: one per core)

Exit codes: 0 no proxy-made 5xx, 1 proxy-made 5xx found, 2 usage error.
`;

function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }): ((done: number, total: number) => void) | undefined {
  if (stream.isTTY !== true) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 || total === 0) return;
    last = now;
    const share = Math.min(1, done / total);
    const width = 30;
    const fill = Math.round(share * width);
    stream.write(`\r[${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${(share * 100).toFixed(0)}% ${(done / 1e6).toFixed(0)} MB`);
  };
}

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'read gateway logs (AWS ALB/CLB, NGINX, HAProxy, Envoy, Gatewise) and name the cause of every 5xx',
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        'nginx-log-format': { type: 'string' },
        'haproxy-log-format': { type: 'string' },
        cloudtrail: { type: 'string' },
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        html: { type: 'string' },
        'per-request': { type: 'string' },
        workers: { type: 'string' },
      },
    });
    const v = parsed.values;
    if (v.format !== undefined && (!isFormatId(v.format) || v.format === 'nginx-error')) {
      throw new UsageError(`--format ${v.format}: unknown format; use one of ${FORMAT_IDS.filter((f) => f !== 'nginx-error').join(', ')}`);
    }
    if (v.json && v.markdown) throw new UsageError('--json and --markdown: choose one');
    let workers: number | undefined;
    if (v.workers !== undefined) {
      workers = Number(v.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new UsageError(`--workers ${v.workers}: give a whole number from 0 to 64`);
    }
    if ((parsed.positionals.length === 0 || parsed.positionals.includes('-')) && io.stdin.isTTY === true) {
      throw new UsageError('give log files or directories, or pipe a log into stdin (for example: zcat *.log.gz | gatewise doctor - --format alb)');
    }
    const progress = progressBar(io.stderr);
    let result;
    try {
      result = await runDoctor({
        inputs: parsed.positionals,
        format: v.format as (typeof FORMAT_IDS)[number] | undefined,
        nginxLogFormat: v['nginx-log-format'],
        haproxyLogFormat: v['haproxy-log-format'],
        cloudtrail: v.cloudtrail,
        perRequest: v['per-request'],
        workers,
        stdin: io.stdin,
        onProgress: progress,
      });
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('ERR_CONFIG')) throw new UsageError((error as Error).message);
      throw error;
    } finally {
      if (progress) io.stderr.write('\r\u001b[K');
    }
    const report = buildReport(result);
    if (v.html !== undefined) writeFileSync(v.html, renderHtml(report));
    if (v.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (v.markdown) io.stdout.write(renderMarkdown(report));
    else io.stdout.write(renderTerminal(report, io.out));
    return report.summary.verdict === 'problems' ? EXIT.problems : EXIT.ok;
  },
});
