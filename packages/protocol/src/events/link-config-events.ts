/** Link and config events of 1.x. */
import type { z } from 'zod';
import { normalize } from '../codec/json.ts';
import { Link } from '../ctl/types.ts';
import type { EventPayload, LinkdefSetData } from './types.ts';

function linkData(link: z.input<typeof Link>): LinkdefSetData {
  return normalize(Link, link);
}

/** A link put succeeded: the link's fields, flattened. */
export function linkdefSet(link: z.input<typeof Link>): EventPayload<'linkdef_set'> {
  return { type: 'linkdef_set', data: linkData(link) };
}

/** A link put failed (the reply is an error too). */
export function linkdefSetFailed(
  link: z.input<typeof Link>,
  error: string,
): EventPayload<'linkdef_set_failed'> {
  return { type: 'linkdef_set_failed', data: { ...linkData(link), error } };
}

/** A link delete (always published). Pass `existing` when the link existed: then `target`/`interfaces` appear. */
export function linkdefDeleted(
  input: { source_id: string; name?: string; wit_namespace: string; wit_package: string },
  existing?: { target: string; interfaces: string[] },
): EventPayload<'linkdef_deleted'> {
  const data = {
    name: input.name ?? 'default',
    source_id: input.source_id,
    wit_namespace: input.wit_namespace,
    wit_package: input.wit_package,
  };
  return {
    type: 'linkdef_deleted',
    data: existing ? { ...data, target: existing.target, interfaces: existing.interfaces } : data,
  };
}

export function configSet(configName: string): EventPayload<'config_set'> {
  return { type: 'config_set', data: { config_name: configName } };
}

export function configDeleted(configName: string): EventPayload<'config_deleted'> {
  return { type: 'config_deleted', data: { config_name: configName } };
}
