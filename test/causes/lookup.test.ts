// Does a mistyped or partial cause id lead to the right ones? (`gatewise causes <id>` lists them.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeCauseIds } from '../../src/causes/lookup.ts';

const CASES: readonly [query: string, first: string][] = [
  ['keepalive', 'upstream_keepalive_race'],
  ['keep-alive race', 'upstream_keepalive_race'],
  ['connect_refused', 'upstream_connect_refused'],
  ['upstream_tls_timout', 'upstream_tls_timeout'],
  ['no healthy', 'no_healthy_upstream'],
  ['5xx', 'upstream_5xx'],
  ['client abort', 'client_aborted'],
];

for (const [query, first] of CASES) {
  test(`"${query}" → ${first} first`, () => {
    const found = closeCauseIds(query);
    assert.equal(found[0], first, `got ${found.join(', ')}`);
    assert.ok(found.length <= 5);
  });
}

test('nothing is close to noise or to an empty query', () => {
  assert.deepEqual(closeCauseIds('zzzzqqq'), []);
  assert.deepEqual(closeCauseIds(''), []);
  assert.deepEqual(closeCauseIds('---'), []);
});
