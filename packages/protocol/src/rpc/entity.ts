/**
 * `WasmCloudEntity` (0.x eras B/C, §3.5): an actor is `{public_key: "M…"}` with empty link name and contract
 * id; a provider adds its contract id and link name.
 */
import { z } from 'zod';
import { wireObject } from '../codec/wire.ts';

export const wasmCloudEntitySchema = wireObject({
  public_key: z.string().default(''),
  link_name: z.string().default(''),
  contract_id: z.string().default(''),
});

export type WasmCloudEntity = z.output<typeof wasmCloudEntitySchema>;

/**
 * The entity's bus URL: `wasmbus://{public_key}` for an actor (`M…` key), otherwise
 * `wasmbus://{contract_id with ':'→'/' and ' '→'_', lowercased}/{link_name with ' '→'_', lowercased}/{public_key}`.
 */
export function entityUrl(entity: WasmCloudEntity): string {
  if (entity.public_key.startsWith('M')) return `wasmbus://${entity.public_key}`;
  const contract = entity.contract_id.replaceAll(':', '/').replaceAll(' ', '_').toLowerCase();
  const link = entity.link_name.replaceAll(' ', '_').toLowerCase();
  return `wasmbus://${contract}/${link}/${entity.public_key}`;
}

/** The target URL an invocation's claims carry: `{entityUrl(target)}/{operation}`. */
export function targetUrl(target: WasmCloudEntity, operation: string): string {
  return `${entityUrl(target)}/${operation}`;
}
