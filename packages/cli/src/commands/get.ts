/** `trellis get hosts | inventory [HOST] | links | claims | config NAME` */
import type { LatticeClient } from '@trellis/client';
import type { Host, HostInventory, Link } from '@trellis/protocol';
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { action, example, type Invocation, type RunState } from '../kit.ts';
import { formatMap, table } from '../output.ts';
import { withClient } from '../session.ts';
import type { Settings } from '../settings.ts';
import { formatMs } from './format.ts';

/** Every host answering within the timeout; a `no_hosts` error when none does. */
export async function requireHosts(client: LatticeClient, settings: Settings): Promise<Host[]> {
  const hosts = await client.getHosts({ timeoutMs: settings.timeoutMs });
  if (hosts.length === 0) {
    throw new CliError(
      'no_hosts',
      `no hosts answered within ${formatMs(settings.timeoutMs)} on lattice ${settings.lattice} at ${settings.natsUrl}`,
    );
  }
  return hosts;
}

const userLabels = (labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('hostcore.')));

export function hostsTable(hosts: Host[]): string {
  return table(
    ['HOST ID', 'FRIENDLY NAME', 'UPTIME', 'VERSION', 'LABELS'],
    hosts.map((h) => [
      h.id,
      h.friendly_name,
      h.uptime_human ?? `${h.uptime_seconds}s`,
      h.version ?? '',
      formatMap(userLabels(h.labels)),
    ]),
  );
}

export function inventoryText(inv: HostInventory): string {
  const head = `Host ${inv.host_id} (${inv.friendly_name})  version ${inv.version}  up ${inv.uptime_human}`;
  const labels = `  labels: ${formatMap(inv.labels) || '(none)'}`;
  const components = table(
    ['COMPONENT ID', 'IMAGE REF', 'MAX INSTANCES', 'NAME', 'REVISION'],
    inv.components.map((c) => [c.id, c.image_ref, String(c.max_instances), c.name ?? '', String(c.revision)]),
  );
  const providers = table(
    ['PROVIDER ID', 'IMAGE REF', 'NAME', 'REVISION'],
    inv.providers.map((p) => [p.id, p.image_ref ?? '', p.name ?? '', String(p.revision)]),
  );
  return `${head}\n${labels}\n\nComponents:\n${indent(components)}\n\nProviders:\n${indent(providers)}`;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

export function linksTable(links: Link[]): string {
  return table(
    ['SOURCE', 'TARGET', 'NAME', 'WIT', 'SOURCE CONFIG', 'TARGET CONFIG'],
    links.map((l) => [
      l.source_id,
      l.target,
      l.name,
      `${l.wit_namespace}:${l.wit_package}/{${l.interfaces.join(',')}}`,
      l.source_config.join(','),
      l.target_config.join(','),
    ]),
  );
}

/** Prints every link in the lattice (`trellis get links`, `trellis link get`). */
export async function printLinks({ settings, out }: Invocation): Promise<void> {
  const links = await withClient(settings, (c) => c.getLinks());
  out.result(links, () => linksTable(links));
}

/** Prints a named config, one key a row (`trellis get config`, `trellis config get`); a missing one fails. */
export async function printConfig({ settings, out }: Invocation, name: string): Promise<void> {
  const config = await withClient(settings, (c) => c.getConfig(name));
  if (config === undefined)
    throw new CliError('failed', `config ${name} not found on lattice ${settings.lattice}`);
  out.result(config, () =>
    table(
      ['KEY', 'VALUE'],
      Object.keys(config)
        .sort()
        .map((k) => [k, config[k] ?? '']),
    ),
  );
}

export function getCommand(state: RunState): Command {
  const get = new Command('get').description('query the lattice (hosts, inventory, links, claims, config)');
  example(get, 'trellis get hosts', 'trellis get inventory --json');

  example(
    get
      .command('hosts')
      .description('list the hosts that answer a ping within the timeout')
      .action(
        action(state, async ({ settings, out }) => {
          const hosts = await withClient(settings, (c) => requireHosts(c, settings));
          out.result(hosts, () => hostsTable(hosts));
        }),
      ),
    'trellis get hosts',
    'trellis get hosts --lattice prod --timeout 5s --json',
  );

  example(
    get
      .command('inventory')
      .argument('[host]', 'host id (default: every host)')
      .description('what runs on a host (or on every host)')
      .action(
        action(state, async ({ settings, out }, hostId) => {
          await withClient(settings, async (client) => {
            if (hostId) {
              const inv = await client.getHostInventory(hostId);
              out.result(inv, () => inventoryText(inv));
              return;
            }
            const hosts = await requireHosts(client, settings);
            const invs = await Promise.all(hosts.map((h) => client.getHostInventory(h.id)));
            out.result(invs, () => invs.map(inventoryText).join('\n\n'));
          });
        }),
      ),
    'trellis get inventory',
    'trellis get inventory NAB…XYZ --json',
  );

  example(
    get.command('links').description('list every link in the lattice').action(action(state, printLinks)),
    'trellis get links',
  );

  example(
    get
      .command('claims')
      .description('list the claims of every signed component and provider the lattice has seen')
      .action(
        action(state, async ({ settings, out }) => {
          const claims = await withClient(settings, (c) => c.getClaims());
          out.result(claims, () =>
            table(
              ['NAME', 'SUBJECT', 'ISSUER', 'VERSION', 'REVISION'],
              claims.map((c) => [
                c.name ?? '',
                c.sub ?? c.subject ?? '',
                c.iss ?? c.issuer ?? '',
                c.version ?? '',
                c.rev ?? c.revision ?? '',
              ]),
            ),
          );
        }),
      ),
    'trellis get claims',
  );

  example(
    get
      .command('config')
      .argument('<name>', 'config name')
      .description('show a named config')
      .action(action(state, printConfig)),
    'trellis get config http-settings',
  );
  return get;
}
