// Does the doctor tie a burst of ALB 502s to a deregistration it reads from CloudTrail
// (`--cloudtrail`): the 502s on the deregistered target inside its drain window named
// upstream_draining_expired, and the burst annotated with the DeregisterTargets event?
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport, runDoctor } from '../../src/doctor/index.ts';

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);

function albLine(ms: number, target: string, elb: number, tgt: string, times: string): string {
  const t = new Date(ms).toISOString().replace('Z', '000Z');
  return `https ${t} app/prod/abc 203.0.113.9:5000 ${target} ${times} ${elb} ${tgt} 10 20 "GET https://x:443/ HTTP/1.1" "curl/8" - - arn:tg "Root=1-${ms}" "-" "-" 0 ${t} "forward" "-" "-" "${target}" "${tgt}" "-" "-" TID_1`;
}

test('502s inside a drain window after DeregisterTargets are draining_expired, and the burst names the event', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatewise-cloudtrail-'));
  try {
    const lines: string[] = [];
    for (let s = 0; s < 100; s++) lines.push(albLine(T0 + s * 1000, '10.0.0.5:80', 200, '200', '0.000 0.010 0.000'));
    for (let s = 0; s < 100; s++) lines.push(albLine(T0 + s * 1000 + 500, '10.0.0.6:80', 200, '200', '0.000 0.010 0.000'));
    for (let k = 0; k < 12; k++) lines.push(albLine(T0 + 400_000 + k * 1000, '10.0.0.5:80', 502, '-', '0.001 -1 -1'));
    lines.sort((a, b) => Date.parse(a.split(' ')[1] as string) - Date.parse(b.split(' ')[1] as string));
    writeFileSync(join(dir, 'alb.log'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'trail.json'), JSON.stringify({
      Records: [
        { eventTime: new Date(T0 + 200_000).toISOString(), eventName: 'DeregisterTargets', eventSource: 'elasticloadbalancing.amazonaws.com', requestParameters: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/prod/73e2', targets: [{ id: '10.0.0.5', port: 80 }] } },
        { eventTime: new Date(T0).toISOString(), eventName: 'DescribeTargetHealth', requestParameters: {} },
      ],
    }));
    const result = await runDoctor({ inputs: [join(dir, 'alb.log')], cloudtrail: join(dir, 'trail.json'), workers: 0 });
    assert.equal(result.targetEvents.length, 1);
    assert.equal(result.tally.causes.get('upstream_draining_expired')?.count, 12);
    const report = buildReport(result);
    assert.equal(report.bursts.length, 1);
    assert.equal(report.bursts[0]?.events[0]?.name, 'DeregisterTargets');
    assert.ok(report.inferences.some((i) => /DeregisterTargets 10\.0\.0\.5:80/.test(i)), report.inferences.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
