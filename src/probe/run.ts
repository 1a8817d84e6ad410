// The probe: the troubleshooting method in phase order (resolve → connect → listeners → tls →
// headers → body → keep-alive), each check reading the facts of the earlier ones. The keep-alive
// wait dominates a run, so the --via comparison runs while it waits.
import { emptyFacts, type ProbeFacts, type ProbeOptions } from './context.ts';
import { checkDns } from './checks/dns.ts';
import { checkFraming } from './checks/framing.ts';
import { checkHeadSize } from './checks/head-size.ts';
import { checkHttp } from './checks/http.ts';
import { checkKeepAlive } from './checks/keep-alive.ts';
import { checkListeners } from './checks/listeners.ts';
import { checkTcp } from './checks/tcp.ts';
import { checkTls } from './checks/tls.ts';
import { checkVia } from './checks/via.ts';
import { checkProxyConfig } from './checks/proxy-config.ts';
import type { CheckResult, Verdict } from './result.ts';

export interface ProbeReport {
  readonly url: string;
  readonly results: readonly CheckResult[];
  readonly durationMs: number;
}

async function timed(run: () => Verdict | Promise<Verdict>): Promise<CheckResult> {
  const started = performance.now();
  const verdict = await run();
  return { ...verdict, durationMs: Math.round(performance.now() - started) };
}

export async function runProbe(options: ProbeOptions, onResult?: (result: CheckResult) => void): Promise<ProbeReport> {
  const started = performance.now();
  const facts: ProbeFacts = emptyFacts();
  const results: CheckResult[] = [];
  const record = (result: CheckResult) => {
    results.push(result);
    onResult?.(result);
  };
  const sequence: ((options: ProbeOptions, facts: ProbeFacts) => Verdict | Promise<Verdict>)[] = [
    checkDns,
    checkTcp,
    checkListeners,
    checkTls,
    checkHttp,
    (_o, f) => checkFraming(f),
    (_o, f) => checkHeadSize(f),
  ];
  for (const check of sequence) {
    if (options.signal?.aborted) break;
    record(await timed(() => check(options, facts)));
  }
  facts.directCause = results.find((r) => r.status === 'fail')?.cause ?? null;
  if (!options.signal?.aborted) {
    const [keepAlive, via] = await Promise.all([timed(() => checkKeepAlive(options, facts)), timed(() => checkVia(options, facts))]);
    record(keepAlive);
    record(via);
    record(await timed(() => checkProxyConfig(options, facts, keepAlive)));
  }
  return { url: options.target.url.href, results, durationMs: Math.round(performance.now() - started) };
}
