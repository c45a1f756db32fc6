/**
 * The HTTP API's shapes, shared by validation and the OpenAPI document. Wire types (Link, auctions, inventory,
 * …) come from @trellis/protocol as they are; the bodies below are the HTTP forms of commands whose ids travel
 * in the path.
 */
import { z } from '@hono/zod-openapi';
import { MAX_TIMEOUT_MS } from './settings.ts';

const token = (name: string) =>
  z
    .string()
    .min(1)
    .regex(/^[^\s.*>]+$/, `${name} must be one NATS token (no spaces, dots, * or >)`);

export const LatticeParams = z.object({
  lattice: token('lattice').openapi({ param: { name: 'lattice', in: 'path' }, example: 'default' }),
});
export const HostParams = LatticeParams.extend({
  hostId: token('hostId').openapi({ param: { name: 'hostId', in: 'path' } }),
});
export const HostComponentParams = HostParams.extend({
  componentId: token('componentId').openapi({ param: { name: 'componentId', in: 'path' } }),
});
export const HostProviderParams = HostParams.extend({
  providerId: token('providerId').openapi({ param: { name: 'providerId', in: 'path' } }),
});
export const HostLabelParams = HostParams.extend({
  key: z
    .string()
    .min(1)
    .openapi({ param: { name: 'key', in: 'path' } }),
});
export const ConfigParams = LatticeParams.extend({
  name: token('name').openapi({ param: { name: 'name', in: 'path' } }),
});
export const ComponentParams = LatticeParams.extend({
  componentId: token('componentId').openapi({ param: { name: 'componentId', in: 'path' } }),
});

/** `?timeout_ms=`: how long to wait or collect, within (0, 60 s]. */
export const TimeoutQuery = z.object({
  timeout_ms: z.coerce
    .number()
    .int()
    .positive()
    .max(MAX_TIMEOUT_MS)
    .optional()
    .openapi({ param: { name: 'timeout_ms', in: 'query' }, example: 2000 }),
});
/** `?wait=true`: wait for the outcome event instead of returning the acknowledgement. */
export const WaitQuery = TimeoutQuery.extend({
  wait: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1')
    .openapi({ param: { name: 'wait', in: 'query' }, example: 'true' }),
});
export const EventsQuery = z.object({
  types: z
    .string()
    .optional()
    .openapi({ param: { name: 'types', in: 'query' }, example: 'component_scaled,component_scale_failed' }),
});

const stringMap = z.record(z.string(), z.string());

export const ScaleBody = z
  .object({
    component_ref: z.string().min(1).openapi({ example: 'file:///path/to/handler.wasm' }),
    count: z.number().int().min(0).max(0xffff_ffff),
    annotations: stringMap.optional(),
    config: z.array(z.string()).optional(),
    allow_update: z.boolean().optional(),
  })
  .openapi('ScaleComponent');

export const UpdateBody = z
  .object({ new_component_ref: z.string().min(1), annotations: stringMap.optional() })
  .openapi('UpdateComponent');

export const StartProviderBody = z
  .object({
    provider_id: token('provider_id'),
    provider_ref: z.string().min(1),
    config: z.array(z.string()).optional(),
    annotations: stringMap.optional(),
  })
  .openapi('StartProvider');

export const LabelBody = z.object({ value: z.string() }).openapi('LabelValue');

export const InvokeBody = z
  .object({
    operation: z.string().min(1).openapi({ example: 'echo' }),
    payload: z.base64().optional().openapi({ description: 'the request bytes, base64' }),
    json: z.unknown().optional().openapi({ description: 'a JSON value sent as its UTF-8 text' }),
  })
  .refine((b) => !(b.payload !== undefined && b.json !== undefined), {
    message: 'give payload or json, not both',
    path: ['payload'],
  })
  .openapi('Invoke');

export const InvokeResult = z
  .object({
    payload: z.string().openapi({ description: 'the reply bytes, base64' }),
    text: z.string().optional().openapi({ description: 'the reply as text, when it is valid UTF-8' }),
    json: z.unknown().optional().openapi({ description: 'the reply parsed, when it is JSON' }),
  })
  .openapi('InvokeResult');

export const AckResult = z
  .object({ accepted: z.literal(true), message: z.string() })
  .openapi('Ack', { description: 'the host received the command (receipt, not completion)' });

export const OutcomeResult = z
  .object({
    accepted: z.literal(true),
    message: z.string(),
    event: z.record(z.string(), z.unknown()).openapi({ description: 'the CloudEvent that confirmed it' }),
  })
  .openapi('Outcome');

export const ErrorResult = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      host_message: z.string().optional(),
    }),
  })
  .openapi('Error');

export const HealthResult = z
  .object({
    ok: z.boolean(),
    nats: z.object({
      reachable: z.boolean(),
      url: z.string(),
      rtt_ms: z.number().optional(),
      error: z.string().optional(),
    }),
  })
  .openapi('Health');
