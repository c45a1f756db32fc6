/**
 * OCI references as wasmCloud uses them: always explicit about the registry. `host[:port]/repository[:tag]
 * [@digest]`, where the first path segment must be a host (it holds a `.` or a `:`, or is `localhost`).
 * Unlike docker, a bare name (`echo:1`, `org/echo`) is refused rather than sent to Docker Hub: a component
 * reference that silently meant `docker.io/library/…` would pull from somewhere the operator did not name.
 * With neither tag nor digest the tag is `latest` (as in every OCI client). An optional `oci://`, `https://`
 * or `http://` prefix is accepted; the last two fix the transport (see `RegistryOptions.insecure`).
 */
import { OciError } from './errors.ts';

export interface OciReference {
  /** `host[:port]` as written, e.g. `ghcr.io` or `localhost:5000`. */
  readonly registry: string;
  /** e.g. `wasmcloud/components/echo`. */
  readonly repository: string;
  /** Present unless the reference names only a digest. */
  readonly tag?: string;
  /** `sha256:<hex>` when the reference pins one. */
  readonly digest?: string;
  /** Set only when the reference spelled out `http://` or `https://`. */
  readonly scheme?: 'http' | 'https';
}

const HOST =
  /^(?:\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]{1,5})?$/;
const COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

function invalid(ref: string, why: string): OciError {
  return new OciError('invalid_reference', `invalid OCI reference "${ref}": ${why}`);
}

/** Parses a reference; throws `OciError` `invalid_reference` saying what is wrong. */
export function parseReference(input: string): OciReference {
  let rest = input.trim();
  let scheme: 'http' | 'https' | undefined;
  const prefix = /^([a-z]+):\/\//.exec(rest);
  if (prefix) {
    const name = prefix[1];
    if (name === 'http' || name === 'https') scheme = name;
    else if (name !== 'oci') throw invalid(input, `unknown scheme ${name}://`);
    rest = rest.slice(prefix[0].length);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) {
    throw invalid(
      input,
      'expected host[:port]/repository[:tag]; name the registry (e.g. ghcr.io/org/name:1)',
    );
  }
  const registry = rest.slice(0, slash);
  if (!(registry.includes('.') || registry.includes(':') || registry === 'localhost')) {
    throw invalid(input, `"${registry}" is not a registry host; name the registry (e.g. ghcr.io/${rest})`);
  }
  if (!HOST.test(registry)) throw invalid(input, `"${registry}" is not a valid host[:port]`);
  let path = rest.slice(slash + 1);
  let digest: string | undefined;
  const at = path.indexOf('@');
  if (at >= 0) {
    digest = path.slice(at + 1);
    path = path.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(input, `"${digest}" is not a digest`);
    if (digest.startsWith('sha256:') && !/^sha256:[0-9a-f]{64}$/.test(digest)) {
      throw invalid(input, 'a sha256 digest has 64 lowercase hex digits');
    }
  }
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon >= 0) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(input, `"${tag}" is not a valid tag`);
  }
  if (path === '') throw invalid(input, 'the repository is empty');
  for (const component of path.split('/')) {
    if (!COMPONENT.test(component)) {
      throw invalid(input, `repository "${path}" must be lowercase letters, digits and separators`);
    }
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  return {
    registry,
    repository: path,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
    ...(scheme === undefined ? {} : { scheme }),
  };
}

/** The canonical text of a reference: `registry/repository[:tag][@digest]`, no scheme. */
export function formatReference(ref: OciReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag === undefined ? '' : `:${ref.tag}`}${
    ref.digest === undefined ? '' : `@${ref.digest}`
  }`;
}

/** The host part of `host[:port]` (brackets of an IPv6 literal kept). */
export function registryHostname(registry: string): string {
  if (registry.startsWith('[')) return registry.slice(0, registry.indexOf(']') + 1);
  const colon = registry.lastIndexOf(':');
  return colon < 0 ? registry : registry.slice(0, colon);
}

/** True for `localhost`, `127.0.0.0/8` and `[::1]`: registries reached over plain http by default. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registryHostname(registry).toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(?:\.[0-9]{1,3}){3}$/.test(host);
}
