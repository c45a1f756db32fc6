/**
 * The seed 003 (wasmCloud 0.x) subjects on the same operations as ctl v1. Requests come as JSON or msgpack and
 * every reply goes back in the request's encoding (JSON for an empty request); commands answer
 * `CtlOperationAck {accepted, error}`, queries answer the bare 0.x shapes.
 */
import {
  type CtlResponse,
  encodeLegacy,
  isToken,
  LegacyActorAuctionAck,
  LegacyActorAuctionRequest,
  LegacyClaimsList,
  LegacyCtlOperationAck,
  type LegacyEncoding,
  LegacyHost,
  LegacyHostInventory,
  LegacyLinkDefinition,
  LegacyLinkDefinitionList,
  type LegacyOperation,
  LegacyProviderAuctionAck,
  LegacyProviderAuctionRequest,
  LegacyRemoveLinkDefinitionRequest,
  LegacyScaleActorCommand,
  LegacyStartActorCommand,
  LegacyStartProviderCommand,
  LegacyStopActorCommand,
  LegacyStopHostCommand,
  LegacyStopProviderCommand,
  LegacyUpdateActorCommand,
  RegistryCredentialMap,
} from '@trellis/protocol';
import type { z } from 'zod';
import { deriveComponentId } from '../components/component-id.ts';
import type { HostContext } from '../context.ts';
import * as ops from '../ctl/lattice-ops.ts';
import { providerNotRunning, startProviderUnsupported } from '../ctl/providers.ts';
import { decodeRequest } from './decode.ts';
import { contractParts, toLegacy, toLink, valuesConfigName } from './links.ts';

export interface LegacyRequest {
  data: Uint8Array;
  hostId?: string | undefined;
  /** The encoding replies use: the request's, JSON when the request was empty. */
  encoding: LegacyEncoding;
}

export type LegacyHandler = (ctx: HostContext, request: LegacyRequest) => Promise<Uint8Array | undefined>;

const ack = (encoding: LegacyEncoding, accepted: boolean, error = '') =>
  encodeLegacy(LegacyCtlOperationAck, { accepted, error }, encoding);
const fromCtl = (encoding: LegacyEncoding, response: CtlResponse) =>
  ack(encoding, response.success, response.success ? '' : response.message);
const decode = <S extends z.ZodType>(schema: S, request: LegacyRequest, what: string) =>
  decodeRequest(schema, request.data, what);

/** A running component named by id, image reference or public key (0.x callers use all three). */
function findComponent(ctx: HostContext, key: string): string | undefined {
  if (ctx.components.get(key)) return key;
  for (const c of ctx.components.list()) if (c.imageRef === key || c.claims?.sub === key) return c.id;
  return ctx.components.resolve(key);
}

const wrongHost = (ctx: HostContext, request: LegacyRequest, hostId: string) =>
  hostId !== '' && hostId !== ctx.id
    ? ack(request.encoding, false, 'Command received by incorrect host and could not be processed')
    : undefined;

export const legacyHandlers: Record<LegacyOperation, LegacyHandler> = {
  'auction.actor': async (ctx, request) => {
    const auction = decode(LegacyActorAuctionRequest, request, 'actor auction request');
    if (!ops.constraintsMatch(auction.constraints, ctx.labels())) return undefined;
    if (findComponent(ctx, auction.actor_ref) || ctx.components.get(deriveComponentId(auction.actor_ref))) {
      return undefined;
    }
    const reply = { actor_ref: auction.actor_ref, host_id: ctx.id, constraints: auction.constraints };
    return encodeLegacy(LegacyActorAuctionAck, reply, request.encoding);
  },
  'auction.provider': async (ctx, request) => {
    const auction = decode(LegacyProviderAuctionRequest, request, 'provider auction request');
    if (!ops.constraintsMatch(auction.constraints, ctx.labels())) return undefined;
    const reply = {
      host_id: ctx.id,
      link_name: auction.link_name,
      provider_ref: auction.provider_ref,
      constraints: auction.constraints,
    };
    return encodeLegacy(LegacyProviderAuctionAck, reply, request.encoding);
  },
  'cmd.la': async (ctx, request) => {
    const command = decode(LegacyStartActorCommand, request, 'launch actor request');
    const refused = wrongHost(ctx, request, command.host_id);
    if (refused) return refused;
    if (command.actor_ref === '') return ack(request.encoding, false, 'Invalid launch actor JSON request');
    const id = findComponent(ctx, command.actor_ref) ?? deriveComponentId(command.actor_ref);
    const current = ctx.components.get(id)?.maxInstances ?? 0;
    ctx.components.scale({
      componentId: id,
      ref: command.actor_ref,
      count: current + command.count,
      annotations: command.annotations,
    });
    return ack(request.encoding, true);
  },
  'cmd.scale': async (ctx, request) => {
    const command = decode(LegacyScaleActorCommand, request, 'scale actor request');
    const refused = wrongHost(ctx, request, command.host_id);
    if (refused) return refused;
    // A given `actor_id` names the component (running or not); without one the id comes from the ref.
    const given = command.actor_id ?? '';
    if (given === '' && command.actor_ref === '') {
      return ack(request.encoding, false, 'actor_id or actor_ref is required');
    }
    if (given !== '' && !isToken(given)) {
      return ack(request.encoding, false, `actor_id '${given}' must be one NATS subject token`);
    }
    const id =
      given !== ''
        ? (findComponent(ctx, given) ?? given)
        : (findComponent(ctx, command.actor_ref) ?? deriveComponentId(command.actor_ref));
    // `count: null` (no maximum) runs one instance: this host bounds every component.
    ctx.components.scale({
      componentId: id,
      ref: command.actor_ref,
      count: command.count ?? 1,
      annotations: command.annotations,
    });
    return ack(request.encoding, true);
  },
  'cmd.sa': async (ctx, request) => {
    const command = decode(LegacyStopActorCommand, request, 'stop actor request');
    const refused = wrongHost(ctx, request, command.host_id);
    if (refused) return refused;
    const id = findComponent(ctx, command.actor_ref) ?? command.actor_ref;
    if (id === '') return ack(request.encoding, false, 'actor_ref is required');
    const current = ctx.components.get(id)?.maxInstances ?? 0;
    const count = command.count !== undefined && command.count > 0 ? Math.max(0, current - command.count) : 0;
    ctx.components.scale({ componentId: id, ref: '', count, annotations: command.annotations });
    return ack(request.encoding, true);
  },
  'cmd.lp': async (ctx, request) => {
    const command = decode(LegacyStartProviderCommand, request, 'launch provider request');
    return fromCtl(request.encoding, startProviderUnsupported(ctx, '', command.provider_ref));
  },
  'cmd.sp': async (_ctx, request) => {
    decode(LegacyStopProviderCommand, request, 'stop provider request');
    return fromCtl(request.encoding, providerNotRunning());
  },
  'cmd.upd': async (ctx, request) => {
    const command = decode(LegacyUpdateActorCommand, request, 'update actor request');
    const refused = wrongHost(ctx, request, command.host_id);
    if (refused) return refused;
    const id = findComponent(ctx, command.actor_id) ?? command.actor_id;
    const options = command.annotations ? { annotations: command.annotations } : {};
    return fromCtl(request.encoding, ctx.components.update(id, command.new_actor_ref, options).response);
  },
  'cmd.stop': async (ctx, request) => {
    const command =
      request.data.length === 0 ? undefined : decode(LegacyStopHostCommand, request, 'stop host request');
    const refused = command && wrongHost(ctx, request, command.host_id);
    if (refused) return refused;
    ctx.requestStop(command?.timeout);
    return ack(request.encoding, true);
  },
  'get.links': async (ctx, request) => {
    const links = [];
    for (const link of ops.getLinks(ctx)) {
      const name = link.target_config.find((n) => n.startsWith('LINKDEF_'));
      const values = (name && (await ctx.store.getConfig(name))) || {};
      links.push(toLegacy(link, values));
    }
    return encodeLegacy(LegacyLinkDefinitionList, { links }, request.encoding);
  },
  'get.claims': async (ctx, request) =>
    encodeLegacy(LegacyClaimsList, { claims: ops.claimsList(ctx) }, request.encoding),
  'get.inv': async (ctx, request) => encodeLegacy(LegacyHostInventory, inventory(ctx), request.encoding),
  'get.hosts': async (ctx, request) => encodeLegacy(LegacyHost, host(ctx), request.encoding),
  'ping.hosts': async (ctx, request) => encodeLegacy(LegacyHost, host(ctx), request.encoding),
  'linkdefs.put': async (ctx, request) => {
    const def = decode(LegacyLinkDefinition, request, 'link definition');
    const withValues = Object.keys(def.values).length > 0;
    if (withValues) await ctx.store.putConfig(valuesConfigName(def), def.values);
    return fromCtl(request.encoding, await ops.putLink(ctx, toLink(def, withValues)));
  },
  'linkdefs.del': async (ctx, request) => {
    const def = decode(LegacyRemoveLinkDefinitionRequest, request, 'remove link definition request');
    const response = await ops.deleteLink(ctx, {
      source_id: def.actor_id,
      name: def.link_name,
      ...contractParts(def.contract_id),
    });
    await ctx.store.deleteConfig(valuesConfigName(def)).catch(() => undefined);
    return fromCtl(request.encoding, response);
  },
  'registries.put': async (ctx, request) => {
    ctx.setRegistryCredentials(decode(RegistryCredentialMap, request, 'registry credentials'));
    return ack(request.encoding, true);
  },
};

function host(ctx: HostContext): LegacyHost {
  const info = ctx.hostInfo();
  const out: LegacyHost = {
    friendly_name: info.friendly_name,
    id: info.id,
    labels: info.labels,
    lattice_prefix: info.lattice,
    uptime_human: info.uptime_human,
    uptime_seconds: info.uptime_seconds,
    version: info.version,
    issuer: ctx.clusterPublicKey,
  };
  if (info.ctl_host) out.ctl_host = info.ctl_host;
  if (info.rpc_host) out.rpc_host = info.rpc_host;
  if (ctx.options.clusterIssuers.length > 0) out.cluster_issuers = ctx.options.clusterIssuers.join(',');
  return out;
}

function inventory(ctx: HostContext): LegacyHostInventory {
  const inv = ctx.inventory();
  return {
    actors: ctx.components.list().map((c) => ({
      id: c.id,
      image_ref: c.imageRef,
      instances: [
        {
          annotations: c.annotations,
          image_ref: c.imageRef,
          instance_id: c.instanceId,
          revision: c.claims?.wascap?.rev ?? 0,
          max_concurrent: Math.min(c.maxInstances, 0xffff),
        },
      ],
      ...(c.claims?.wascap?.name !== undefined ? { name: c.claims.wascap.name } : {}),
    })),
    host_id: inv.host_id,
    issuer: ctx.clusterPublicKey,
    friendly_name: inv.friendly_name,
    labels: inv.labels,
    providers: [],
    version: inv.version,
    uptime_human: inv.uptime_human,
    uptime_seconds: inv.uptime_seconds,
  };
}
