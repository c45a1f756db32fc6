/**
 * One handler per ctl v1 operation (§1.3). A handler returns the reply's bytes, or `undefined` when the host
 * stays silent (an auction it does not qualify for). Decoding failures throw `HostError('malformed')`; the
 * server turns any throw into `{"success":false,"message":…}`.
 */
import {
  ClaimsList,
  ComponentAuctionAck,
  ComponentAuctionRequest,
  ConfigMap,
  type CtlResponse,
  type CtlV1Operation,
  ctlError,
  ctlOk,
  ctlSuccess,
  DeleteInterfaceLinkDefinitionRequest,
  encodeCtlResponse,
  Host,
  HostInventory,
  HostLabel,
  HostLabelIdentifier,
  Link,
  LinkList,
  ProviderAuctionAck,
  ProviderAuctionRequest,
  RegistryCredentialMap,
  ScaleComponentCommand,
  StartProviderCommand,
  StopHostCommand,
  StopProviderCommand,
  UpdateComponentCommand,
} from '@trellis/protocol';
import type { HostContext } from '../context.ts';
import { decodeBody, isEmptyBody } from './decode.ts';
import * as ops from './lattice-ops.ts';
import { providerNotRunning, startProviderUnsupported } from './providers.ts';

export interface CtlRequest {
  data: Uint8Array;
  hostId?: string | undefined;
  name?: string | undefined;
}

export type CtlHandler = (ctx: HostContext, request: CtlRequest) => Promise<Uint8Array | undefined>;

const reply = (response: CtlResponse) => encodeCtlResponse(response);

/** 1.9.2 uses this context for link.put and link.del bodies alike. */
const LINK_DECODE_FAILED = 'failed to deserialize wrpc link definition';

export const v1Handlers: Record<CtlV1Operation, CtlHandler> = {
  'host.ping': async (ctx) => encodeCtlResponse(ctlOk(ctx.hostInfo()), Host),
  'host.get': async (ctx) => encodeCtlResponse(ctlOk(ctx.inventory()), HostInventory),
  'host.stop': async (ctx, { data, hostId }) => {
    const command = isEmptyBody(data)
      ? undefined
      : decodeBody(StopHostCommand, data, 'failed to deserialize stop command');
    if (command && command.host_id !== '' && (command.host_id !== hostId || command.host_id !== ctx.id)) {
      return reply(ctlError(`invalid host_id [${command.host_id}]`));
    }
    if (hostId !== ctx.id) return reply(ctlError(`invalid host_id [${hostId}]`));
    ctx.requestStop(command?.timeout);
    return reply(ctlSuccess('successfully handled stop host'));
  },
  'claims.get': async (ctx) => encodeCtlResponse(ctlOk(ops.claimsList(ctx)), ClaimsList),
  'component.auction': async (ctx, { data }) => {
    const request = decodeBody(
      ComponentAuctionRequest,
      data,
      'failed to deserialize component auction command',
    );
    if (!ops.constraintsMatch(request.constraints, ctx.labels())) return undefined;
    if (ctx.components.get(request.component_id)) return undefined;
    const ack = {
      component_ref: request.component_ref,
      component_id: request.component_id,
      host_id: ctx.id,
      constraints: request.constraints,
    };
    return encodeCtlResponse(ctlOk(ack), ComponentAuctionAck);
  },
  'component.scale': async (ctx, { data }) => {
    const command = decodeBody(ScaleComponentCommand, data, 'failed to deserialize component scale command');
    const { message } = ctx.components.scale({
      componentId: command.component_id,
      ref: command.component_ref,
      count: command.count,
      annotations: command.annotations,
      config: command.config,
      limits: command.component_limits,
      allowUpdate: command.allow_update,
      hostId: command.host_id,
    });
    return reply(ctlSuccess(message));
  },
  'component.update': async (ctx, { data }) => {
    const command = decodeBody(
      UpdateComponentCommand,
      data,
      'failed to deserialize component update command',
    );
    const options = { annotations: command.annotations, hostId: command.host_id };
    return reply(ctx.components.update(command.component_id, command.new_component_ref, options).response);
  },
  'provider.auction': async (ctx, { data }) => {
    const request = decodeBody(
      ProviderAuctionRequest,
      data,
      'failed to deserialize provider auction command',
    );
    if (!ops.constraintsMatch(request.constraints, ctx.labels())) return undefined;
    const ack = {
      host_id: ctx.id,
      provider_ref: request.provider_ref,
      provider_id: request.provider_id,
      constraints: request.constraints,
    };
    return encodeCtlResponse(ctlOk(ack), ProviderAuctionAck);
  },
  'provider.start': async (ctx, { data }) => {
    const command = decodeBody(StartProviderCommand, data, 'failed to deserialize provider start command');
    return reply(startProviderUnsupported(ctx, command.provider_id, command.provider_ref, command.host_id));
  },
  'provider.stop': async (_ctx, { data }) => {
    decodeBody(StopProviderCommand, data, 'failed to deserialize provider stop command');
    return reply(providerNotRunning());
  },
  'link.put': async (ctx, { data }) =>
    reply(await ops.putLink(ctx, decodeBody(Link, data, LINK_DECODE_FAILED))),
  'link.del': async (ctx, { data }) =>
    reply(
      await ops.deleteLink(ctx, decodeBody(DeleteInterfaceLinkDefinitionRequest, data, LINK_DECODE_FAILED)),
    ),
  'link.get': async (ctx) => encodeCtlResponse(ctlOk(ops.getLinks(ctx)), LinkList),
  'config.put': async (ctx, { data, name }) =>
    reply(
      await ops.putConfig(
        ctx,
        name ?? '',
        decodeBody(ConfigMap, data, 'config data should be a map of string -> string'),
      ),
    ),
  'config.get': async (ctx, { name }) => encodeCtlResponse(await ops.getConfig(ctx, name ?? ''), ConfigMap),
  'config.del': async (ctx, { name }) => reply(await ops.deleteConfig(ctx, name ?? '')),
  'label.put': async (ctx, { data }) => {
    const label = decodeBody(HostLabel, data, 'failed to deserialize put label request');
    return reply(ops.putLabel(ctx, label.key, label.value));
  },
  'label.del': async (ctx, { data }) => {
    const label = decodeBody(HostLabelIdentifier, data, 'failed to deserialize delete label request');
    return reply(ops.deleteLabel(ctx, label.key));
  },
  'registry.put': async (ctx, { data }) => {
    ctx.setRegistryCredentials(
      decodeBody(RegistryCredentialMap, data, 'failed to deserialize registries put command'),
    );
    return reply(ctlSuccess('successfully put registries'));
  },
};
