// Does each balancing policy spread requests as it promises, and do all of them skip targets the
// one `available()` predicate rules out (unhealthy, draining, at their limit, already tried)?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBalancer, type PickContext } from '../../src/gateway/balance/index.ts';
import { createPowerOfTwo } from '../../src/gateway/balance/power-of-two.ts';
import { Target } from '../../src/gateway/target.ts';
import type { BalancePolicy } from '../../src/config/model.ts';

const ctx: PickContext = { tried: null, hashKey: null, maxOutstanding: 0 };

function targets(...weights: number[]): Target[] {
  return weights.map((weight, i) => new Target({ url: `http://127.0.0.1:${9001 + i}`, weight }));
}

function counts(list: Target[], picks: Array<Target | null>): number[] {
  return list.map((t) => picks.filter((p) => p === t).length);
}

const POLICIES: BalancePolicy[] = [
  { kind: 'round_robin' },
  { kind: 'least_outstanding' },
  { kind: 'power_of_two' },
  { kind: 'weighted' },
  { kind: 'consistent_hash', on: { header: 'x-user' } },
];

test('round robin: each target in turn', () => {
  const list = targets(1, 1, 1);
  const b = createBalancer({ kind: 'round_robin' });
  const picks = Array.from({ length: 9 }, () => b.pick(list, ctx));
  assert.deepEqual(picks.map((p) => list.indexOf(p!)), [0, 1, 2, 0, 1, 2, 0, 1, 2]);
});

test('smooth weighted round robin: exact shares, interleaved (5,1,1 → a a b a c a a)', () => {
  const list = targets(5, 1, 1);
  const b = createBalancer({ kind: 'weighted' });
  const picks = Array.from({ length: 7 }, () => b.pick(list, ctx));
  assert.deepEqual(picks.map((p) => 'abc'[list.indexOf(p!)]).join(''), 'aabacaa');
  const many = Array.from({ length: 700 }, () => b.pick(list, ctx));
  assert.deepEqual(counts(list, many), [500, 100, 100]);
});

test('least outstanding: the idlest target, ties shared', () => {
  const list = targets(1, 1, 1);
  list[0]!.outstanding = 3;
  list[1]!.outstanding = 1;
  list[2]!.outstanding = 2;
  const b = createBalancer({ kind: 'least_outstanding' });
  assert.equal(b.pick(list, ctx), list[1]);
  for (const t of list) t.outstanding = 0;
  const picks = Array.from({ length: 30 }, () => b.pick(list, ctx));
  assert.deepEqual(counts(list, picks), [10, 10, 10]);
});

test('power of two choices: never picks the busiest of three when others are idle, spreads evenly when equal', () => {
  const list = targets(1, 1, 1);
  list[2]!.outstanding = 100;
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const b = createPowerOfTwo(random);
  const picks = Array.from({ length: 300 }, () => b.pick(list, ctx));
  assert.equal(counts(list, picks)[2], 0);
  list[2]!.outstanding = 0;
  const even = counts(list, Array.from({ length: 3000 }, () => b.pick(list, ctx)));
  for (const c of even) assert.ok(c > 800 && c < 1200, `uneven: ${even}`);
});

test('consistent hash: same key → same target; removing a target moves only its keys', () => {
  const list = targets(1, 1, 1, 1);
  const b = createBalancer({ kind: 'consistent_hash', on: { header: 'x-user' } });
  const keys = Array.from({ length: 2000 }, (_, i) => `user-${i}`);
  const before = keys.map((k) => b.pick(list, { ...ctx, hashKey: k }));
  assert.deepEqual(keys.map((k) => b.pick(list, { ...ctx, hashKey: k })), before);
  const share = counts(list, before);
  for (const c of share) assert.ok(c > 300 && c < 700, `uneven ring: ${share}`);
  const shrunk = list.slice(0, 3);
  const after = keys.map((k) => b.pick(shrunk, { ...ctx, hashKey: k }));
  const moved = keys.filter((_, i) => before[i] !== list[3] && after[i] !== before[i]).length;
  assert.equal(moved, 0, 'keys of remaining targets must not move');
  // An unavailable owner: its keys walk on to the next available target, the rest stay.
  list[0]!.healthy = false;
  const walked = keys.map((k) => b.pick(list, { ...ctx, hashKey: k }));
  assert.ok(walked.every((t) => t !== list[0]));
  assert.ok(keys.every((_, i) => before[i] === list[0] || walked[i] === before[i]));
});

for (const policy of POLICIES) {
  test(`${policy.kind}: skips unhealthy, draining, full and tried targets; null when none is left`, () => {
    const list = targets(1, 1, 1, 1);
    list[0]!.healthy = false;
    list[1]!.draining = true;
    list[2]!.outstanding = 5;
    const b = createBalancer(policy);
    const limited = { ...ctx, maxOutstanding: 5, hashKey: 'k' };
    for (let i = 0; i < 20; i++) assert.equal(b.pick(list, limited), list[3]);
    assert.equal(b.pick(list, { ...limited, tried: [list[3]!] }), null);
    list[2]!.outstanding = 0;
    assert.equal(b.pick(list, { ...limited, tried: [list[3]!] }), list[2]);
  });
}
