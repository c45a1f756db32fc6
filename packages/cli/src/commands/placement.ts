/** Choosing hosts for a command: by auction when none is named, by inventory for what already runs. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LatticeClient } from '@trellis/client';
import { CliError } from '../cli-error.ts';
import type { Settings } from '../settings.ts';
import { formatMs } from './format.ts';
import { requireHosts } from './get.ts';

/** Holds a component auction and returns the first host that qualified. */
export async function auctionComponent(
  client: LatticeClient,
  settings: Settings,
  input: { component_ref: string; component_id: string; constraints: Record<string, string> },
): Promise<string> {
  const acks = await client.performComponentAuction(input, { timeoutMs: settings.timeoutMs });
  return firstBidder(acks, `component ${input.component_id}`, settings);
}

/** Holds a provider auction and returns the first host that qualified. */
export async function auctionProvider(
  client: LatticeClient,
  settings: Settings,
  input: { provider_ref: string; provider_id: string; constraints: Record<string, string> },
): Promise<string> {
  const acks = await client.performProviderAuction(input, { timeoutMs: settings.timeoutMs });
  return firstBidder(acks, `provider ${input.provider_id}`, settings);
}

/** The host of the first auction ack; none is a `no_hosts` error naming what was auctioned (`what`). */
function firstBidder(acks: ReadonlyArray<{ host_id: string }>, what: string, settings: Settings): string {
  const winner = acks[0];
  if (!winner) {
    throw new CliError(
      'no_hosts',
      `no host accepted ${what} in an auction within ${formatMs(settings.timeoutMs)} on lattice ${settings.lattice} at ${settings.natsUrl}`,
    );
  }
  return winner.host_id;
}

/** The hosts running component `id` (with its image ref), from every host's inventory. */
export async function hostsRunning(
  client: LatticeClient,
  settings: Settings,
  id: string,
): Promise<Array<{ hostId: string; imageRef: string }>> {
  const hosts = await requireHosts(client, settings);
  const found: Array<{ hostId: string; imageRef: string }> = [];
  for (const host of hosts) {
    const inv = await client.getHostInventory(host.id);
    const component = inv.components.find((c) => c.id === id);
    if (component) found.push({ hostId: host.id, imageRef: component.image_ref });
  }
  if (found.length === 0) {
    throw new CliError('failed', `component ${id} is not running on any host of lattice ${settings.lattice}`);
  }
  return found;
}

/** A local file given as a reference becomes an absolute `file://` URL (hosts resolve paths from their cwd). */
export function normalizeRef(ref: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return ref;
  if (existsSync(ref) && statSync(ref).isFile()) return pathToFileURL(resolve(ref)).href;
  return ref;
}
