// The Prometheus text exposition format, version 0.0.4 (prometheus.io/docs/instrumenting/
// exposition_formats): `# HELP`, `# TYPE`, then one line per series. Written by hand: a few hundred
// lines of text per scrape do not need a client library, and the gateway's hot path never touches
// it (the collector only increments numbers).
export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Readonly<Record<string, string>>;

/** Label values escape backslash, double quote and line feed (the format's only escapes). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(',')}}`;
}

function num(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export class Exposition {
  readonly #lines: string[] = [];

  family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string): this {
    this.#lines.push(`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`);
    return this;
  }

  sample(name: string, labels: Labels, value: number): this {
    this.#lines.push(`${name}${labelText(labels)} ${num(value)}`);
    return this;
  }

  /** A histogram's `_bucket` (cumulative, `le`), `_sum` and `_count` series from per-bucket counts (+Inf last). */
  histogram(name: string, labels: Labels, bounds: readonly number[], counts: readonly number[], sum: number, count: number): this {
    let cumulative = 0;
    for (let i = 0; i <= bounds.length; i++) {
      cumulative += counts[i] ?? 0;
      this.sample(`${name}_bucket`, { ...labels, le: i < bounds.length ? num(bounds[i]!) : '+Inf' }, cumulative);
    }
    this.sample(`${name}_sum`, labels, sum);
    this.sample(`${name}_count`, labels, count);
    return this;
  }

  text(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}
