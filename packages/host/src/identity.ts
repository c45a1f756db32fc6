/**
 * Who a host is: its N… server key (the host id, the CloudEvent source, the last token of its per-host
 * subjects), a friendly name, and its labels: `hostcore.os`, `hostcore.arch`, `hostcore.osfamily` as Rust's
 * `std::env::consts` spells them, plus the user's labels, kept sorted like a BTreeMap.
 */
import { arch, platform } from 'node:process';
import { createKey, keyFromSeed, type SigningKey } from '@trellis/protocol';
import { HostError } from './errors.ts';
import { friendlyName } from './friendly-name.ts';

export const HOSTCORE_PREFIX = 'hostcore.';

export interface HostIdentity {
  readonly key: SigningKey;
  readonly id: string;
  readonly friendlyName: string;
}

/** The host key from `seed` (an `SN…` seed), or a fresh one. */
export function createIdentity(seed?: string, name?: string): HostIdentity {
  let key: SigningKey;
  try {
    key = seed ? keyFromSeed(seed, 'host') : createKey('host');
  } catch (cause) {
    throw new HostError('invalid_options', `host seed: ${(cause as Error).message}`, { cause });
  }
  return { key, id: key.publicKey, friendlyName: name ?? friendlyName() };
}

const OS: Record<string, string> = { darwin: 'macos', win32: 'windows', sunos: 'solaris' };
const ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'x86', arm: 'arm' };

/** `hostcore.*` labels of this machine, e.g. `{hostcore.arch: x86_64, hostcore.os: linux, hostcore.osfamily: unix}`. */
export function hostcoreLabels(): Record<string, string> {
  return {
    'hostcore.arch': ARCH[arch] ?? arch,
    'hostcore.os': OS[platform] ?? platform,
    'hostcore.osfamily': platform === 'win32' ? 'windows' : 'unix',
  };
}

/** True for label keys the host owns (`hostcore.` prefix, any case). */
export function isHostcoreLabel(key: string): boolean {
  return key.toLowerCase().startsWith(HOSTCORE_PREFIX);
}
