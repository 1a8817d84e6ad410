// The vocabulary of the schema table (schema.ts): sections, lists, named maps and typed leaves. One
// table drives validation (walk.ts), defaults and the generated reference (docs.ts).
import { isIP } from 'node:net';
import { isHostName, parseListen, parseTargetUrl, type AddressCheck } from './addresses.ts';
import { describe, formatDuration, formatSize, parseDuration, parseSize } from './units.ts';

export type LeafCheck = AddressCheck<unknown>;

export interface LeafType {
  /** How the docs name the type, e.g. "duration", "host:port". */
  readonly name: string;
  /** The unit the model stores, for the docs. */
  readonly unit: 'ms' | 'bytes' | null;
  parse(value: unknown): LeafCheck;
  /** How a default value is written in YAML, for the docs. */
  show(value: unknown): string;
}

export interface LeafSpec {
  readonly kind: 'leaf';
  readonly type: LeafType;
  /** `required` means the key must be written; otherwise the default when the key is absent. */
  readonly default: unknown;
  readonly required: boolean;
  readonly doc: string;
  /** The peers' defaults this one was chosen against (docs). */
  readonly peers: string | null;
}

export interface SectionSpec {
  readonly kind: 'section';
  readonly doc: string;
  readonly fields: Readonly<Record<string, Spec>>;
  /** Absent section: 'defaults' fills every field; 'null' means the feature is off; 'required' is an error. */
  readonly whenAbsent: 'defaults' | 'null' | 'required';
}

export interface ListSpec {
  readonly kind: 'list';
  readonly doc: string;
  readonly of: Spec;
  readonly minItems: number;
  readonly required: boolean;
}

/** A map from operator-chosen names to entries, e.g. `pools: { api: {...} }`. */
export interface NamedMapSpec {
  readonly kind: 'map';
  readonly doc: string;
  readonly keyName: string;
  readonly of: SectionSpec;
  readonly minItems: number;
}

export type Spec = LeafSpec | SectionSpec | ListSpec | NamedMapSpec;

export const REQUIRED: unique symbol = Symbol('required');

interface LeafOptions {
  readonly default: unknown;
  readonly doc: string;
  readonly peers?: string;
}

export function leaf(type: LeafType, options: LeafOptions): LeafSpec {
  const required = options.default === REQUIRED;
  return { kind: 'leaf', type, default: required ? undefined : options.default, required, doc: options.doc, peers: options.peers ?? null };
}

export function section(doc: string, whenAbsent: SectionSpec['whenAbsent'], fields: Record<string, Spec>): SectionSpec {
  return { kind: 'section', doc, whenAbsent, fields };
}

export function list(doc: string, of: Spec, options: { minItems?: number; required?: boolean } = {}): ListSpec {
  return { kind: 'list', doc, of, minItems: options.minItems ?? 0, required: options.required ?? false };
}

export function namedMap(doc: string, keyName: string, of: SectionSpec, minItems = 0): NamedMapSpec {
  return { kind: 'map', doc, keyName, of, minItems };
}

const ok = (value: unknown): LeafCheck => ({ ok: true, value });
const typeError = (problem: string, fix: string): LeafCheck => ({ ok: false, code: 'ERR_CONFIG_TYPE', problem, fix });
const rangeError = (problem: string, fix: string): LeafCheck => ({ ok: false, code: 'ERR_CONFIG_RANGE', problem, fix });
const valueError = (problem: string, fix: string): LeafCheck => ({ ok: false, code: 'ERR_CONFIG_VALUE', problem, fix });

export function duration(min = 0, max = 24 * 3_600_000): LeafType {
  return {
    name: 'duration',
    unit: 'ms',
    parse(value) {
      const parsed = parseDuration(value);
      if (!parsed.ok) return typeError(parsed.problem, 'write a duration such as 250ms, 5s, 1m or 1m30s (a bare number is milliseconds)');
      if (parsed.value < min || parsed.value > max) {
        return rangeError(`${formatDuration(parsed.value)} is outside ${formatDuration(min)}–${formatDuration(max)}`, `use a duration from ${formatDuration(min)} to ${formatDuration(max)}`);
      }
      return ok(parsed.value);
    },
    show: (value) => formatDuration(value as number),
  };
}

export function size(min = 0, max = 2 ** 40): LeafType {
  return {
    name: 'size',
    unit: 'bytes',
    parse(value) {
      const parsed = parseSize(value);
      if (!parsed.ok) return typeError(parsed.problem, 'write a size such as 512, 32k, 1m or 1g (k = 1024 bytes, as in NGINX)');
      if (parsed.value < min || parsed.value > max) {
        return rangeError(`${formatSize(parsed.value)} is outside ${formatSize(min)}–${formatSize(max)}`, `use a size from ${formatSize(min)} to ${formatSize(max)}`);
      }
      return ok(parsed.value);
    },
    show: (value) => formatSize(value as number),
  };
}

export function integer(min: number, max: number): LeafType {
  return {
    name: `integer ${min}–${max}`,
    unit: null,
    parse(value) {
      if (typeof value !== 'number' || !Number.isInteger(value)) return typeError(`expected a whole number, got ${describe(value)}`, `write a whole number from ${min} to ${max}`);
      if (value < min || value > max) return rangeError(`${value} is outside ${min}–${max}`, `use a number from ${min} to ${max}`);
      return ok(value);
    },
    show: String,
  };
}

export const boolean: LeafType = {
  name: 'boolean',
  unit: null,
  parse: (value) => (typeof value === 'boolean' ? ok(value) : typeError(`expected true or false, got ${describe(value)}`, 'write true or false')),
  show: String,
};

export function text(name: string, check?: (value: string) => string | null, fix = 'write a non-empty text'): LeafType {
  return {
    name,
    unit: null,
    parse(value) {
      if (typeof value !== 'string' || value.trim() === '') return typeError(`expected ${name}, got ${describe(value)}`, fix);
      const problem = check?.(value) ?? null;
      return problem === null ? ok(value) : valueError(problem, fix);
    },
    show: (value) => (value === null ? '—' : String(value)),
  };
}

export function oneOf(values: readonly string[]): LeafType {
  const fix = `write one of: ${values.join(', ')}`;
  return {
    name: values.join(' | '),
    unit: null,
    parse: (value) =>
      typeof value === 'string' && values.includes(value) ? ok(value) : valueError(`${describe(value)} is not one of ${values.join(', ')}`, fix),
    show: String,
  };
}

export function listenAddress(allowPortZero: boolean): LeafType {
  return { name: 'host:port', unit: null, parse: (value) => parseListen(value, allowPortZero), show: (v) => (v === null ? '—' : String(v)) };
}

export const targetUrl: LeafType = { name: 'URL', unit: null, parse: parseTargetUrl, show: String };

export const hostName: LeafType = text('host name', (v) => (isHostName(v) ? null : `"${v}" is not a host name`), 'write a host name such as api.example.com (no port, no scheme)');

export const pathPrefix: LeafType = text('path prefix', (v) => (v.startsWith('/') ? null : `"${v}" does not start with "/"`), 'write a path prefix starting with "/", e.g. /api');

export const addressOrCidr: LeafType = text(
  'IP or CIDR',
  (v) => {
    const [address = '', bits, extra] = v.split('/');
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return `"${v}" is not an IP address or CIDR block`;
    if (bits === undefined) return null;
    const max = family === 4 ? 32 : 128;
    return /^\d+$/.test(bits) && Number(bits) <= max ? null : `"/${bits}" is not a prefix length from 0 to ${max}`;
  },
  'write an address or CIDR block such as 10.0.0.0/8, 192.168.1.10 or fd00::/8',
);

/** `client_address`, or `header:<Name>` (a token per RFC 9110 §5.1). */
export const hashOn: LeafType = text(
  'client_address | header:NAME',
  (v) => (v === 'client_address' || /^header:[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v) ? null : `"${v}" is neither client_address nor header:NAME`),
  'write client_address, or header: and a header name, e.g. header:X-Session-Id',
);

/** `auto` (one worker per CPU core) or a count. */
export const workerCount: LeafType = {
  name: 'auto | integer 1–256',
  unit: null,
  parse(value) {
    if (value === 'auto') return ok('auto');
    if (typeof value !== 'number') return typeError(`expected auto or a whole number, got ${describe(value)}`, 'write auto (one per CPU core) or a number from 1 to 256');
    return integer(1, 256).parse(value);
  },
  show: String,
};
