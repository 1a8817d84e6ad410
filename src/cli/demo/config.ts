// The gateway config the demo runs, as the YAML an operator would write (the demo saves it next
// to the access log, so `gatewise check` and `gatewise serve --config` can be tried on it).
import type { AccessLogFormat } from '../../config/index.ts';

export interface DemoConfigInput {
  readonly targets: readonly { readonly name: string; readonly url: string; readonly behaviour: string }[];
  readonly accessLog: string;
  readonly format: AccessLogFormat;
}

const quote = (text: string) => JSON.stringify(text); // a JSON string is a valid YAML double-quoted scalar

export function demoConfigYaml(input: DemoConfigInput): string {
  const targets = input.targets.flatMap((t) => [`      # ${t.name}: ${t.behaviour}`, `      - url: ${t.url}`]);
  return [
    '# The config `gatewise demo` ran (its targets were on free loopback ports and are gone now).',
    'listeners:',
    '  - name: demo',
    '    listen: 127.0.0.1:0',
    'routes:',
    '  - path_prefix: /',
    '    pool: demo',
    'pools:',
    '  demo:',
    '    balance: round_robin',
    '    targets:',
    ...targets,
    '    # Short timeouts: a demo should not wait a minute for anything.',
    '    timeouts:',
    '      connect: 1s',
    '      send: 5s',
    '      headers: 5s',
    '      body_idle: 5s',
    '    # Idle upstream connections kept 60 s, as NGINX keepalive_timeout does by default: longer',
    "    # than the keepalive-5s target's own timeout, the setting that makes the keep-alive race.",
    '    keep_alive:',
    '      idle_timeout: 60s',
    '    retries:',
    '      attempts: 2',
    'access_log:',
    `  path: ${quote(input.accessLog)}`,
    `  format: ${input.format}`,
    '',
  ].join('\n');
}
