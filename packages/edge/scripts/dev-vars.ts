/**
 * `.dev.vars` (git-ignored) holds the secrets `wrangler dev` gives the Worker locally. `ensureDevVars(root)`
 * creates it when missing, with a fresh admin token, a read token and a fresh cluster seed that signs
 * invocations, and returns the admin token (also when the file existed: the first admin token in it).
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCluster, fromSeed } from '@nats-io/nkeys';

export interface DevVars {
  /** Path of the `.dev.vars` file. */
  path: string;
  /** An admin-scope token. */
  token: string;
  /** A read-scope token, when the file has one. */
  readToken: string | undefined;
  /** The public key (`C…`) of the invocation-signing seed, for a host's cluster issuers. */
  clusterIssuer: string | undefined;
  /** Every variable in the file. */
  vars: Record<string, string>;
}

/** Parses dotenv text (`KEY=value`, `KEY="value"`, `# comments`). */
export function parseDotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match === null) continue;
    let value = match[2] as string;
    if (/^"(.*)"$/s.test(value)) value = value.slice(1, -1).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    else if (/^'(.*)'$/s.test(value)) value = value.slice(1, -1);
    vars[match[1] as string] = value;
  }
  return vars;
}

/** Fresh development secrets as `.dev.vars` text. */
export function newDevVarsText(): string {
  const admin = `dev-admin-${randomBytes(18).toString('base64url')}`;
  const read = `dev-read-${randomBytes(18).toString('base64url')}`;
  const seed = new TextDecoder().decode(createCluster().getSeed());
  return [
    '# Secrets for `wrangler dev` (git-ignored). Created by `npm run dev`; see .dev.vars.example.',
    `TRELLIS_TOKENS="admin:${admin},read:${read}"`,
    'NATS_CREDS=""',
    `TRELLIS_SIGNING_SEED="${seed}"`,
    '',
  ].join('\n');
}

/** Reads `.dev.vars` under `root`; `undefined` when there is none. */
export async function readDevVars(root: string): Promise<DevVars | undefined> {
  const path = join(root, '.dev.vars');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const vars = parseDotenv(text);
  const tokens = (vars.TRELLIS_TOKENS ?? '').split(',').map((t) => t.trim());
  const tokenOf = (scope: string) =>
    tokens.find((t) => t.startsWith(`${scope}:`))?.slice(scope.length + 1) || undefined;
  const token = tokenOf('admin');
  if (token === undefined)
    throw new Error(`${path} has no admin token in TRELLIS_TOKENS ("admin:<token>,…")`);
  let clusterIssuer: string | undefined;
  if (vars.TRELLIS_SIGNING_SEED) {
    clusterIssuer = fromSeed(new TextEncoder().encode(vars.TRELLIS_SIGNING_SEED)).getPublicKey();
  }
  return { path, token, readToken: tokenOf('read'), clusterIssuer, vars };
}

/** Creates `<root>/.dev.vars` if missing and returns its admin token. */
export async function ensureDevVars(root: string): Promise<string> {
  const existing = await readDevVars(root);
  if (existing !== undefined) return existing.token;
  await writeFile(join(root, '.dev.vars'), newDevVarsText(), { mode: 0o600, flag: 'wx' }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  const created = await readDevVars(root);
  if (created === undefined) throw new Error(`could not create ${join(root, '.dev.vars')}`);
  return created.token;
}
