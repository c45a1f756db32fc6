/**
 * Serves ctl v1 on NATS with wasmCloud 1.x's subscriptions (§1.1): per-host subjects, queue groups for links,
 * config and claims, plain subscriptions for ping, registry and auctions. Every handler is wrapped: a throw
 * becomes `{"success":false,"message":…}` and the host keeps serving.
 */
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import { ctlError, ctlV1Subjects, encodeCtlResponse } from '@trellis/protocol';
import type { HostContext } from '../context.ts';
import { messageOf } from '../errors.ts';
import { v1Handlers } from './v1-handlers.ts';

export const UNSUPPORTED_SUBJECT = 'unsupported subject';

/** Subscribes; returns the subscriptions (unsubscribed by the host on stop). */
export function serveCtlV1(connection: NatsConnection, ctx: HostContext): Subscription[] {
  const subjects = ctlV1Subjects(ctx.lattice, ctx.options.ctlPrefix);
  const auctions = { component: ctx.options.auctions, provider: ctx.options.auctions };
  return subjects.hostSubscriptions(ctx.id, auctions).map(({ subject, queue }) =>
    connection.subscribe(subject, {
      ...(queue ? { queue } : {}),
      callback: (error, msg) => {
        if (error) {
          ctx.logger.warn('ctl subscription error', { subject, error });
          return;
        }
        void handle(ctx, subjects.parse(msg.subject), msg);
      },
    }),
  );
}

async function handle(
  ctx: HostContext,
  parsed: ReturnType<ReturnType<typeof ctlV1Subjects>['parse']>,
  msg: Msg,
): Promise<void> {
  let body: Uint8Array | undefined;
  try {
    const operation = parsed?.operation;
    if (operation === undefined || (parsed?.hostId !== undefined && parsed.hostId !== ctx.id)) {
      body = encodeCtlResponse(ctlError(UNSUPPORTED_SUBJECT));
    } else {
      body = await v1Handlers[operation](ctx, { data: msg.data, hostId: parsed?.hostId, name: parsed?.name });
    }
  } catch (error) {
    // The reply carries only the outermost message (as 1.9.2's does); the cause goes to the log.
    const cause = error instanceof Error && error.cause !== undefined ? messageOf(error.cause) : undefined;
    ctx.logger.warn('ctl request failed', { subject: msg.subject, error: messageOf(error), cause });
    body = encodeCtlResponse(ctlError(messageOf(error)));
  }
  if (body === undefined || !msg.reply) return;
  try {
    msg.respond(body);
  } catch (error) {
    ctx.logger.warn('could not send a ctl reply', { subject: msg.subject, error });
  }
}
