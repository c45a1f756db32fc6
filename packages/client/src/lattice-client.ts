/**
 * The ctl v1 (wasmCloud 1.x) control client: every operation of the control interface over a NATS connection
 * the caller owns. Command replies are acknowledgements of receipt, not of completion; the outcome arrives as
 * an event (use `waitFor` or the `…AndWait` helpers, which subscribe before sending).
 */
import {
  ClaimsList,
  ComponentAuctionAck,
  ComponentAuctionRequest,
  ConfigMap,
  type CtlResponse,
  type CtlV1Subjects,
  ctlV1Subjects,
  DeleteInterfaceLinkDefinitionRequest,
  decodeCtlResponse,
  encodeJson,
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
import type { ClientConnection } from './connection.ts';
import { ClientError, HostRefusedError, OutcomeFailedError, toTransportError } from './errors.ts';
import { EventStream, type EventStreamOptions, type EventStreamTarget } from './event-stream.ts';
import { type CallOptions, callComponent } from './invoke.ts';
import type { LatticeEvent } from './lattice-event.ts';
import { type ClientOptions, type ResolvedClientOptions, resolveOptions } from './options.ts';
import { SigningKeys } from './signing-keys.ts';
import { requestReply, scatterGather } from './transport.ts';
import { type EventPredicate, type WaitForOptions, waitForEvent } from './wait-for.ts';
import type { WireInput } from './wire-input.ts';

/** A host's acknowledgement: it received the command. `message` is `""` or what the host added (a warning). */
export interface Ack {
  message: string;
}

/** An acknowledgement and the event that confirmed the outcome. */
export interface Confirmed {
  ack: Ack;
  event: LatticeEvent;
}

export type ScaleComponentInput = WireInput<typeof ScaleComponentCommand> & { host_id: string };
export type StartComponentInput = Omit<ScaleComponentInput, 'count'> & { count?: number };
export type StopComponentInput = { host_id: string; component_id: string; component_ref?: string };
export type UpdateComponentInput = WireInput<typeof UpdateComponentCommand> & { host_id: string };
export type StartProviderInput = WireInput<typeof StartProviderCommand> & { host_id: string };
export type StopProviderInput = WireInput<typeof StopProviderCommand> & { host_id: string };
export type ComponentAuctionInput = Omit<WireInput<typeof ComponentAuctionRequest>, 'constraints'> & {
  constraints?: Record<string, string>;
};
export type ProviderAuctionInput = Omit<WireInput<typeof ProviderAuctionRequest>, 'constraints'> & {
  constraints?: Record<string, string>;
};
export type LinkInput = WireInput<typeof Link>;
export type DeleteLinkInput = WireInput<typeof DeleteInterfaceLinkDefinitionRequest>;
export type RegistriesInput = WireInput<typeof RegistryCredentialMap>;

export interface CollectOptions {
  /** Collection period; default the client's `auctionTimeoutMs`. */
  timeoutMs?: number;
  /** `getHosts`: stop as soon as this many hosts answered. */
  expect?: number;
  signal?: AbortSignal;
}

/** The events that tell how a command ended, for `sendAndWait`. */
export interface OutcomeEvents {
  /** The event that confirms it (`component_scaled`). */
  success: string;
  /** Events that report a failure (`component_scale_failed`). */
  failures: readonly string[];
  /** Which events are this command's: its component or provider, on its host. */
  matches: EventPredicate;
}

export interface ConfirmOptions {
  /** How long to wait for the outcome event. Default 10 s for components (wash's), 60 s for providers. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const EMPTY = new Uint8Array(0);
type Decode<T> = (bytes: Uint8Array) => CtlResponse<T>;

export class LatticeClient {
  readonly nc: ClientConnection;
  readonly options: ResolvedClientOptions;
  readonly subjects: CtlV1Subjects;
  readonly #target: EventStreamTarget;
  readonly #signingKeys = new SigningKeys();

  constructor(nc: ClientConnection, options: ClientOptions = {}) {
    this.nc = nc;
    this.options = resolveOptions(options);
    this.subjects = ctlV1Subjects(this.options.lattice, this.options.topicPrefix);
    this.#target = { lattice: this.options.lattice, eventPrefix: this.options.eventPrefix };
  }

  get lattice(): string {
    return this.options.lattice;
  }

  // -------------------------------------------------------------------------------------------------------
  // Queries

  /** Every host that answers `host.ping` within the period (full period unless `expect` is reached). */
  async getHosts(options: CollectOptions = {}): Promise<Host[]> {
    return this.#collect(this.subjects.hostPing(), EMPTY, (b) => decodeCtlResponse(b, Host), options);
  }

  /** What runs on one host. */
  async getHostInventory(hostId: string): Promise<HostInventory> {
    const reply = await this.#request(this.subjects.hostGet(hostId), EMPTY, (b) =>
      decodeCtlResponse(b, HostInventory),
    );
    return this.#required(reply);
  }

  /** Every claims record the lattice knows (answered by one host). */
  async getClaims(): Promise<ClaimsList> {
    return (
      (await this.#request(this.subjects.claimsGet(), EMPTY, (b) => decodeCtlResponse(b, ClaimsList)))
        .response ?? []
    );
  }

  /** Every link in the lattice. */
  async getLinks(): Promise<LinkList> {
    return (
      (await this.#request(this.subjects.linkGet(), EMPTY, (b) => decodeCtlResponse(b, LinkList))).response ??
      []
    );
  }

  /** A named config, or `undefined` when it does not exist. */
  async getConfig(name: string): Promise<ConfigMap | undefined> {
    return (await this.#request(this.subjects.configGet(name), EMPTY, (b) => decodeCtlResponse(b, ConfigMap)))
      .response;
  }

  // -------------------------------------------------------------------------------------------------------
  // Auctions: wait the full period, return every qualifying host's ack (possibly none).

  performComponentAuction(
    input: ComponentAuctionInput,
    options: CollectOptions = {},
  ): Promise<ComponentAuctionAck[]> {
    const body = encodeJson(ComponentAuctionRequest, { ...input, constraints: input.constraints ?? {} });
    return this.#collect(
      this.subjects.componentAuction(),
      body,
      (b) => decodeCtlResponse(b, ComponentAuctionAck),
      options,
    );
  }

  performProviderAuction(
    input: ProviderAuctionInput,
    options: CollectOptions = {},
  ): Promise<ProviderAuctionAck[]> {
    const body = encodeJson(ProviderAuctionRequest, { ...input, constraints: input.constraints ?? {} });
    return this.#collect(
      this.subjects.providerAuction(),
      body,
      (b) => decodeCtlResponse(b, ProviderAuctionAck),
      options,
    );
  }

  // -------------------------------------------------------------------------------------------------------
  // Commands: each resolves with the host's acknowledgement or throws `HostRefusedError`.

  /** Sets the component's instance count on a host (0 stops it). Acknowledged before anything is fetched. */
  scaleComponent(input: ScaleComponentInput): Promise<Ack> {
    return this.#ack(this.subjects.componentScale(input.host_id), encodeJson(ScaleComponentCommand, input));
  }

  /** `scaleComponent` with `count` 1 unless given. */
  startComponent(input: StartComponentInput): Promise<Ack> {
    return this.scaleComponent({ ...input, count: input.count ?? 1 });
  }

  /** Scales the component to 0 on the host. */
  /**
   * Scales a component to zero on a host. Without `component_ref` it first reads the running reference from
   * that host's inventory (as `wash stop component` does), so the host does not answer with its warning that
   * the requested reference differs from the running one.
   */
  async stopComponent(input: StopComponentInput): Promise<Ack> {
    let componentRef = input.component_ref;
    if (componentRef === undefined) {
      const inventory = await this.getHostInventory(input.host_id);
      componentRef = inventory.components.find((c) => c.id === input.component_id)?.image_ref ?? '';
    }
    return this.scaleComponent({ ...input, component_ref: componentRef, count: 0 });
  }

  updateComponent(input: UpdateComponentInput): Promise<Ack> {
    return this.#ack(this.subjects.componentUpdate(input.host_id), encodeJson(UpdateComponentCommand, input));
  }

  startProvider(input: StartProviderInput): Promise<Ack> {
    return this.#ack(this.subjects.providerStart(input.host_id), encodeJson(StartProviderCommand, input));
  }

  stopProvider(input: StopProviderInput): Promise<Ack> {
    return this.#ack(this.subjects.providerStop(input.host_id), encodeJson(StopProviderCommand, input));
  }

  /** Asks a host to shut down gracefully; `timeoutMs` is the drain time the host is given. */
  stopHost(hostId: string, options: { timeoutMs?: number } = {}): Promise<Ack> {
    const body = encodeJson(StopHostCommand, { host_id: hostId, timeout: options.timeoutMs });
    return this.#ack(this.subjects.hostStop(hostId), body);
  }

  /** Puts a link; the host validates configs and conflicts synchronously (a refusal throws). */
  putLink(link: LinkInput): Promise<Ack> {
    return this.#ack(this.subjects.linkPut(), encodeJson(Link, link));
  }

  /** Deletes a link (idempotent). */
  deleteLink(input: DeleteLinkInput): Promise<Ack> {
    return this.#ack(this.subjects.linkDel(), encodeJson(DeleteInterfaceLinkDefinitionRequest, input));
  }

  putConfig(name: string, values: ConfigMap): Promise<Ack> {
    return this.#ack(this.subjects.configPut(name), encodeJson(ConfigMap, values));
  }

  deleteConfig(name: string): Promise<Ack> {
    return this.#ack(this.subjects.configDel(name), EMPTY);
  }

  putLabel(hostId: string, key: string, value: string): Promise<Ack> {
    return this.#ack(this.subjects.labelPut(hostId), encodeJson(HostLabel, { key, value }));
  }

  deleteLabel(hostId: string, key: string): Promise<Ack> {
    return this.#ack(this.subjects.labelDel(hostId), encodeJson(HostLabelIdentifier, { key }));
  }

  /** Publishes registry credentials to every host. Publish only: nothing confirms it (as wasmCloud). */
  async putRegistries(registries: RegistriesInput): Promise<void> {
    const subject = this.subjects.registryPut();
    try {
      this.nc.publish(subject, encodeJson(RegistryCredentialMap, registries));
      await this.nc.flush();
    } catch (error) {
      throw toTransportError(error, subject);
    }
  }

  /**
   * Invokes a component over RPC with an invocation signed by `options.seed` (its key derived once per client)
   * or `options.signingKey`; resolves with the reply bytes.
   */
  async callComponent(
    componentId: string,
    operation: string,
    payload: Uint8Array,
    options: CallOptions,
  ): Promise<Uint8Array> {
    return callComponent(this.nc, this.options.lattice, componentId, operation, payload, {
      signer: this.#signingKeys.resolve(options),
      timeoutMs: options.timeoutMs ?? this.options.timeoutMs,
      ...(options.hostId === undefined ? {} : { hostId: options.hostId }),
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Events

  /** Live events of this lattice (optionally only some types). Close it, break out, or abort the signal. */
  events(options: EventStreamOptions = {}): EventStream {
    return new EventStream(this.nc, this.#target, options);
  }

  /**
   * Resolves with the first event of `types` that satisfies `predicate`. Subscribes immediately: call it
   * BEFORE sending the command whose outcome it waits for, then await it.
   */
  waitFor(
    types: string | readonly string[],
    predicate: EventPredicate,
    options: WaitForOptions,
  ): Promise<LatticeEvent> {
    return waitForEvent(this.nc, this.#target, types, predicate, options);
  }

  /**
   * Scales and waits for `component_scaled` (resolves) or `component_scale_failed` (throws
   * `OutcomeFailedError`) from that host for that component.
   */
  scaleComponentAndWait(input: ScaleComponentInput, options: ConfirmOptions = {}): Promise<Confirmed> {
    const matches = (e: LatticeEvent) =>
      e.data.component_id === input.component_id && hostOf(e) === input.host_id;
    return this.sendAndWait(
      () => this.scaleComponent(input),
      { success: 'component_scaled', failures: ['component_scale_failed'], matches },
      { timeoutMs: 10_000, ...options },
    );
  }

  /** Starts a provider and waits for `provider_started` (resolves) or `provider_start_failed` (throws). */
  startProviderAndWait(input: StartProviderInput, options: ConfirmOptions = {}): Promise<Confirmed> {
    const matches = (e: LatticeEvent) =>
      e.data.provider_id === input.provider_id && hostOf(e) === input.host_id;
    return this.sendAndWait(
      () => this.startProvider(input),
      { success: 'provider_started', failures: ['provider_start_failed'], matches },
      { timeoutMs: 60_000, ...options },
    );
  }

  /**
   * Sends a command and waits for the event that tells how it ended, subscribed before the command goes out
   * so it cannot be missed. A failure event throws `OutcomeFailedError` with the event's `error` (else its
   * `reason`, else its name); a command that fails to send throws as it is and stops the wait.
   */
  async sendAndWait(
    send: () => Promise<Ack>,
    { success, failures, matches }: OutcomeEvents,
    options: WaitForOptions,
  ): Promise<Confirmed> {
    const cancel = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
    const outcome = this.waitFor([success, ...failures], matches, { timeoutMs: options.timeoutMs, signal });
    outcome.catch(() => {}); // observed below; avoid an unhandled rejection if `send` throws first
    let ack: Ack;
    try {
      ack = await send();
    } catch (error) {
      cancel.abort();
      throw error;
    }
    const event = await outcome;
    if (failures.includes(event.name)) throw new OutcomeFailedError(failureReason(event), event);
    return { ack, event };
  }

  // -------------------------------------------------------------------------------------------------------

  async #request<T>(subject: string, body: Uint8Array, decode: Decode<T>): Promise<CtlResponse<T>> {
    const msg = await requestReply(this.nc, subject, body, this.options.timeoutMs);
    const reply = decode(msg.data);
    if (!reply.success) throw new HostRefusedError(subject, reply.message);
    return reply;
  }

  async #ack(subject: string, body: Uint8Array): Promise<Ack> {
    const reply = await this.#request(subject, body, (b) => decodeCtlResponse(b));
    return { message: reply.message };
  }

  #required<T>(reply: CtlResponse<T>): T {
    if (reply.response === undefined) {
      throw new ClientError('refused', reply.message === '' ? 'the host sent no response' : reply.message);
    }
    return reply.response;
  }

  async #collect<T>(
    subject: string,
    body: Uint8Array,
    decode: Decode<T>,
    options: CollectOptions,
  ): Promise<T[]> {
    const msgs = await scatterGather(this.nc, subject, body, {
      timeoutMs: options.timeoutMs ?? this.options.auctionTimeoutMs,
      expect: options.expect,
      signal: options.signal,
    });
    const out: T[] = [];
    for (const msg of msgs) {
      let reply: CtlResponse<T>;
      try {
        reply = decode(msg.data);
      } catch {
        break; // as wasmCloud's client: collection stops at the first undecodable reply
      }
      if (reply.success && reply.response !== undefined) out.push(reply.response);
    }
    return out;
  }
}

/** Why a failure event says its command failed: `error` (1.x), else `reason` (older events), else its name. */
function failureReason(event: LatticeEvent): string {
  const { error, reason } = event.data;
  if (typeof error === 'string') return error;
  return typeof reason === 'string' ? reason : event.name;
}

/** The host an event came from: `data.host_id` when present, else the CloudEvent `source`. */
export function hostOf(event: LatticeEvent): string {
  return typeof event.data.host_id === 'string' ? event.data.host_id : event.source;
}

/**
 * The component an event is about: `data.component_id` (1.x events), else `data.public_key`, which the older
 * event set (seed 000: `component_update_failed`, `component_started`, …) uses for the component id.
 */
export function componentOf(event: LatticeEvent): string | undefined {
  const { component_id, public_key } = event.data;
  if (typeof component_id === 'string') return component_id;
  return typeof public_key === 'string' ? public_key : undefined;
}

/** Creates a ctl v1 client on `nc` (which the caller keeps owning). */
export function createClient(nc: ClientConnection, options: ClientOptions = {}): LatticeClient {
  return new LatticeClient(nc, options);
}
