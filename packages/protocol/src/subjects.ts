/**
 * Every NATS subject Trellis publishes, requests or subscribes to is built here, and only here (a test fails
 * if the text `wasmbus.` appears in any other source file). Ids are validated before a subject is built.
 *
 * - ctl v1 (wasmCloud 1.x): `{ctlPrefix}.v1.{lattice}.{kind}.{op}[.{arg}]`
 * - legacy ctl (seed 003 / wasmCloud 0.x): `{ctlPrefix}.{lattice}.…`
 * - events: `{evtPrefix}.{lattice}.{type}`; RPC: `wasmbus.rpc.{lattice}.{target}`; RPC events: `wasmbus.rpcevt.{lattice}`
 */
import { ProtocolError } from './errors.ts';
import { assertPrefix, assertToken, isToken } from './ids.ts';

export const DEFAULT_CTL_PREFIX = 'wasmbus.ctl';
export const DEFAULT_EVT_PREFIX = 'wasmbus.evt';
export const RPC_PREFIX = 'wasmbus.rpc';
export const RPC_EVENT_PREFIX = 'wasmbus.rpcevt';
export const CTL_API_VERSION = 'v1';
export const DEFAULT_LATTICE = 'default';

/** A subscription a host (or hub) makes: a subject, and a queue group when exactly one member should answer. */
export interface Subscription {
  subject: string;
  queue?: string;
}

// ---------------------------------------------------------------------------------------------------------
// ctl v1

export type CtlV1Operation =
  | 'host.ping'
  | 'host.get'
  | 'host.stop'
  | 'claims.get'
  | 'component.auction'
  | 'component.scale'
  | 'component.update'
  | 'provider.auction'
  | 'provider.start'
  | 'provider.stop'
  | 'link.put'
  | 'link.del'
  | 'link.get'
  | 'config.put'
  | 'config.get'
  | 'config.del'
  | 'label.put'
  | 'label.del'
  | 'registry.put';

/** Operations whose last subject token is a host id. */
const HOST_SCOPED: ReadonlySet<string> = new Set([
  'host.get',
  'host.stop',
  'component.scale',
  'component.update',
  'provider.start',
  'provider.stop',
  'label.put',
  'label.del',
]);
/** Operations whose last subject token is a config name. */
const NAME_SCOPED: ReadonlySet<string> = new Set(['config.put', 'config.get', 'config.del']);
/** Operations with no argument token. */
const UNSCOPED: ReadonlySet<string> = new Set([
  'host.ping',
  'claims.get',
  'component.auction',
  'provider.auction',
  'link.put',
  'link.del',
  'link.get',
  'registry.put',
]);

export interface ParsedCtlV1 {
  lattice: string;
  /** The operation, or `undefined` when the subject matches none (the host answers "unsupported subject"). */
  operation: CtlV1Operation | undefined;
  /** Host id for host-scoped operations. */
  hostId?: string;
  /** Config name for config operations. */
  name?: string;
}

export interface CtlV1Subjects {
  readonly lattice: string;
  readonly prefix: string;
  /** `{prefix}.v1.{lattice}`: the root every ctl v1 subject of this lattice starts with. */
  readonly root: string;
  hostPing(): string;
  hostGet(hostId: string): string;
  hostStop(hostId: string): string;
  claimsGet(): string;
  componentAuction(): string;
  componentScale(hostId: string): string;
  componentUpdate(hostId: string): string;
  providerAuction(): string;
  providerStart(hostId: string): string;
  providerStop(hostId: string): string;
  linkPut(): string;
  linkDel(): string;
  linkGet(): string;
  configPut(name: string): string;
  configGet(name: string): string;
  configDel(name: string): string;
  labelPut(hostId: string): string;
  labelDel(hostId: string): string;
  registryPut(): string;
  /** The subject of `operation`, with its host id or config name argument where it takes one. */
  forOperation(operation: CtlV1Operation, arg?: string): string;
  /**
   * What a host with `hostId` subscribes to, with the queue groups of wasmCloud 1.x: `host.ping` and
   * `registry.put` reach every host; `component|provider|label|host.*.{hostId}` reach this host only;
   * `link.*`, `claims.get` and `config.>` are answered by one host of the queue group.
   */
  hostSubscriptions(hostId: string, auctions?: { component?: boolean; provider?: boolean }): Subscription[];
  /** Parses a subject under `root`; `undefined` when the subject is not under this lattice's root. */
  parse(subject: string): ParsedCtlV1 | undefined;
}

export function ctlV1Subjects(lattice: string, prefix: string = DEFAULT_CTL_PREFIX): CtlV1Subjects {
  assertToken(lattice, 'lattice');
  assertPrefix(prefix, 'topic prefix');
  const root = `${prefix}.${CTL_API_VERSION}.${lattice}`;
  const host = (op: string, hostId: string) => {
    assertToken(hostId, 'host id');
    return `${root}.${op}.${hostId}`;
  };
  const named = (op: string, name: string) => {
    assertToken(name, 'config name');
    return `${root}.${op}.${name}`;
  };
  const subjects: CtlV1Subjects = {
    lattice,
    prefix,
    root,
    hostPing: () => `${root}.host.ping`,
    hostGet: (id) => host('host.get', id),
    hostStop: (id) => host('host.stop', id),
    claimsGet: () => `${root}.claims.get`,
    componentAuction: () => `${root}.component.auction`,
    componentScale: (id) => host('component.scale', id),
    componentUpdate: (id) => host('component.update', id),
    providerAuction: () => `${root}.provider.auction`,
    providerStart: (id) => host('provider.start', id),
    providerStop: (id) => host('provider.stop', id),
    linkPut: () => `${root}.link.put`,
    linkDel: () => `${root}.link.del`,
    linkGet: () => `${root}.link.get`,
    configPut: (name) => named('config.put', name),
    configGet: (name) => named('config.get', name),
    configDel: (name) => named('config.del', name),
    labelPut: (id) => host('label.put', id),
    labelDel: (id) => host('label.del', id),
    registryPut: () => `${root}.registry.put`,
    forOperation(operation, arg) {
      if (HOST_SCOPED.has(operation)) return host(operation, arg ?? '');
      if (NAME_SCOPED.has(operation)) return named(operation, arg ?? '');
      return `${root}.${operation}`;
    },
    hostSubscriptions(hostId, auctions = {}) {
      assertToken(hostId, 'host id');
      const subs: Subscription[] = [
        { subject: `${root}.registry.put` },
        { subject: `${root}.host.ping` },
        { subject: `${root}.link.*`, queue: `${root}.link` },
        { subject: `${root}.claims.get`, queue: `${root}.claims` },
        { subject: `${root}.component.*.${hostId}` },
        { subject: `${root}.provider.*.${hostId}` },
        { subject: `${root}.label.*.${hostId}` },
        { subject: `${root}.host.*.${hostId}` },
        { subject: `${root}.config.>`, queue: `${root}.config` },
      ];
      if (auctions.component ?? true) subs.push({ subject: `${root}.component.auction` });
      if (auctions.provider ?? true) subs.push({ subject: `${root}.provider.auction` });
      return subs;
    },
    parse(subject) {
      if (!subject.startsWith(`${root}.`)) return undefined;
      // Like the 1.x host: skip the prefix, `v1` and the lattice, then match up to three tokens.
      const tokens = subject.slice(root.length + 1).split('.');
      const [kind, op, arg, ...rest] = tokens;
      const operation = `${kind}.${op}`;
      const result: ParsedCtlV1 = { lattice, operation: undefined };
      if (rest.length > 0) return result;
      if (arg === undefined && UNSCOPED.has(operation)) result.operation = operation as CtlV1Operation;
      else if (arg !== undefined && isToken(arg) && HOST_SCOPED.has(operation)) {
        result.operation = operation as CtlV1Operation;
        result.hostId = arg;
      } else if (arg !== undefined && isToken(arg) && NAME_SCOPED.has(operation)) {
        result.operation = operation as CtlV1Operation;
        result.name = arg;
      }
      return result;
    },
  };
  return Object.freeze(subjects);
}

// ---------------------------------------------------------------------------------------------------------
// Legacy ctl (seed 003, wasmCloud 0.x): `{prefix}.{lattice}.…`, no `v1` token

export type LegacyOperation =
  | 'auction.actor'
  | 'auction.provider'
  | 'cmd.la'
  | 'cmd.sa'
  | 'cmd.lp'
  | 'cmd.sp'
  | 'cmd.upd'
  | 'cmd.scale'
  | 'cmd.stop'
  | 'get.links'
  | 'get.claims'
  | 'get.inv'
  | 'get.hosts'
  | 'ping.hosts'
  | 'linkdefs.put'
  | 'linkdefs.del'
  | 'registries.put';

export type LegacyCommand = 'la' | 'sa' | 'lp' | 'sp' | 'upd' | 'scale' | 'stop';
const LEGACY_COMMANDS: ReadonlySet<string> = new Set(['la', 'sa', 'lp', 'sp', 'upd', 'scale', 'stop']);
const LEGACY_UNSCOPED: ReadonlySet<string> = new Set([
  'auction.actor',
  'auction.provider',
  'get.links',
  'get.claims',
  'get.hosts',
  'ping.hosts',
  'linkdefs.put',
  'linkdefs.del',
  'registries.put',
]);

export interface ParsedLegacy {
  lattice: string;
  operation: LegacyOperation | undefined;
  hostId?: string;
}

export interface LegacySubjects {
  readonly lattice: string;
  readonly prefix: string;
  readonly root: string;
  auctionActor(): string;
  auctionProvider(): string;
  /** `{root}.cmd.{hostId}.{command}`: la, sa, lp, sp, upd, scale, stop. */
  command(hostId: string, command: LegacyCommand): string;
  getLinks(): string;
  getClaims(): string;
  getInventory(hostId: string): string;
  /** Era A host discovery (`get.hosts`). */
  getHosts(): string;
  /** Era B/C host discovery (`ping.hosts`). */
  pingHosts(): string;
  linkdefsPut(): string;
  linkdefsDel(): string;
  registriesPut(): string;
  /** Era A events subject, `{root}.events`. */
  events(): string;
  forOperation(operation: LegacyOperation, hostId?: string): string;
  /** What a host subscribes to for the legacy interface (queue groups where one host answers). */
  hostSubscriptions(hostId: string, auctions?: boolean): Subscription[];
  parse(subject: string): ParsedLegacy | undefined;
}

export function legacySubjects(lattice: string, prefix: string = DEFAULT_CTL_PREFIX): LegacySubjects {
  assertToken(lattice, 'lattice');
  assertPrefix(prefix, 'topic prefix');
  const root = `${prefix}.${lattice}`;
  const command = (hostId: string, cmd: LegacyCommand) => {
    assertToken(hostId, 'host id');
    if (!LEGACY_COMMANDS.has(cmd)) throw new ProtocolError('invalid_id', `unknown legacy command '${cmd}'`);
    return `${root}.cmd.${hostId}.${cmd}`;
  };
  const getInventory = (hostId: string) => {
    assertToken(hostId, 'host id');
    return `${root}.get.${hostId}.inv`;
  };
  const subjects: LegacySubjects = {
    lattice,
    prefix,
    root,
    auctionActor: () => `${root}.auction.actor`,
    auctionProvider: () => `${root}.auction.provider`,
    command,
    getLinks: () => `${root}.get.links`,
    getClaims: () => `${root}.get.claims`,
    getInventory,
    getHosts: () => `${root}.get.hosts`,
    pingHosts: () => `${root}.ping.hosts`,
    linkdefsPut: () => `${root}.linkdefs.put`,
    linkdefsDel: () => `${root}.linkdefs.del`,
    registriesPut: () => `${root}.registries.put`,
    events: () => `${root}.events`,
    forOperation(operation, hostId) {
      if (operation === 'get.inv') return getInventory(hostId ?? '');
      if (operation.startsWith('cmd.')) return command(hostId ?? '', operation.slice(4) as LegacyCommand);
      return `${root}.${operation}`;
    },
    hostSubscriptions(hostId, auctions = true) {
      assertToken(hostId, 'host id');
      const subs: Subscription[] = [
        { subject: `${root}.cmd.${hostId}.*` },
        { subject: `${root}.get.${hostId}.inv` },
        { subject: `${root}.get.links`, queue: `${root}.get` },
        { subject: `${root}.get.claims`, queue: `${root}.get` },
        { subject: `${root}.get.hosts` },
        { subject: `${root}.ping.hosts` },
        { subject: `${root}.linkdefs.*`, queue: `${root}.linkdefs` },
        { subject: `${root}.registries.put` },
      ];
      if (auctions) subs.push({ subject: `${root}.auction.*` });
      return subs;
    },
    parse(subject) {
      if (!subject.startsWith(`${root}.`)) return undefined;
      const tokens = subject.slice(root.length + 1).split('.');
      const result: ParsedLegacy = { lattice, operation: undefined };
      if (tokens[0] === 'v1') return undefined;
      if (tokens.length === 2) {
        const op = `${tokens[0]}.${tokens[1]}`;
        if (LEGACY_UNSCOPED.has(op)) result.operation = op as LegacyOperation;
      } else if (tokens.length === 3 && isToken(tokens[1])) {
        if (tokens[0] === 'cmd' && LEGACY_COMMANDS.has(tokens[2] ?? '')) {
          result.operation = `cmd.${tokens[2]}` as LegacyOperation;
          result.hostId = tokens[1];
        } else if (tokens[0] === 'get' && tokens[2] === 'inv') {
          result.operation = 'get.inv';
          result.hostId = tokens[1];
        }
      }
      return result;
    },
  };
  return Object.freeze(subjects);
}

// ---------------------------------------------------------------------------------------------------------
// Events

/** `{evtPrefix}.{lattice}.{type}`, e.g. `wasmbus.evt.default.component_scaled`. */
export function eventSubject(lattice: string, type: string, prefix: string = DEFAULT_EVT_PREFIX): string {
  assertToken(lattice, 'lattice');
  assertToken(type, 'event type');
  assertPrefix(prefix, 'event prefix');
  return `${prefix}.${lattice}.${type}`;
}

/** `{evtPrefix}.{lattice}.>`: every event of a lattice. */
export function eventWildcard(lattice: string, prefix: string = DEFAULT_EVT_PREFIX): string {
  assertToken(lattice, 'lattice');
  assertPrefix(prefix, 'event prefix');
  return `${prefix}.${lattice}.>`;
}

/** The single subject of the OTP-era hosts, `{evtPrefix}.{lattice}`. */
export function legacyEventSubject(lattice: string, prefix: string = DEFAULT_EVT_PREFIX): string {
  assertToken(lattice, 'lattice');
  assertPrefix(prefix, 'event prefix');
  return `${prefix}.${lattice}`;
}

/** The event type from an event subject (`…{lattice}.{type}` -> `type`), or `undefined`. */
export function eventTypeOf(
  subject: string,
  lattice: string,
  prefix: string = DEFAULT_EVT_PREFIX,
): string | undefined {
  const root = `${prefix}.${lattice}.`;
  if (!subject.startsWith(root)) return undefined;
  const type = subject.slice(root.length);
  return isToken(type) ? type : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// RPC

/** `wasmbus.rpc.{lattice}.{target}`: invocations of a component; hosts subscribe with this as queue group. */
export function rpcSubject(lattice: string, target: string): string {
  assertToken(lattice, 'lattice');
  assertToken(target, 'component id');
  return `${RPC_PREFIX}.${lattice}.${target}`;
}

/** `wasmbus.rpc.{lattice}.{provider}.{linkName}`: invocations of a 0.x capability provider. */
export function providerRpcSubject(lattice: string, providerId: string, linkName = 'default'): string {
  assertToken(linkName, 'link name');
  return `${rpcSubject(lattice, providerId)}.${linkName}`;
}

export type ProviderControl =
  | 'linkdefs.put'
  | 'linkdefs.del'
  | 'health'
  | 'default.shutdown'
  | 'config.update';

/** Host -> provider control subjects of 1.x, e.g. `wasmbus.rpc.{lattice}.{provider}.health`. */
export function providerControlSubject(
  lattice: string,
  providerId: string,
  control: ProviderControl,
): string {
  return `${rpcSubject(lattice, providerId)}.${control}`;
}

/** `wasmbus.rpcevt.{lattice}`: invocation_succeeded / invocation_failed. */
export function rpcEventSubject(lattice: string): string {
  assertToken(lattice, 'lattice');
  return `${RPC_EVENT_PREFIX}.${lattice}`;
}

/** The config-service request a 1.x host makes at startup. */
export function configServiceSubject(lattice: string): string {
  assertToken(lattice, 'lattice');
  return `wasmbus.cfg.${lattice}.req`;
}

// ---------------------------------------------------------------------------------------------------------
// JetStream key-value names (§5.2): not subjects, but names on the wire all the same.

export const kv = Object.freeze({
  latticeBucket(lattice: string): string {
    assertToken(lattice, 'lattice');
    return `LATTICEDATA_${lattice}`;
  },
  configBucket(lattice: string): string {
    assertToken(lattice, 'lattice');
    return `CONFIGDATA_${lattice}`;
  },
  componentKey: (id: string) => `COMPONENT_${id}`,
  claimsKey: (subject: string) => `CLAIMS_${subject}`,
  /** Splits a LATTICEDATA key on the first `_`: `COMPONENT_x` -> ['COMPONENT', 'x']. */
  splitKey(key: string): [kind: string, id: string] | undefined {
    const at = key.indexOf('_');
    return at <= 0 ? undefined : [key.slice(0, at), key.slice(at + 1)];
  },
});
