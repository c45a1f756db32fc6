/**
 * Component calls over NATS (§3.5): a msgpack `Invocation` on `rpcSubject(lattice, componentId)`, subscribed
 * with that subject as queue group by every host running the component, so calls spread over them. Each
 * invocation's anti-forgery claims are verified (signature, time, URLs, hash; issuer allow-list when
 * configured); the reply is an `InvocationResponse`, and `invocation_succeeded`/`invocation_failed` go to
 * `rpcEventSubject(lattice)`.
 */
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  createEvent,
  decodeInvocation,
  encodeEvent,
  encodeInvocationResponse,
  type Invocation,
  invocationFailed,
  invocationSucceeded,
  rpcEventSubject,
  rpcSubject,
  verifyInvocation,
  type WasmCloudEntity,
} from '@trellis/protocol';
import type { ComponentManager } from '../components/manager.ts';
import { messageOf } from '../errors.ts';
import type { Logger } from '../log.ts';
import { NativeSignatures } from './native-signatures.ts';

export interface RpcServerOptions {
  connection: NatsConnection;
  lattice: string;
  hostId: string;
  /** Accepted invocation signers; empty = any signer whose claims verify. */
  clusterIssuers: string[];
  components: ComponentManager;
  logger: Logger;
}

export class RpcServer {
  readonly #o: RpcServerOptions;
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #signatures = new NativeSignatures();
  #stopped = false;

  constructor(options: RpcServerOptions) {
    this.#o = options;
  }

  /** Makes the set of served components equal `ids` (called whenever components start or stop). */
  sync(ids: Iterable<string>): void {
    if (this.#stopped) return;
    const wanted = new Set(ids);
    for (const [id, subscription] of this.#subscriptions) {
      if (!wanted.has(id)) {
        subscription.unsubscribe();
        this.#subscriptions.delete(id);
      }
    }
    for (const id of wanted) {
      if (this.#subscriptions.has(id)) continue;
      const subject = rpcSubject(this.#o.lattice, id);
      const subscription = this.#o.connection.subscribe(subject, {
        queue: subject,
        callback: (error, msg) => {
          if (error) this.#o.logger.warn('rpc subscription error', { subject, error });
          else void this.#handle(id, msg);
        },
      });
      this.#subscriptions.set(id, subscription);
    }
  }

  /** Stops taking calls; calls already running still get their reply. */
  stop(): void {
    this.#stopped = true;
    for (const subscription of this.#subscriptions.values()) subscription.unsubscribe();
    this.#subscriptions.clear();
  }

  async #handle(componentId: string, msg: Msg): Promise<void> {
    let invocation: Invocation | undefined;
    let response: { msg: Uint8Array; invocation_id: string; error?: string };
    try {
      invocation = decodeInvocation(msg.data);
      const issuers = this.#o.clusterIssuers;
      verifyInvocation(invocation, {
        verifySignature: this.#signatures.verify,
        ...(issuers.length > 0 ? { allowedIssuers: issuers } : {}),
      });
      const target = invocation.target.public_key;
      const running = this.#o.components.get(componentId);
      if (target !== componentId && target !== running?.claims?.sub) {
        throw new Error(`invocation target ${target} is not component ${componentId}`);
      }
      const result = await this.#o.components.call(componentId, invocation.operation, invocation.msg);
      response = { msg: result, invocation_id: invocation.id };
    } catch (error) {
      response = { msg: new Uint8Array(), invocation_id: invocation?.id ?? '', error: messageOf(error) };
    }
    if (msg.reply) {
      try {
        msg.respond(encodeInvocationResponse(response));
      } catch (error) {
        this.#o.logger.warn('could not answer an invocation', { component_id: componentId, error });
      }
    }
    this.#publishOutcome(componentId, invocation, response.error === undefined);
  }

  #publishOutcome(componentId: string, invocation: Invocation | undefined, ok: boolean): void {
    const entity = (e: WasmCloudEntity | undefined) => ({
      contract_id: e?.contract_id ?? '',
      link_name: e?.link_name ?? '',
      public_key: e?.public_key ?? '',
    });
    const data = {
      bytes: invocation?.msg.length ?? 0,
      dest: invocation ? entity(invocation.target) : { ...entity(undefined), public_key: componentId },
      operation: invocation?.operation ?? '',
      source: entity(invocation?.origin),
    };
    const payload = ok ? invocationSucceeded(data) : invocationFailed(data);
    try {
      const event = createEvent({ ...payload, source: this.#o.hostId });
      this.#o.connection.publish(rpcEventSubject(this.#o.lattice), encodeEvent(event));
    } catch (error) {
      this.#o.logger.warn('could not publish an invocation event', { error });
    }
  }
}
