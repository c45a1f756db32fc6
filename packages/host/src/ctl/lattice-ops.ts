/**
 * Links, config, labels and claims: the synchronous operations (events are emitted before the reply), shared
 * by ctl v1 and the seed 003 subjects. Messages are wasmCloud 1.9.2's, character for character.
 */
import {
  type ConfigMap,
  type CtlResponse,
  ctlError,
  ctlOk,
  ctlSuccess,
  type DeleteInterfaceLinkDefinitionRequest,
  type Link,
} from '@trellis/protocol';
import { claimsMap } from '../components/claims-data.ts';
import { isSecretReference } from '../components/secret-names.ts';
import type { HostContext } from '../context.ts';
import { isHostcoreLabel } from '../identity.ts';

export const LINK_CONFLICT =
  'link already exists with different target, consider deleting the existing link or using a different link name';
export const HOSTCORE_REFUSAL = 'hostcore.* labels cannot be set dynamically';

/** Link put (§1.4.5): config names must exist; a different target on an overlapping key is refused. */
export async function putLink(ctx: HostContext, link: Link): Promise<CtlResponse> {
  const failed = (error: string) => {
    ctx.events.emit('linkdef_set_failed', { ...linkData(link), error });
    return ctlError(error);
  };
  // Every name is checked (source config first, then target config), each missing one named.
  let problems = '';
  for (const name of await missingConfig(ctx, [...link.source_config, ...link.target_config])) {
    problems += isSecretReference(name)
      ? `Secret reference ${name} not found in config store. `
      : `Configuration ${name} not found in config store. `;
  }
  if (problems !== '') return failed(`Failed to validate configuration and secrets. ${problems}`);

  const spec = (await ctx.store.getSpec(link.source_id)) ?? { url: '', links: [] };
  const sameKey = (l: Link) =>
    l.source_id === link.source_id &&
    l.wit_namespace === link.wit_namespace &&
    l.wit_package === link.wit_package &&
    l.name === link.name;
  const conflict = spec.links.some(
    (l) => sameKey(l) && l.target !== link.target && l.interfaces.some((i) => link.interfaces.includes(i)),
  );
  if (conflict) return failed(LINK_CONFLICT);
  const index = spec.links.findIndex((l) => sameKey(l) && l.target === link.target);
  if (index >= 0) spec.links[index] = link;
  else spec.links.push(link);
  await ctx.store.putSpec(link.source_id, spec);
  ctx.events.emit('linkdef_set', linkData(link));
  return ctlSuccess('successfully set link');
}

/**
 * Link delete, idempotent. Without a spec for the source nothing is published ("(spec doesn't exist)");
 * otherwise `linkdef_deleted` is (with target/interfaces if a link matched). Like 1.9.2, only the first
 * matching link is removed, the spec's last link taking its place (`Vec::swap_remove`).
 */
export async function deleteLink(
  ctx: HostContext,
  request: DeleteInterfaceLinkDefinitionRequest,
): Promise<CtlResponse> {
  const spec = await ctx.store.getSpec(request.source_id);
  const data: Record<string, unknown> = {
    name: request.name,
    source_id: request.source_id,
    wit_namespace: request.wit_namespace,
    wit_package: request.wit_package,
  };
  if (!spec) return ctlSuccess("successfully deleted link (spec doesn't exist)");
  const matches = (l: Link) =>
    l.source_id === request.source_id &&
    l.name === request.name &&
    l.wit_namespace === request.wit_namespace &&
    l.wit_package === request.wit_package;
  const index = spec.links.findIndex(matches);
  const removed = spec.links[index];
  if (removed) {
    const last = spec.links.pop() as Link;
    if (index < spec.links.length) spec.links[index] = last;
    await ctx.store.putSpec(request.source_id, spec);
    data.target = removed.target;
    data.interfaces = removed.interfaces;
  }
  ctx.events.emit('linkdef_deleted', data);
  return ctlSuccess('successfully deleted link');
}

export function getLinks(ctx: HostContext): Link[] {
  return ctx.store.links();
}

export async function putConfig(ctx: HostContext, name: string, value: ConfigMap): Promise<CtlResponse> {
  await ctx.store.putConfig(name, value);
  ctx.events.emit('config_set', { config_name: name });
  return ctlSuccess('successfully put config');
}

export async function getConfig(ctx: HostContext, name: string): Promise<CtlResponse<ConfigMap>> {
  const value = await ctx.store.getConfig(name);
  return value ? ctlOk(value) : ctlSuccess('Configuration not found');
}

export async function deleteConfig(ctx: HostContext, name: string): Promise<CtlResponse> {
  await ctx.store.deleteConfig(name);
  ctx.events.emit('config_deleted', { config_name: name });
  return ctlSuccess('successfully deleted config');
}

export function putLabel(ctx: HostContext, key: string, value: string): CtlResponse {
  if (isHostcoreLabel(key)) return ctlError(HOSTCORE_REFUSAL);
  ctx.setLabel(key, value);
  ctx.events.emit('labels_changed', { host_id: ctx.id, labels: ctx.labels() });
  return ctlSuccess('successfully put label');
}

/** Label delete. Unlike put, 1.9.2 does not refuse `hostcore.*` keys here: they can be deleted. */
export function deleteLabel(ctx: HostContext, key: string): CtlResponse {
  if (!ctx.deleteLabel(key)) return ctlSuccess('successfully deleted label (no such label)');
  ctx.events.emit('labels_changed', { host_id: ctx.id, labels: ctx.labels() });
  return ctlSuccess('successfully deleted label');
}

/** The claims.get list (§1.4.8). */
export function claimsList(ctx: HostContext): Record<string, string>[] {
  return ctx.store.claims().map(claimsMap);
}

/** True when every constraint equals one of the labels. */
export function constraintsMatch(
  constraints: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  return Object.entries(constraints).every(([key, value]) => labels[key] === value);
}

function linkData(link: Link): Record<string, unknown> {
  return {
    interfaces: link.interfaces,
    name: link.name,
    source_config: link.source_config,
    source_id: link.source_id,
    target: link.target,
    target_config: link.target_config,
    wit_namespace: link.wit_namespace,
    wit_package: link.wit_package,
  };
}

async function missingConfig(ctx: HostContext, names: string[]): Promise<string[]> {
  const found = await Promise.all(names.map((name) => ctx.store.getConfig(name)));
  return names.filter((_, i) => !found[i]);
}
