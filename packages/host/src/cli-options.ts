/**
 * `trellis-host` arguments and `TRELLIS_…` environment variables -> `HostOptions`. Flags win over the
 * environment. node:util `parseArgs` is enough for flat flags like these (no subcommands), so no library.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CTL_PREFIX } from '@trellis/protocol';
import { HostError } from './errors.ts';
import type { LogLevel } from './log.ts';
import { DEFAULT_NATS_URL, type HostOptions } from './options.ts';

export const HELP = `trellis-host: a wasmCloud-compatible lattice host

Usage: trellis-host [options]

Every option can also be set with the environment variable shown (flags win).

  --nats-url <url>            NATS server              TRELLIS_NATS_URL      (default ${DEFAULT_NATS_URL})
  --nats-seed <SU…>           NATS nkey user seed      TRELLIS_NATS_SEED
  --nats-creds <file>         NATS .creds file         TRELLIS_NATS_CREDS
  --lattice <id>              lattice id               TRELLIS_LATTICE       (default default)
  --label, -l <key=value>     host label, repeatable   TRELLIS_LABELS=k=v,k2=v2 or TRELLIS_LABEL_<key>=v
  --host-seed <SN…>           stable host identity     TRELLIS_HOST_SEED     (default: new key each start)
  --heartbeat <duration>      heartbeat interval       TRELLIS_HEARTBEAT     (default 30s; e.g. 500ms, 10s, 1m)
  --workers <n>               component worker threads TRELLIS_WORKERS       (default: cores)
  --cache-dir <dir>           component cache          TRELLIS_CACHE_DIR
  --allowed-issuer <A…>       only run components signed by these issuers, repeatable
                                                       TRELLIS_ALLOWED_ISSUERS=A…,A…
  --cluster-issuer <C…>       accept invocations signed by these keys only, repeatable
                                                       TRELLIS_CLUSTER_ISSUERS (default: any valid signer)
  --cluster-seed <SC…>        key signing this host's invocations  TRELLIS_CLUSTER_SEED
  --legacy-events <bool>      also emit the seed 000 events  TRELLIS_LEGACY_EVENTS (default true)
  --auctions <bool>           answer auctions          TRELLIS_AUCTIONS      (default true)
  --ctl-prefix <prefix>       ctl topic prefix         TRELLIS_CTL_PREFIX    (default ${DEFAULT_CTL_PREFIX})
  --manifest <file>           apply a manifest (YAML or JSON) after start   TRELLIS_MANIFEST
  --log-level <level>         trace|debug|info|warn|error  TRELLIS_LOG_LEVEL (default info)
  -h, --help                  this text

Stops gracefully on SIGINT/SIGTERM or a ctl host.stop: components stop, in-flight calls are answered,
host_stopped is published, exit code 0.
`;

export interface CliOptions {
  help: boolean;
  host: HostOptions;
  manifest: string | undefined;
  logLevel: LogLevel;
}

const LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

/** Parses `argv` (without node and script) with `env` as fallback. Throws `HostError('invalid_options')`. */
export function parseCli(argv: string[], env: Record<string, string | undefined> = {}): CliOptions {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'nats-url': { type: 'string' },
        'nats-seed': { type: 'string' },
        'nats-creds': { type: 'string' },
        lattice: { type: 'string' },
        label: { type: 'string', short: 'l', multiple: true },
        'host-seed': { type: 'string' },
        heartbeat: { type: 'string' },
        workers: { type: 'string' },
        'cache-dir': { type: 'string' },
        'allowed-issuer': { type: 'string', multiple: true },
        'cluster-issuer': { type: 'string', multiple: true },
        'cluster-seed': { type: 'string' },
        'legacy-events': { type: 'string' },
        auctions: { type: 'string' },
        'ctl-prefix': { type: 'string' },
        manifest: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (cause) {
    throw new HostError('invalid_options', `${(cause as Error).message} (see --help)`, { cause });
  }
  const str = (flag: string, name: string): string | undefined =>
    (values[flag] as string | undefined) ?? nonEmpty(env[name]);
  const list = (flag: string, name: string): string[] =>
    (values[flag] as string[] | undefined) ?? splitList(env[name]);

  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('TRELLIS_LABEL_') && value !== undefined) labels[key.slice(14).toLowerCase()] = value;
  }
  for (const pair of list('label', 'TRELLIS_LABELS')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new HostError('invalid_options', `label '${pair}' must be key=value`);
    labels[pair.slice(0, at)] = pair.slice(at + 1);
  }

  const host: HostOptions = {
    natsUrl: str('nats-url', 'TRELLIS_NATS_URL') ?? DEFAULT_NATS_URL,
    natsSeed: str('nats-seed', 'TRELLIS_NATS_SEED'),
    natsCreds: str('nats-creds', 'TRELLIS_NATS_CREDS'),
    lattice: str('lattice', 'TRELLIS_LATTICE'),
    labels,
    hostSeed: str('host-seed', 'TRELLIS_HOST_SEED'),
    cacheDir: str('cache-dir', 'TRELLIS_CACHE_DIR'),
    allowedIssuers: list('allowed-issuer', 'TRELLIS_ALLOWED_ISSUERS'),
    clusterIssuers: list('cluster-issuer', 'TRELLIS_CLUSTER_ISSUERS'),
    clusterSeed: str('cluster-seed', 'TRELLIS_CLUSTER_SEED'),
    ctlPrefix: str('ctl-prefix', 'TRELLIS_CTL_PREFIX'),
  };
  const heartbeat = str('heartbeat', 'TRELLIS_HEARTBEAT');
  if (heartbeat !== undefined) host.heartbeatIntervalMs = parseDuration(heartbeat, 'heartbeat');
  const workers = str('workers', 'TRELLIS_WORKERS');
  if (workers !== undefined) host.workers = parseCount(workers, 'workers');
  const legacy = str('legacy-events', 'TRELLIS_LEGACY_EVENTS');
  if (legacy !== undefined) host.legacyEvents = parseBool(legacy, 'legacy-events');
  const auctions = str('auctions', 'TRELLIS_AUCTIONS');
  if (auctions !== undefined) host.auctions = parseBool(auctions, 'auctions');
  const level = (str('log-level', 'TRELLIS_LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LEVELS.includes(level))
    throw new HostError('invalid_options', `log level '${level}' is not one of ${LEVELS.join(', ')}`);

  return { help: values.help === true, host, manifest: str('manifest', 'TRELLIS_MANIFEST'), logLevel: level };
}

/** `500ms`, `10s`, `1m`, or a bare number of seconds -> milliseconds. */
export function parseDuration(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/u.exec(text.trim());
  if (!match)
    throw new HostError('invalid_options', `${what} '${text}' is not a duration like 500ms, 10s or 1m`);
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = unit === 'ms' ? value : unit === 's' ? value * 1000 : value * 60_000;
  if (!(ms > 0)) throw new HostError('invalid_options', `${what} must be positive`);
  return Math.round(ms);
}

function parseCount(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new HostError('invalid_options', `${what} '${text}' must be a positive integer`);
  return n;
}

function parseBool(text: string, what: string): boolean {
  const t = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return true;
  if (['0', 'false', 'no', 'off'].includes(t)) return false;
  throw new HostError('invalid_options', `${what} '${text}' must be true or false`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
