/**
 * Contexts, like wash's: named JSON files of connection settings in `$XDG_CONFIG_HOME/trellis/contexts/`
 * (default `~/.config/trellis/contexts/`), one of which is the default (`contexts/.default` holds its name).
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './cli-error.ts';

/** A context file. Every field is optional; flags and `TRELLIS_*` variables override it. */
export interface Context {
  nats_url?: string;
  lattice?: string;
  /** Request timeout in ms. */
  timeout_ms?: number;
  nats_creds?: string;
  nats_seed?: string;
  ctl_prefix?: string;
  /** Seed signing `trellis call` invocations. */
  cluster_seed?: string;
  registry_user?: string;
  registry_password?: string;
}

const FIELDS: ReadonlyArray<keyof Context> = [
  'nats_url',
  'lattice',
  'timeout_ms',
  'nats_creds',
  'nats_seed',
  'ctl_prefix',
  'cluster_seed',
  'registry_user',
  'registry_password',
];

export function contextsDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'trellis', 'contexts');
}

const NAME = /^[A-Za-z0-9_-]+$/;

export function contextPath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!NAME.test(name))
    throw new CliError('usage', `invalid context name '${name}' (letters, digits, _ and -)`);
  return join(contextsDir(env), `${name}.json`);
}

/** Reads a context file; `what` names it in errors. */
export async function readContext(file: string): Promise<Context> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new CliError('usage', `cannot read context ${file}: ${(cause as Error).message}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CliError('usage', `context ${file} is not valid JSON`, { cause });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CliError('usage', `context ${file} is not a JSON object`);
  }
  const out: Context = {};
  for (const key of FIELDS) {
    const value = (json as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (key === 'timeout_ms' ? typeof value !== 'number' : typeof value !== 'string') {
      throw new CliError('usage', `context ${file}: ${key} has the wrong type`);
    }
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** The default context's name, or undefined when none was chosen. */
export async function defaultContextName(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  try {
    const name = (await readFile(join(contextsDir(env), '.default'), 'utf8')).trim();
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}

export async function setDefaultContext(name: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await readContext(contextPath(name, env));
  await writeFile(join(contextsDir(env), '.default'), `${name}\n`);
}

export async function writeContext(name: string, context: Context, env: NodeJS.ProcessEnv = process.env) {
  const file = contextPath(name, env);
  await mkdir(contextsDir(env), { recursive: true });
  await writeFile(file, `${JSON.stringify(context, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export async function listContexts(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  try {
    const names = await readdir(contextsDir(env));
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -5))
      .sort();
  } catch {
    return [];
  }
}

export async function deleteContext(name: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await rm(contextPath(name, env));
  if ((await defaultContextName(env)) === name) await rm(join(contextsDir(env), '.default'), { force: true });
}
