/**
 * Global settings, resolved once per run. Precedence: command-line flag, then `TRELLIS_*` variable, then the
 * context (`--context NAME|FILE`, `TRELLIS_CONTEXT`, or the default context), then the built-in default.
 */
import { existsSync } from 'node:fs';
import { CliError } from './cli-error.ts';
import { type Context, contextPath, defaultContextName, readContext } from './contexts.ts';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** The global options as commander parses them (all optional strings/booleans). */
export interface GlobalFlags {
  natsUrl?: string;
  lattice?: string;
  timeout?: string;
  json?: boolean;
  natsCreds?: string;
  natsSeed?: string;
  ctlPrefix?: string;
  context?: string;
}

export interface Settings {
  natsUrl: string;
  lattice: string;
  timeoutMs: number;
  json: boolean;
  natsCreds?: string;
  natsSeed?: string;
  ctlPrefix?: string;
  clusterSeed?: string;
  registryUser?: string;
  registryPassword?: string;
  /** The context file used, if any. */
  contextFile?: string;
}

/** `2000`, `2000ms`, `2s`, `1.5s`, `1m` -> milliseconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new CliError('usage', `invalid ${what} '${text}' (e.g. 2000, 500ms, 2s, 1m)`);
  const n = Number(match[1]);
  const ms = match[2] === 's' ? n * 1000 : match[2] === 'm' ? n * 60_000 : n;
  if (!(ms > 0)) throw new CliError('usage', `${what} must be positive`);
  return Math.round(ms);
}

async function loadContext(flag: string | undefined, env: NodeJS.ProcessEnv) {
  const chosen = flag ?? env.TRELLIS_CONTEXT;
  if (chosen !== undefined && chosen !== '') {
    const file = chosen.includes('/') || chosen.endsWith('.json') ? chosen : contextPath(chosen, env);
    return { file, context: await readContext(file) };
  }
  const name = await defaultContextName(env);
  if (name === undefined) return { context: {} as Context };
  const file = contextPath(name, env);
  if (!existsSync(file)) return { context: {} as Context };
  return { file, context: await readContext(file) };
}

export async function resolveSettings(
  flags: GlobalFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Settings> {
  const { file, context } = await loadContext(flags.context, env);
  const pick = (flag: string | undefined, name: string, ctx: string | undefined) =>
    flag ?? (env[name] === '' ? undefined : env[name]) ?? ctx;
  const timeout = pick(flags.timeout, 'TRELLIS_TIMEOUT', undefined);
  const settings: Settings = {
    natsUrl: pick(flags.natsUrl, 'TRELLIS_NATS_URL', context.nats_url) ?? DEFAULT_NATS_URL,
    lattice: pick(flags.lattice, 'TRELLIS_LATTICE', context.lattice) ?? 'default',
    timeoutMs: timeout !== undefined ? parseDuration(timeout, 'timeout') : (context.timeout_ms ?? 2000),
    json: flags.json ?? ['1', 'true'].includes(env.TRELLIS_JSON ?? ''),
    natsCreds: pick(flags.natsCreds, 'TRELLIS_NATS_CREDS', context.nats_creds),
    natsSeed: pick(flags.natsSeed, 'TRELLIS_NATS_SEED', context.nats_seed),
    ctlPrefix: pick(flags.ctlPrefix, 'TRELLIS_CTL_PREFIX', context.ctl_prefix),
    clusterSeed: pick(undefined, 'TRELLIS_CLUSTER_SEED', context.cluster_seed),
    registryUser: pick(undefined, 'TRELLIS_REGISTRY_USER', context.registry_user),
    registryPassword: pick(undefined, 'TRELLIS_REGISTRY_PASSWORD', context.registry_password),
  };
  if (file !== undefined) settings.contextFile = file;
  return settings;
}
