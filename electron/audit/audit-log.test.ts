import { readFile, rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { makeTempTree } from '../workspace/test-support';
import { AuditLog } from './audit-log';
import { verifyAuditFile } from './verify';

async function logWith(n: number) {
  const dir = await makeTempTree({}, 'sw-audit-');
  const log = new AuditLog(dir);
  for (let i = 1; i <= n; i++) await log.append({ type: i % 2 ? 'proposal' : 'decision', summary: `record ${i}`, toolCallId: `t${i}`, data: { i, text: 'ünïcode ✓' } });
  return log;
}
const lines = async (log: AuditLog) => (await readFile(log.file, 'utf8')).split('\n').filter(Boolean);
const put = (log: AuditLog, ls: string[]) => writeFile(log.file, `${ls.join('\n')}\n`);

describe('audit log', () => {
  it('chains records and verifies a clean log', async () => {
    const log = await logWith(5);
    const ls = await lines(log);
    expect(ls).toHaveLength(5);
    const recs = ls.map((l) => JSON.parse(l));
    expect(recs.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < 5; i++) expect(recs[i].prev).toBe(recs[i - 1].hash);
    expect(await verifyAuditFile(log.file, log.headFile)).toMatchObject({ ok: true, records: 5, firstBroken: null });
  });

  it('continues the same chain after a restart', async () => {
    const log = await logWith(3);
    const again = new AuditLog(log.file.replace(/\/audit\.jsonl$/, ''));
    await again.append({ type: 'result', summary: 'after restart' });
    expect(JSON.parse((await lines(again))[3]!).seq).toBe(4);
    expect((await verifyAuditFile(again.file, again.headFile)).ok).toBe(true);
  });

  it('finds a byte changed in one record', async () => {
    const log = await logWith(5);
    const ls = await lines(log);
    ls[2] = ls[2]!.replace('record 3', 'record 9');
    await put(log, ls);
    expect(await verifyAuditFile(log.file, log.headFile)).toMatchObject({ ok: false, firstBroken: { line: 3, seq: 3, reason: expect.stringMatching(/was modified/) } });
  });

  it('finds one flipped byte anywhere, including in the hash fields', async () => {
    const log = await logWith(4);
    const original = await readFile(log.file);
    // Every position of line 2 (without its newline), one at a time.
    const start = original.indexOf(10) + 1;
    const end = original.indexOf(10, start);
    for (let i = start; i < end; i += 7) {
      const copy = Buffer.from(original);
      copy[i] = copy[i]! ^ 0x01;
      await writeFile(log.file, copy);
      const r = await verifyAuditFile(log.file, log.headFile);
      expect(r.ok, `byte ${i} flipped`).toBe(false);
      expect(r.firstBroken!.line).toBeLessThanOrEqual(3);
    }
  });

  it('finds a deleted line in the middle', async () => {
    const log = await logWith(5);
    const ls = await lines(log);
    ls.splice(1, 1);
    await put(log, ls);
    expect(await verifyAuditFile(log.file, log.headFile)).toMatchObject({ ok: false, firstBroken: { line: 2, seq: 3, reason: expect.stringMatching(/record 2 is missing/) } });
  });

  it('finds the last line deleted (through the head file)', async () => {
    const log = await logWith(5);
    const ls = await lines(log);
    await put(log, ls.slice(0, 4));
    expect(await verifyAuditFile(log.file, log.headFile)).toMatchObject({ ok: false, firstBroken: { line: 5, reason: expect.stringMatching(/removed from the end/) } });
  });

  it('finds two lines swapped', async () => {
    const log = await logWith(5);
    const ls = await lines(log);
    [ls[2], ls[3]] = [ls[3]!, ls[2]!];
    await put(log, ls);
    expect(await verifyAuditFile(log.file, log.headFile)).toMatchObject({ ok: false, firstBroken: { line: 3, seq: 4 } });
  });

  it('finds a duplicated line, an added field and a line that is not JSON', async () => {
    const log = await logWith(3);
    const ls = await lines(log);
    await put(log, [ls[0]!, ls[0]!, ...ls.slice(1)]);
    expect((await verifyAuditFile(log.file, log.headFile)).firstBroken).toMatchObject({ line: 2, reason: expect.stringMatching(/out of place/) });
    await put(log, [ls[0]!, ls[1]!.replace('{"seq"', '{"extra":1,"seq"'), ls[2]!]);
    expect((await verifyAuditFile(log.file, log.headFile)).firstBroken).toMatchObject({ line: 2, reason: expect.stringMatching(/modified/) });
    await put(log, [ls[0]!, ls[1]!.slice(0, 40), ls[2]!]);
    expect((await verifyAuditFile(log.file, log.headFile)).firstBroken).toMatchObject({ line: 2, reason: expect.stringMatching(/not valid JSON/) });
  });

  it('says clearly when there is no log', async () => {
    const dir = await makeTempTree({}, 'sw-audit-');
    const log = new AuditLog(dir);
    expect((await verifyAuditFile(log.file, log.headFile)).firstBroken!.reason).toMatch(/does not exist/);
    await log.append({ type: 'trust', summary: 'x' });
    await rm(log.headFile);
    expect((await verifyAuditFile(log.file, log.headFile)).ok).toBe(true);
  });

  it('serialises concurrent appends into one chain', async () => {
    const dir = await makeTempTree({}, 'sw-audit-');
    const log = new AuditLog(dir);
    await Promise.all(Array.from({ length: 30 }, (_, i) => log.append({ type: 'result', summary: `r${i}` })));
    expect(await verifyAuditFile(log.file, log.headFile)).toMatchObject({ ok: true, records: 30 });
  });
});
