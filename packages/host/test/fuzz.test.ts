/**
 * Thousands of malformed and random payloads (seeded fast-check generators) on every ctl v1 and seed 003
 * subject: every request is answered with a decodable error or result, and the host keeps serving.
 */
import { type CtlV1Operation, ctlV1Subjects, type LegacyOperation, legacySubjects } from '@trellis/protocol';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Host } from '../src/index.ts';
import { type LatticeProbe, startTestLattice, type TestLattice } from './helpers.ts';

const lattice = 'fuzz';
const ctl = ctlV1Subjects(lattice);
const legacy = legacySubjects(lattice);
let stop: TestLattice['stop'];
let host: Host;
let probe: LatticeProbe;

beforeAll(async () => {
  ({ host, probe, stop } = await startTestLattice(lattice));
});

afterAll(() => stop?.());

const encoder = new TextEncoder();
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 256 }),
  fc.jsonValue().map((v) => encoder.encode(JSON.stringify(v))),
  fc.jsonValue().map((v) => encoder.encode(JSON.stringify(v).slice(0, -1))),
  fc
    .dictionary(
      fc.constantFrom(
        'component_id',
        'component_ref',
        'count',
        'key',
        'value',
        'source_id',
        'target',
        'actor_ref',
        'config',
        'interfaces',
        'host_id',
      ),
      fc.oneof(
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 3 }),
      ),
    )
    .map((v) => encoder.encode(JSON.stringify(v))),
  fc.constant(new Uint8Array()),
);

// host.stop / cmd.stop would (correctly) stop the host on a body like `{}`: their tests live elsewhere.
const v1Ops: CtlV1Operation[] = [
  'host.ping',
  'host.get',
  'claims.get',
  'component.scale',
  'component.update',
  'provider.start',
  'provider.stop',
  'link.put',
  'link.del',
  'link.get',
  'config.put',
  'config.get',
  'config.del',
  'label.put',
  'label.del',
  'registry.put',
];
const legacyOps: LegacyOperation[] = [
  'cmd.la',
  'cmd.sa',
  'cmd.lp',
  'cmd.sp',
  'cmd.upd',
  'cmd.scale',
  'get.links',
  'get.claims',
  'get.inv',
  'get.hosts',
  'ping.hosts',
  'linkdefs.put',
  'linkdefs.del',
  'registries.put',
];

it('answers every malformed request and keeps serving', async () => {
  const subjects = [
    ...v1Ops.map((op) => ({
      subject: ctl.forOperation(op, op.startsWith('config') ? 'fuzzed' : host.id),
      v1: true,
    })),
    ...legacyOps.map((op) => ({ subject: legacy.forOperation(op, host.id), v1: false })),
    { subject: `${ctl.root}.component.nonsense.${host.id}`, v1: true },
  ];
  const cases = fc.sample(fc.tuple(fc.nat({ max: subjects.length - 1 }), payload), {
    numRuns: 3000,
    seed: 42,
  });
  let answered = 0;
  for (let start = 0; start < cases.length; start += 100) {
    await Promise.all(
      cases.slice(start, start + 100).map(async ([index, body]) => {
        const { subject, v1 } = subjects[index] as { subject: string; v1: boolean };
        const reply = await probe.requestBytes(subject, body);
        if (v1) {
          const text = new TextDecoder().decode(reply);
          expect(typeof JSON.parse(text).success).toBe('boolean');
        } else {
          expect(reply.length).toBeGreaterThan(0);
        }
        answered++;
      }),
    );
  }
  expect(answered).toBe(3000);
  // Auctions may stay silent; they must not break anything either.
  for (const [, body] of fc.sample(fc.tuple(fc.nat(), payload), { numRuns: 300, seed: 7 })) {
    probe.nc.publish(ctl.componentAuction(), body);
    probe.nc.publish(legacy.auctionActor(), body);
  }
  const ping = await probe.gather(ctl.hostPing(), '', 300);
  expect(ping.map((r) => JSON.parse(r).response.id)).toEqual([host.id]);
  expect(await probe.request(ctl.labelPut(host.id), { key: 'after', value: 'fuzz' })).toBe(
    '{"success":true,"message":"successfully put label"}',
  );
});
