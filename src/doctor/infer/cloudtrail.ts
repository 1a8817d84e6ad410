// CloudTrail `DeregisterTargets` / `RegisterTargets` (elasticloadbalancing.amazonaws.com) events:
// a deregistered target keeps its in-flight requests until the deregistration delay (300 s by
// default) and is then cut — ALB logs those as 502s. We read the events from a CloudTrail log file
// ({"Records": [...]}, a JSON array, or JSON lines, .gz or not) and use them two ways: a 502 on a
// deregistered target inside its drain window is weighed as upstream_draining_expired, and bursts
// of 502s are annotated with the deploy events around them.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export const DEFAULT_DEREGISTRATION_DELAY_MS = 300_000;

export interface TargetEvent {
  readonly timeMs: number;
  readonly name: 'DeregisterTargets' | 'RegisterTargets';
  /** Target ids: instance ids, IP addresses or Lambda ARNs, with ":port" when given. */
  readonly targets: readonly string[];
  readonly targetGroup: string | null;
}

export class CloudTrailError extends Error {
  readonly code = 'ERR_CONFIG_CLOUDTRAIL';
  constructor(message: string) {
    super(message);
    this.name = 'CloudTrailError';
  }
}

export function readCloudTrail(path: string): TargetEvent[] {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    throw new CloudTrailError(`--cloudtrail ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}); give a CloudTrail log file (JSON with "Records").`);
  }
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  let records: unknown[];
  try {
    const trimmed = text.trim();
    if (trimmed.startsWith('{"Records"') || trimmed.startsWith('{\n')) {
      const parsed = JSON.parse(trimmed) as { Records?: unknown[] };
      records = parsed.Records ?? [parsed];
    } else if (trimmed.startsWith('[')) records = JSON.parse(trimmed) as unknown[];
    else records = trimmed.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  } catch (error) {
    throw new CloudTrailError(`--cloudtrail ${path}: not valid JSON (${(error as Error).message}); expected a CloudTrail log file.`);
  }
  const out: TargetEvent[] = [];
  for (const r of records) {
    const rec = r as { eventName?: string; eventTime?: string; requestParameters?: { targetGroupArn?: string; targets?: { id?: string; port?: number }[] } };
    if (rec.eventName !== 'DeregisterTargets' && rec.eventName !== 'RegisterTargets') continue;
    const timeMs = Date.parse(rec.eventTime ?? '');
    if (!Number.isFinite(timeMs)) continue;
    const targets = (rec.requestParameters?.targets ?? []).map((t) => (t.port === undefined ? String(t.id) : `${t.id}:${t.port}`));
    out.push({ timeMs, name: rec.eventName, targets, targetGroup: rec.requestParameters?.targetGroupArn ?? null });
  }
  return out.sort((a, b) => a.timeMs - b.timeMs);
}

export interface DrainWindows {
  isDraining(target: string, timeMs: number): boolean;
}

/** Windows [deregistered, deregistered + delay + 60 s] per target address (ip or ip:port). */
export function createDrainWindows(events: readonly TargetEvent[], delayMs = DEFAULT_DEREGISTRATION_DELAY_MS): DrainWindows {
  const windows = new Map<string, [number, number][]>();
  for (const e of events) {
    if (e.name !== 'DeregisterTargets') continue;
    for (const t of e.targets) {
      const list = windows.get(t) ?? [];
      list.push([e.timeMs, e.timeMs + delayMs + 60_000]);
      windows.set(t, list);
    }
  }
  return {
    isDraining(target, timeMs) {
      const ip = target.replace(/:\d+$/, '');
      for (const key of [target, ip]) {
        for (const [a, b] of windows.get(key) ?? []) if (timeMs >= a && timeMs <= b) return true;
      }
      return false;
    },
  };
}
