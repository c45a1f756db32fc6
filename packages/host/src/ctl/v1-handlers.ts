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

export const v1Handlers: Record<CtlV1Operation, CtlHandler> = {
  'host.ping': async (ctx) => encodeCtlResponse(ctlOk(ctx.hostInfo()), Host),
  'host.get': async (ctx) => encodeCtlResponse(ctlOk(ctx.inventory()), HostInventory),
  'host.stop': async (ctx, { data, hostId }) => {
    const command = isEmptyBody(data) ? undefined : decodeBody(StopHostCommand, data, 'stop command');
    if (command && command.host_id !== '' && command.host_id !== hostId) {
      return reply(ctlError(`invalid host_id: ${command.host_id} does not match this host (${hostId})`));
    }
    ctx.requestStop(command?.timeout);
    return reply(ctlSuccess('successfully handled stop host'));
  },
  'claims.get': async (ctx) => encodeCtlResponse(ctlOk(ops.claimsList(ctx)), ClaimsList),
  'component.auction': async (ctx, { data }) => {
    const request = decodeBody(ComponentAuctionRequest, data, 'component auction request');
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
    const command = decodeBody(ScaleComponentCommand, data, 'component scale command');
    const { message } = ctx.components.scale({
      componentId: command.component_id,
      ref: command.component_ref,
      count: command.count,
      annotations: command.annotations,
      config: command.config,
      limits: command.component_limits,
      allowUpdate: command.allow_update,
    });
    return reply(ctlSuccess(message));
  },
  'component.update': async (ctx, { data }) => {
    const command = decodeBody(UpdateComponentCommand, data, 'component update command');
    const options = command.annotations ? { annotations: command.annotations } : {};
    return reply(ctx.components.update(command.component_id, command.new_component_ref, options).response);
  },
  'provider.auction': async (ctx, { data }) => {
    const request = decodeBody(ProviderAuctionRequest, data, 'provider auction request');
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
    const command = decodeBody(StartProviderCommand, data, 'provider start command');
    return reply(startProviderUnsupported(ctx, command.provider_id, command.provider_ref));
  },
  'provider.stop': async (_ctx, { data }) => {
    decodeBody(StopProviderCommand, data, 'provider stop command');
    return reply(providerNotRunning());
  },
  'link.put': async (ctx, { data }) =>
    reply(await ops.putLink(ctx, decodeBody(Link, data, 'wrpc link definition'))),
  'link.del': async (ctx, { data }) =>
    reply(
      await ops.deleteLink(
        ctx,
        decodeBody(DeleteInterfaceLinkDefinitionRequest, data, 'link deletion request'),
      ),
    ),
  'link.get': async (ctx) => encodeCtlResponse(ctlOk(ops.getLinks(ctx)), LinkList),
  'config.put': async (ctx, { data, name }) =>
    reply(await ops.putConfig(ctx, name ?? '', decodeBody(ConfigMap, data, 'config'))),
  'config.get': async (ctx, { name }) => encodeCtlResponse(await ops.getConfig(ctx, name ?? ''), ConfigMap),
  'config.del': async (ctx, { name }) => reply(await ops.deleteConfig(ctx, name ?? '')),
  'label.put': async (ctx, { data }) => {
    const label = decodeBody(HostLabel, data, 'host label');
    return reply(ops.putLabel(ctx, label.key, label.value));
  },
  'label.del': async (ctx, { data }) => {
    const label = decodeBody(HostLabelIdentifier, data, 'host label identifier');
    return reply(ops.deleteLabel(ctx, label.key));
  },
  'registry.put': async (ctx, { data }) => {
    ctx.setRegistryCredentials(decodeBody(RegistryCredentialMap, data, 'registry credentials'));
    return reply(ctlSuccess('successfully put registries'));
  },
};
