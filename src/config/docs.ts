// docs/config.md, generated from the schema table and the error tables, so the reference cannot
// drift from what the loader accepts (test/config/docs.test.ts compares the committed file).
import { CONFIG_ERROR_MEANINGS, CONFIG_WARNING_MEANINGS } from './errors.ts';
import { SCHEMA } from './schema.ts';
import type { LeafSpec, SectionSpec, Spec } from './schema-types.ts';

interface Row {
  readonly key: string;
  readonly type: string;
  readonly value: string;
  readonly doc: string;
  readonly peers: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function leafRow(key: string, spec: LeafSpec, listOf = false): Row {
  const unit = spec.type.unit === 'ms' ? ' (ms if bare)' : spec.type.unit === 'bytes' ? ' (bytes if bare)' : '';
  const value = spec.required ? '**required**' : spec.default === null ? '—' : `\`${spec.type.show(spec.default)}\``;
  return { key: `\`${key}\``, type: `${listOf ? 'list of ' : ''}${spec.type.name}${unit}`, value, doc: spec.doc, peers: spec.peers ?? '' };
}

function rows(spec: Spec, path: string, out: Row[]): Row[] {
  switch (spec.kind) {
    case 'leaf':
      out.push(leafRow(path, spec));
      break;
    case 'section': {
      if (path !== '') {
        const presence = spec.whenAbsent === 'null' ? 'absent = off' : spec.whenAbsent === 'required' ? '**required**' : 'defaults below';
        out.push({ key: `\`${path}\``, type: 'map', value: presence, doc: spec.doc, peers: '' });
      }
      for (const [key, field] of Object.entries(spec.fields)) rows(field, path === '' ? key : `${path}.${key}`, out);
      break;
    }
    case 'list':
      if (spec.of.kind === 'leaf') {
        out.push({ ...leafRow(path, spec.of, true), value: spec.required ? '**required**' : '`[]`', doc: spec.doc });
      } else {
        const min = spec.minItems > 0 ? `**required**, ≥ ${spec.minItems}` : '`[]`';
        out.push({ key: `\`${path}\``, type: 'list', value: min, doc: spec.doc, peers: '' });
        for (const [key, field] of Object.entries((spec.of as SectionSpec).fields)) rows(field, `${path}[].${key}`, out);
      }
      break;
    case 'map':
      out.push({ key: `\`${path}\``, type: `map of ${spec.keyName} names`, value: spec.minItems > 0 ? `**required**, ≥ ${spec.minItems}` : '`{}`', doc: spec.doc, peers: '' });
      for (const [key, field] of Object.entries(spec.of.fields)) rows(field, `${path}.<${spec.keyName}>.${key}`, out);
      break;
  }
  return out;
}

function table(all: readonly Row[]): string[] {
  return [
    '| Key | Type | Default | Meaning | Peers\' defaults |',
    '|---|---|---|---|---|',
    ...all.map((r) => `| ${cell(r.key)} | ${cell(r.type)} | ${cell(r.value)} | ${cell(r.doc)} | ${cell(r.peers)} |`),
  ];
}

export function renderConfigDocs(): string {
  const lines = [
    '# Gatewise configuration reference',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    '`gatewise serve --config gatewise.yaml` reads a YAML file; `gatewise check gatewise.yaml` validates one',
    'like `nginx -t`, but lists every problem at once, each as `file:line:column: key.path: problem. Fix: …`.',
    'A full example: [`examples/gatewise.yaml`](../examples/gatewise.yaml).',
    '',
    '- **Keys are snake_case**, like NGINX, HAProxy and Envoy configs. An unknown key is an error, with the',
    '  closest known key suggested (a camelCase key gets its snake_case spelling).',
    '- **Durations**: `250ms`, `5s`, `1m`, `1h`, combined as `1m30s`; a bare number is milliseconds.',
    '- **Sizes**: `512`, `32k`, `1m`, `1g` (binary: `k` = 1024 bytes, as in NGINX; `KiB`, `MiB`, `GiB` also work); a bare number is bytes.',
    '- **Shared settings**: top-level keys starting with `x-` are ignored, so they can hold YAML anchors that pools merge',
    '  with `<<: *name` (keys written in the pool win over merged ones).',
    '- **Paths** of certificate, key, CA and log files are relative to the config file\'s directory.',
    '- **Routes** are tried most specific first: a route with a `host` before one without, then the longer `path_prefix`.',
    '- **Quick mode** builds the same configuration from flags: `gatewise serve --listen 127.0.0.1:8080 --upstream http://127.0.0.1:9000`',
    '  makes one listener per `--listen`, one route `/` and one pool `default` with every `--upstream`; all other keys take their defaults.',
    '',
    'Defaults are chosen so that Gatewise is safe in the two most common chains without touching anything:',
    'behind an AWS ALB (idle timeout 60 s: our client idle timeout is above it) and in front of Node apps',
    '(`keepAliveTimeout` 5 s: our upstream idle timeout is below it).',
    '',
  ];
  for (const [key, spec] of Object.entries(SCHEMA.fields)) {
    lines.push(`## \`${key}\``, '', spec.doc, '', ...table(rows(spec, key, [])), '');
  }
  lines.push('## Errors', '', 'Every problem is reported with its code; `gatewise check` exits 2 when there is any.', '', '| Code | Meaning |', '|---|---|');
  for (const [code, meaning] of Object.entries(CONFIG_ERROR_MEANINGS)) lines.push(`| \`${code}\` | ${cell(meaning)} |`);
  lines.push('', '## Warnings', '', 'The config works, but the chain it builds is likely to fail. `gatewise check` exits 0 with warnings, 2 with `--strict`.', '', '| Code | Meaning |', '|---|---|');
  for (const [code, meaning] of Object.entries(CONFIG_WARNING_MEANINGS)) lines.push(`| \`${code}\` | ${cell(meaning)} |`);
  lines.push('');
  return lines.join('\n');
}
