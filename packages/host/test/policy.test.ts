/**
 * Claims policy (issuer allow-list) and graceful drain, on single-player hosts: unsigned and foreign
 * components are refused with component_scale_failed; a stop answers the calls already running.
 */
import { buildHandlerComponent, signedVariants } from '@trellis/components';
import { type CloudEvent, createKey } from '@trellis/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Host, isHostError } from '../src/index.ts';

let bytes: Uint8Array;
const account = createKey('account');
const hosts: Host[] = [];

beforeAll(async () => {
  bytes = await buildHandlerComponent();
});

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.stop()));
});

async function newHost(
  options: ConstructorParameters<typeof Host>[0] = {},
): Promise<{ host: Host; events: CloudEvent[] }> {
  const host = new Host({ workers: 1, ...options });
  hosts.push(host);
  const events: CloudEvent[] = [];
  host.onEvent((e) => events.push(e));
  await host.start();
  return { host, events };
}

it('with an issuer allow-list, only components signed by those issuers run', async () => {
  const { host, events } = await newHost({ allowedIssuers: [account.publicKey] });
  const ours = signedVariants(bytes, { accountSeed: account.seed });
  const foreign = signedVariants(bytes);
  expect(await host.startActor(ours.signed)).toBe(ours.componentPublicKey);
  await expect(host.startActor(bytes, { id: 'unsigned' })).rejects.toThrow(/not signed/);
  await expect(host.startActor(foreign.signed, { id: 'foreign' })).rejects.toSatisfy((e) =>
    isHostError(e, 'start_failed'),
  );
  const failed = events
    .filter((e) => e.type.endsWith('.component_scale_failed'))
    .map((e) => (e.data as { component_id: string }).component_id);
  expect(failed).toEqual(['unsigned', 'foreign']);
});

it('stop waits for in-flight calls and answers them', async () => {
  const { host, events } = await newHost();
  await host.startActor(bytes, { id: 'spinner' });
  const call = host.callActor('spinner', 'spin', new TextEncoder().encode('400'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  await host.stop();
  const result = await call;
  expect(result.length).toBe(16);
  const types = events.map((e) => e.type.replace('com.wasmcloud.lattice.', ''));
  // 1.9.2 publishes no component_scaled on host stop: the older set's stop events, then host_stopped.
  expect(types.slice(-3)).toEqual(['component_stopped', 'components_stopped', 'host_stopped']);
});
