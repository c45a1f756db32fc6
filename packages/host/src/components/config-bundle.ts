/**
 * A component's config: the configs it names, merged in order (later names override earlier keys), as 1.9.2's
 * config bundle. Starting, or changing the list of names, checks every name; afterwards the bundle follows
 * the lattice's config as it is.
 */
import { HostError } from '../errors.ts';
import type { LatticeStore } from '../store/lattice-store.ts';
import { isSecretReference } from './secret-names.ts';

type ConfigSource = Pick<LatticeStore, 'getConfig'>;

/**
 * The merged config, checked as 1.9.2 checks it: plain names first (the first missing one fails: "Unable to
 * fetch requested config: Config X does not exist"), then `SECRET…` names, which need a secrets backend this
 * host does not have.
 */
export async function resolveConfig(store: ConfigSource, names: string[]): Promise<Record<string, string>> {
  const plain = names.filter((name) => !isSecretReference(name));
  const values = await Promise.all(plain.map((name) => store.getConfig(name)));
  const missing = plain.findIndex((_, i) => !values[i]);
  if (missing >= 0) {
    throw new HostError(
      'not_found',
      `Unable to fetch requested config: Config ${plain[missing]} does not exist`,
    );
  }
  if (plain.length < names.length) {
    throw new HostError(
      'unsupported',
      'Unable to fetch requested secrets: secret store not configured, could not fetch secrets',
    );
  }
  return Object.assign({}, ...values) as Record<string, string>;
}

/** The merged config as it is now; a name deleted since counts as empty (1.9.2's bundle zeroes it). */
export async function currentConfig(store: ConfigSource, names: string[]): Promise<Record<string, string>> {
  const merged: Record<string, string> = {};
  for (const name of names) Object.assign(merged, (await store.getConfig(name)) ?? {});
  return merged;
}
