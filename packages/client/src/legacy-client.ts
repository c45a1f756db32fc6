/**
 * The seed 003 (wasmCloud 0.x) control client: `{prefix}.{lattice}.auction.actor`, `cmd.{host}.la|sa|scale|
 * upd|lp|sp|stop`, `get.links`, `get.claims`, `get.{host}.inv`, `ping.hosts`, `linkdefs.put|del`,
 * `registries.put`, in JSON (what real 0.x hosts spoke) or msgpack (what the seed says). Replies are decoded
 * whatever their encoding; a `CtlOperationAck` with `accepted: false` throws `HostRefusedError`.
 */
import {
  decodeLegacy,
  encodeLegacy,
  LegacyActorAuctionAck,
  LegacyActorAuctionRequest,
  LegacyClaimsList,
  LegacyCtlOperationAck,
  type LegacyEncoding,
  LegacyHost,
  LegacyHostInventory,
  LegacyLinkDefinition,
  LegacyLinkDefinitionList,
  LegacyProviderAuctionAck,
  LegacyProviderAuctionRequest,
  LegacyRemoveLinkDefinitionRequest,
  LegacyScaleActorCommand,
  LegacyStartActorCommand,
  LegacyStartProviderCommand,
  LegacyStopActorCommand,
  LegacyStopHostCommand,
  LegacyStopProviderCommand,
  type LegacySubjects,
  LegacyUpdateActorCommand,
  legacySubjects,
  RegistryCredentialMap,
} from '@trellis/protocol';
import type { ClientConnection } from './connection.ts';
import { HostRefusedError, toTransportError } from './errors.ts';
import { type ClientOptions, type ResolvedClientOptions, resolveOptions } from './options.ts';
import { requestReply, scatterGather } from './transport.ts';
import type { WireInput } from './wire-input.ts';

export interface LegacyClientOptions extends ClientOptions {
  /** Request encoding. Default `json` (every real 0.x host); `msgpack` as seed 003 describes. */
  encoding?: LegacyEncoding;
}

type Schema = Parameters<typeof decodeLegacy>[0];
type Out<S extends Schema> = ReturnType<typeof decodeLegacy<S>>['value'];
type HostScoped<
  S extends { readonly '~standard': { readonly types?: { readonly input: unknown } | undefined } },
> = WireInput<S> & { host_id: string };
const EMPTY = new Uint8Array(0);

export class LegacyLatticeClient {
  readonly nc: ClientConnection;
  readonly options: ResolvedClientOptions & { encoding: LegacyEncoding };
  readonly subjects: LegacySubjects;

  constructor(nc: ClientConnection, options: LegacyClientOptions = {}) {
    this.nc = nc;
    this.options = { ...resolveOptions(options), encoding: options.encoding ?? 'json' };
    this.subjects = legacySubjects(this.options.lattice, this.options.topicPrefix);
  }

  /** `ping.hosts`: every host answering within the period (or until `expect` answered). */
  async getHosts(
    options: { timeoutMs?: number; expect?: number } = {},
  ): Promise<Array<Out<typeof LegacyHost>>> {
    return this.#collect(this.subjects.pingHosts(), EMPTY, LegacyHost, options);
  }

  getHostInventory(hostId: string): Promise<Out<typeof LegacyHostInventory>> {
    return this.#query(this.subjects.getInventory(hostId), LegacyHostInventory);
  }

  async getClaims(): Promise<Array<Record<string, string>>> {
    return (await this.#query(this.subjects.getClaims(), LegacyClaimsList)).claims;
  }

  async getLinks(): Promise<Array<Out<typeof LegacyLinkDefinition>>> {
    return (await this.#query(this.subjects.getLinks(), LegacyLinkDefinitionList)).links;
  }

  performActorAuction(
    input: WireInput<typeof LegacyActorAuctionRequest>,
    options: { timeoutMs?: number } = {},
  ): Promise<Array<Out<typeof LegacyActorAuctionAck>>> {
    const body = this.#encode(LegacyActorAuctionRequest, input);
    return this.#collect(this.subjects.auctionActor(), body, LegacyActorAuctionAck, options);
  }

  performProviderAuction(
    input: WireInput<typeof LegacyProviderAuctionRequest>,
    options: { timeoutMs?: number } = {},
  ): Promise<Array<Out<typeof LegacyProviderAuctionAck>>> {
    const body = this.#encode(LegacyProviderAuctionRequest, input);
    return this.#collect(this.subjects.auctionProvider(), body, LegacyProviderAuctionAck, options);
  }

  /** `cmd.{host}.la`: launch an actor. Acknowledged before the actor is fetched. */
  startActor(input: HostScoped<typeof LegacyStartActorCommand>): Promise<void> {
    return this.#command(input.host_id, 'la', LegacyStartActorCommand, input);
  }

  /** `cmd.{host}.scale`. */
  scaleActor(input: HostScoped<typeof LegacyScaleActorCommand>): Promise<void> {
    return this.#command(input.host_id, 'scale', LegacyScaleActorCommand, input);
  }

  /** `cmd.{host}.sa`. */
  stopActor(input: HostScoped<typeof LegacyStopActorCommand>): Promise<void> {
    return this.#command(input.host_id, 'sa', LegacyStopActorCommand, input);
  }

  /** `cmd.{host}.upd`: live update. */
  updateActor(input: HostScoped<typeof LegacyUpdateActorCommand>): Promise<void> {
    return this.#command(input.host_id, 'upd', LegacyUpdateActorCommand, input);
  }

  startProvider(input: HostScoped<typeof LegacyStartProviderCommand>): Promise<void> {
    return this.#command(input.host_id, 'lp', LegacyStartProviderCommand, input);
  }

  stopProvider(input: HostScoped<typeof LegacyStopProviderCommand>): Promise<void> {
    return this.#command(input.host_id, 'sp', LegacyStopProviderCommand, input);
  }

  stopHost(input: HostScoped<typeof LegacyStopHostCommand>): Promise<void> {
    return this.#command(input.host_id, 'stop', LegacyStopHostCommand, input);
  }

  /** `linkdefs.put`. */
  async putLink(link: WireInput<typeof LegacyLinkDefinition>): Promise<void> {
    await this.#ack(this.subjects.linkdefsPut(), this.#encode(LegacyLinkDefinition, link));
  }

  /** `linkdefs.del`. */
  async deleteLink(input: WireInput<typeof LegacyRemoveLinkDefinitionRequest>): Promise<void> {
    await this.#ack(this.subjects.linkdefsDel(), this.#encode(LegacyRemoveLinkDefinitionRequest, input));
  }

  /** `registries.put`: publish only. */
  async putRegistries(registries: WireInput<typeof RegistryCredentialMap>): Promise<void> {
    const subject = this.subjects.registriesPut();
    try {
      this.nc.publish(subject, this.#encode(RegistryCredentialMap, registries));
      await this.nc.flush();
    } catch (error) {
      throw toTransportError(error, subject);
    }
  }

  #encode<S extends Schema>(schema: S, value: WireInput<S>): Uint8Array {
    return encodeLegacy(schema, value as never, this.options.encoding);
  }

  async #query<S extends Schema>(subject: string, schema: S): Promise<Out<S>> {
    const msg = await requestReply(this.nc, subject, EMPTY, this.options.timeoutMs);
    return decodeLegacy(schema, msg.data).value;
  }

  async #command<S extends Schema>(
    hostId: string,
    command: 'la' | 'sa' | 'scale' | 'upd' | 'lp' | 'sp' | 'stop',
    schema: S,
    input: WireInput<S>,
  ): Promise<void> {
    await this.#ack(this.subjects.command(hostId, command), this.#encode(schema, input));
  }

  async #ack(subject: string, body: Uint8Array): Promise<void> {
    const msg = await requestReply(this.nc, subject, body, this.options.timeoutMs);
    const ack = decodeLegacy(LegacyCtlOperationAck, msg.data).value;
    if (!ack.accepted) throw new HostRefusedError(subject, ack.error);
  }

  async #collect<S extends Schema>(
    subject: string,
    body: Uint8Array,
    schema: S,
    options: { timeoutMs?: number; expect?: number },
  ): Promise<Array<Out<S>>> {
    const msgs = await scatterGather(this.nc, subject, body, {
      timeoutMs: options.timeoutMs ?? this.options.auctionTimeoutMs,
      expect: options.expect,
    });
    const out: Array<Out<S>> = [];
    for (const msg of msgs) {
      try {
        out.push(decodeLegacy(schema, msg.data).value);
      } catch {
        break; // as the 0.x client: collection stops at the first undecodable reply
      }
    }
    return out;
  }
}

/** Creates a seed 003 (wasmCloud 0.x) client on `nc`. */
export function createLegacyClient(
  nc: ClientConnection,
  options: LegacyClientOptions = {},
): LegacyLatticeClient {
  return new LegacyLatticeClient(nc, options);
}
