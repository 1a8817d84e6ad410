// Makes the parser for a format spec, and sniffs a file's format from its first lines.
import type { FormatId } from '../event.ts';
import { createAlbFormat } from './alb.ts';
import { createClbFormat } from './clb.ts';
import { createEnvoyFormat } from './envoy.ts';
import { createQuickLine, type FormatSpec, type LineFormat } from './format.ts';
import { createGatewiseJsonFormat } from './gatewise-json.ts';
import { createHaproxyFormat } from './haproxy.ts';
import { createNginxFormat } from './nginx-access.ts';
import { isNginxErrorLine, type NginxErrorIndex } from './nginx-error.ts';

export interface FormatOptions {
  readonly nginxLogFormat?: string | undefined;
  readonly haproxyLogFormat?: string | undefined;
}

export function createFormat(spec: FormatSpec, errors: NginxErrorIndex | null = null): LineFormat {
  switch (spec.id) {
    case 'alb':
      return createAlbFormat();
    case 'clb':
      return createClbFormat();
    case 'envoy':
      return createEnvoyFormat();
    case 'gatewise-json':
      return createGatewiseJsonFormat();
    case 'haproxy':
      return createHaproxyFormat(spec.template);
    case 'nginx':
      return createNginxFormat(spec.template, errors);
    case 'nginx-error':
      throw new Error('nginx-error logs are indexed, not scanned line by line');
  }
}

function specFor(id: FormatId, options: FormatOptions): FormatSpec {
  if (id === 'nginx' && options.nginxLogFormat) return { id, template: options.nginxLogFormat };
  if (id === 'haproxy' && options.haproxyLogFormat) return { id, template: options.haproxyLogFormat };
  return { id };
}

const CANDIDATES: readonly FormatId[] = ['gatewise-json', 'envoy', 'alb', 'clb', 'haproxy', 'nginx'];

/** The format most of the sample's lines parse as; null when none parses at least half of them. */
export function detectFormat(sample: Buffer, options: FormatOptions = {}): FormatSpec | null {
  const lines: [number, number][] = [];
  let pos = 0;
  while (pos < sample.length && lines.length < 50) {
    let nl = sample.indexOf(10, pos);
    if (nl < 0) nl = sample.length;
    let e = nl;
    if (e > pos && sample[e - 1] === 13) e--;
    if (e > pos) lines.push([pos, e]);
    pos = nl + 1;
  }
  if (lines.length === 0) return null;
  const texts = lines.slice(0, 10).map(([s, e]) => sample.toString('utf8', s, e));
  if (texts.filter(isNginxErrorLine).length * 2 >= texts.length) return { id: 'nginx-error' };
  let best: FormatSpec | null = null;
  let bestCount = 0;
  const q = createQuickLine();
  for (const id of CANDIDATES) {
    const spec = specFor(id, options);
    let format: LineFormat;
    try {
      format = createFormat(spec);
    } catch {
      continue;
    }
    let ok = 0;
    for (const [s, e] of lines) if (format.quick(sample, s, e, q)) ok++;
    if (ok > bestCount) {
      best = spec;
      bestCount = ok;
    }
  }
  return bestCount * 2 >= lines.length ? best : null;
}

export { specFor };
