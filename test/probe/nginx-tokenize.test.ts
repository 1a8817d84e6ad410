// Does the NGINX tokenizer read the grammar as ngx_conf_file.c does — quotes with escapes, "#"
// inside quotes and words, "${var}" braces inside a word, comments, line numbers across lines —
// and refuse broken input with the file and line?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NginxSyntaxError, tokenize } from '../../src/probe/config-lint/nginx/tokenize.ts';
import { dumpSource, parseNginx } from '../../src/probe/config-lint/nginx/parse.ts';

const words = (text: string) => tokenize(text, 't.conf').map((t) => (t.kind === 'word' ? `${t.line}:${t.text}` : `${t.line}${t.kind}`));

test('quotes, escapes, comments and variables', () => {
  assert.deepEqual(words('proxy_set_header Connection "";\n# a comment ;{}\nreturn 200 "a \\"b\\" # c";'), [
    '1:proxy_set_header', '1:Connection', '1:', '1;', '3:return', '3:200', '3:a "b" # c', '3;',
  ]);
  assert.deepEqual(words("set $x '${host}x';\nproxy_pass http://${backend}:80/a#b;"), [
    '1:set', '1:$x', '1:${host}x', '1;', '2:proxy_pass', '2:http://${backend}:80/a#b', '2;',
  ]);
  assert.deepEqual(words('location / {\n  deny all;\n}'), ['1:location', '1:/', '1{', '2:deny', '2:all', '2;', '3}']);
});

test('broken input names file and line', () => {
  assert.throws(() => tokenize('a "b\n\nc', 'x.conf'), (e: unknown) => e instanceof NginxSyntaxError && e.line === 1 && /x\.conf:1: unterminated/.test(e.message));
  assert.throws(() => parseNginx(dumpSource('# configuration file /e/n.conf:\nhttp {\n  server {\n')), /\/e\/n\.conf:3: unexpected end of file: a "\}" is missing/);
  assert.throws(() => parseNginx(dumpSource('# configuration file /e/n.conf:\nevents { }\n}\n')), /\/e\/n\.conf:2: unexpected "\}"/);
});

test('nginx -T dump: includes resolved against the dumped files, lines per file', () => {
  const dump = [
    'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok',
    '# configuration file /etc/nginx/nginx.conf:',
    'http {',
    '    include conf.d/*.conf;',
    '}',
    '',
    '# configuration file /etc/nginx/conf.d/b.conf:',
    'server { listen 81; }',
    '',
    '# configuration file /etc/nginx/conf.d/a.conf:',
    '',
    'server { listen 80; }',
  ].join('\n');
  const parsed = parseNginx(dumpSource(dump));
  const http = parsed.directives[0];
  assert.equal(http?.name, 'http');
  assert.deepEqual(
    http?.block?.map((d) => `${d.file}:${d.line} ${d.name} ${d.block?.[0]?.args.join(' ')}`),
    ['/etc/nginx/conf.d/a.conf:2 server 80', '/etc/nginx/conf.d/b.conf:1 server 81'],
  );
});
