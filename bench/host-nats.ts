/**
 * Calls through a real host over NATS vs raw NATS request/reply. The host runs the tiny WAT component; the
 * client calls its `echo` with `callComponent` (a signed msgpack invocation, verified by the host, run in a
 * worker thread, answered with an `InvocationResponse`). The baseline is a plain nats.js subscriber on the same
 * server replying with the same bytes, measured in the same run with the same payload and concurrency.
 * Prints p50, p99 and throughput per case; asserts nothing.
 */
import { clientEntity } from '../packages/client/src/index.ts';
import { NativeSignatures } from '../packages/host/src/rpc/native-signatures.ts';
import {
  decodeInvocation,
  encodeInvocation,
  keyFromSeed,
  signInvocationAsync,
  verifyInvocation,
} from '../packages/protocol/src/index.ts';
import { type LatticeFixture, startLatticeFixture } from './lattice-fixture.ts';
import { measure, report } from './stats.ts';

export interface HostNatsOptions {
  /** Payload sizes in bytes. Default 16 B and 16 KiB. */
  sizes?: number[];
  /** Calls in flight. Default 1 and 32. */
  concurrency?: number[];
  /** Upper bound of calls per case. Default 20 000. */
  count?: number;
  /** Upper bound of time per case (warmup included), in ms. Default 3 000. */
  durationMs?: number;
  /** Host worker threads. Default: the host's default (one per core). */
  workers?: number;
}

const size = (bytes: number) => (bytes >= 1024 ? `${bytes / 1024} KiB` : `${bytes} B`);

export async function benchHostNats(options: HostNatsOptions = {}): Promise<void> {
  const sizes = options.sizes ?? [16, 16 * 1024];
  const levels = options.concurrency ?? [1, 32];
  const count = options.count ?? 20_000;
  const durationMs = options.durationMs ?? 3_000;
  const maxInFlight = Math.max(...levels);
  const lattice = await startLatticeFixture({ workers: options.workers });
  try {
    const { client, host, ref, seed } = lattice;
    await client.scaleComponentAndWait({
      host_id: host.id,
      component_ref: ref,
      component_id: 'echo',
      count: maxInFlight,
    });
    for (const bytes of sizes) {
      const payload = new Uint8Array(bytes).fill(97);
      const expectEcho = (reply: Uint8Array) => {
        if (reply.length !== payload.length)
          throw new Error(`echo returned ${reply.length} bytes, not ${bytes}`);
      };
      const raw = async () => expectEcho(await lattice.echo(payload));
      const call = async () => expectEcho(await client.callComponent('echo', 'echo', payload, { seed }));
      for (const concurrency of levels) {
        const settings = { count, concurrency, durationMs, warmup: 50 };
        report(`echo of ${size(bytes)}, ${concurrency} in flight: host over NATS vs raw NATS request/reply`, [
          await measure('raw NATS request/reply', raw, settings),
          await measure('callComponent via host', call, settings),
        ]);
      }
    }
    await reportInvocationCpu(lattice, durationMs);
  } finally {
    await lattice.close();
  }
}

/**
 * Where a call's time goes besides the network, on this thread, serially: what `callComponent` does per call
 * (the client's kept key, `signInvocationAsync` with the runtime's native Ed25519, encode) and what the host
 * does per call (decode, then `verifyInvocation` with its native `NativeSignatures`, the signer already known).
 */
async function reportInvocationCpu(lattice: LatticeFixture, durationMs: number): Promise<void> {
  const payload = new Uint8Array(16).fill(97);
  const key = keyFromSeed(lattice.seed);
  const sign = async () =>
    encodeInvocation(
      await signInvocationAsync({
        origin: clientEntity(key.publicKey),
        target: { public_key: 'echo', link_name: '', contract_id: '' },
        operation: 'echo',
        msg: payload,
        hostId: key.publicKey,
        signingKey: key,
      }),
    );
  const signed = await sign();
  const signatures = new NativeSignatures();
  const verify = () => verifyInvocation(decodeInvocation(signed), { verifySignature: signatures.verify });
  verify();
  const settings = { count: 2000, durationMs: Math.min(durationMs, 2000), warmup: 5 };
  report('invocation CPU per call, 16 B, serial, no NATS (same thread)', [
    await measure('raw NATS request/reply', () => lattice.echo(payload), settings),
    await measure('client: sign (native) + encode invocation', sign, settings),
    await measure('host: decode + verify (native) invocation', async () => verify(), settings),
  ]);
}

if (import.meta.main) await benchHostNats();
