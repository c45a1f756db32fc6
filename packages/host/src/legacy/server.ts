/**
 * Serves the seed 003 subjects (`{ctl prefix}.{lattice}.…`) on the same operations as ctl v1. Every handler is
 * wrapped: a failure answers `{accepted: false, error}` in the request's encoding; the host keeps serving.
 */
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  detectLegacyEncoding,
  encodeLegacy,
  LegacyCtlOperationAck,
  type LegacyEncoding,
  legacySubjects,
  type ParsedLegacy,
} from '@trellis/protocol';
import type { HostContext } from '../context.ts';
import { messageOf } from '../errors.ts';
import { legacyHandlers } from './handlers.ts';

export function serveLegacy(connection: NatsConnection, ctx: HostContext): Subscription[] {
  const subjects = legacySubjects(ctx.lattice, ctx.options.ctlPrefix);
  return subjects.hostSubscriptions(ctx.id, ctx.options.auctions).map(({ subject, queue }) =>
    connection.subscribe(subject, {
      ...(queue ? { queue } : {}),
      callback: (error, msg) => {
        if (error) {
          ctx.logger.warn('legacy ctl subscription error', { subject, error });
          return;
        }
        void handle(ctx, subjects.parse(msg.subject), msg);
      },
    }),
  );
}

async function handle(ctx: HostContext, parsed: ParsedLegacy | undefined, msg: Msg): Promise<void> {
  const encoding: LegacyEncoding = msg.data.length === 0 ? 'json' : detectLegacyEncoding(msg.data);
  let body: Uint8Array | undefined;
  try {
    const operation = parsed?.operation;
    if (operation === undefined || (parsed?.hostId !== undefined && parsed.hostId !== ctx.id)) {
      body = encodeLegacy(LegacyCtlOperationAck, { accepted: false, error: 'unsupported subject' }, encoding);
    } else {
      body = await legacyHandlers[operation](ctx, { data: msg.data, hostId: parsed?.hostId, encoding });
    }
  } catch (error) {
    ctx.logger.debug('legacy ctl request failed', { subject: msg.subject, error });
    body = encodeLegacy(LegacyCtlOperationAck, { accepted: false, error: messageOf(error) }, encoding);
  }
  if (body === undefined || !msg.reply) return;
  try {
    msg.respond(body);
  } catch (error) {
    ctx.logger.warn('could not send a legacy ctl reply', { subject: msg.subject, error });
  }
}
