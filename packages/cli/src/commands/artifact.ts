/** Reading a component from a file or an OCI reference, with the registry credentials in force. */

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pullComponent, type RegistryCredential } from '@trellis/oci';
import { CliError } from '../cli-error.ts';
import type { Settings } from '../settings.ts';

export function registryCredentials(
  settings: Settings,
  opts: Record<string, unknown>,
): RegistryCredential | undefined {
  const username = (opts.user as string | undefined) ?? settings.registryUser;
  const password = (opts.password as string | undefined) ?? settings.registryPassword;
  if (username === undefined && password === undefined) return undefined;
  return { username: username ?? '', password: password ?? '' };
}

/** The bytes of FILE, or of the component pulled from REF when no such file exists. */
export async function readComponent(
  fileOrRef: string,
  settings: Settings,
  opts: Record<string, unknown>,
): Promise<{ bytes: Uint8Array; source: string }> {
  const path = fileOrRef.startsWith('file://') ? new URL(fileOrRef).pathname : fileOrRef;
  if (existsSync(path)) {
    try {
      return { bytes: new Uint8Array(await readFile(path)), source: path };
    } catch (cause) {
      throw new CliError('failed', `cannot read ${path}: ${(cause as Error).message}`, { cause });
    }
  }
  const credentials = registryCredentials(settings, opts);
  const pulled = await pullComponent(fileOrRef, {
    ...(credentials ? { credentials } : {}),
    ...(opts.insecure ? { insecure: true } : {}),
  }).catch((cause: unknown) => {
    throw new CliError('failed', `cannot pull ${fileOrRef}: ${(cause as Error).message}`, { cause });
  });
  return { bytes: pulled.bytes, source: `${fileOrRef}@${pulled.manifestDigest}` };
}

export const registryOptionsHelp = (command: import('commander').Command) =>
  command
    .option('--user <name>', 'registry user (TRELLIS_REGISTRY_USER)')
    .option('--password <secret>', 'registry password (TRELLIS_REGISTRY_PASSWORD)')
    .option('--insecure', 'plain http to the registry (default for loopback registries)');
