/**
 * One conversation with one registry repository: builds URLs, answers auth challenges (anonymous, Basic,
 * Bearer tokens from the realm the registry names, or a pre-supplied token) and maps failures to `OciError`.
 * Only Web Standards (`fetch`, `URL`, `btoa`), so it runs in Node, workerd and browsers.
 */
import { type Challenge, parseChallenges } from './challenge.ts';
import { basicAuthorization, type RegistryCredential } from './credentials.ts';
import { OciError } from './errors.ts';
import { isLoopbackRegistry, type OciReference } from './reference.ts';

export interface RegistryOptions {
  credentials?: RegistryCredential;
  /**
   * Talk plain http to this registry. Default: http for loopback registries (`localhost`, `127.x`, `[::1]`),
   * https for every other; an explicit `http://` / `https://` in the reference wins over both.
   */
  insecure?: boolean;
  /** The fetch to use; default `globalThis.fetch`. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export type Action = 'pull' | 'push';

/** Docker Hub's API lives on another host than its references name. */
const API_HOSTS: Record<string, string> = { 'docker.io': 'registry-1.docker.io' };

interface SendInit {
  method: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

export class RegistrySession {
  readonly baseUrl: string;
  readonly ref: OciReference;
  readonly #credentials: RegistryCredential;
  readonly #fetch: typeof fetch;
  readonly #signal: AbortSignal | undefined;
  readonly #actions: readonly Action[];
  #authorization: string | undefined;

  constructor(ref: OciReference, options: RegistryOptions, actions: readonly Action[]) {
    this.ref = ref;
    const scheme = ref.scheme ?? ((options.insecure ?? isLoopbackRegistry(ref.registry)) ? 'http' : 'https');
    this.baseUrl = `${scheme}://${API_HOSTS[ref.registry] ?? ref.registry}`;
    this.#credentials = options.credentials ?? {};
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#signal = options.signal;
    this.#actions = actions;
    if (this.#credentials.token) this.#authorization = `Bearer ${this.#credentials.token}`;
  }

  /** `/v2/{repository}/{suffix}` on this registry. */
  url(suffix: string): string {
    return `${this.baseUrl}/v2/${this.ref.repository}/${suffix}`;
  }

  /**
   * Sends a request, answering one auth challenge if the registry asks. Returns the response whatever its
   * status; transport failures throw `network`.
   */
  async send(url: string, init: SendInit): Promise<Response> {
    const first = await this.#send(url, init);
    if (first.status !== 401) return first;
    const before = this.#authorization;
    await this.#authorize(parseChallenges(first.headers.get('www-authenticate')));
    if (this.#authorization === before) return first;
    await first.body?.cancel();
    return this.#send(url, init);
  }

  /** Throws the `OciError` a failed response means; `what` names the thing asked for. */
  async fail(response: Response, what: string): Promise<never> {
    const detail = await registryMessage(response);
    const suffix = detail ? `: ${detail}` : '';
    const status = response.status;
    if (status === 401 || status === 403) {
      throw new OciError('unauthorized', `${status} unauthorized${suffix}`, { status });
    }
    if (status === 404) throw new OciError('not_found', `404 not found: ${what}${suffix}`, { status });
    throw new OciError('protocol', `${status} ${response.statusText || 'error'} for ${what}${suffix}`, {
      status,
    });
  }

  async #send(url: string, init: SendInit): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.#authorization && new URL(url).origin === new URL(this.baseUrl).origin) {
      headers.authorization = this.#authorization;
    }
    try {
      return await this.#fetch(url, {
        method: init.method,
        headers,
        body: init.body as RequestInit['body'],
        redirect: 'follow',
        signal: this.#signal,
      });
    } catch (cause) {
      throw new OciError('network', `could not reach ${this.ref.registry}: ${describe(cause)}`, { cause });
    }
  }

  async #authorize(challenges: Challenge[]): Promise<void> {
    const { username, password } = this.#credentials;
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer?.params.realm && (username !== undefined || !this.#credentials.token)) {
      this.#authorization = `Bearer ${await this.#token(bearer)}`;
      return;
    }
    if (challenges.some((c) => c.scheme === 'basic') && username !== undefined) {
      this.#authorization = basicAuthorization(username, password ?? '');
    }
  }

  /** Asks the token realm for a Bearer token for this repository (with Basic credentials when given). */
  async #token(challenge: Challenge): Promise<string> {
    const realm = new URL(challenge.params.realm ?? '');
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', `repository:${this.ref.repository}:${this.#actions.join(',')}`);
    const headers: Record<string, string> = {};
    const { username, password } = this.#credentials;
    if (username !== undefined) headers.authorization = basicAuthorization(username, password ?? '');
    let response: Response;
    try {
      response = await this.#fetch(realm, { headers, signal: this.#signal });
    } catch (cause) {
      throw new OciError('network', `could not reach the token service ${realm.origin}: ${describe(cause)}`, {
        cause,
      });
    }
    if (!response.ok) {
      const detail = await registryMessage(response);
      const status = response.status;
      const code = status === 401 || status === 403 ? 'unauthorized' : 'protocol';
      const text = code === 'unauthorized' ? 'unauthorized' : response.statusText || 'error';
      throw new OciError(code, `${status} ${text} from the token service${detail ? `: ${detail}` : ''}`, {
        status,
      });
    }
    const body = (await response.json().catch(() => ({}))) as { token?: unknown; access_token?: unknown };
    const token = typeof body.token === 'string' ? body.token : body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new OciError('protocol', `the token service at ${realm.origin} returned no token`);
    }
    return token;
  }
}

/** The first message of a registry's `{"errors":[{code,message}]}` body, if it has one. */
async function registryMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { errors?: { message?: unknown }[]; details?: unknown };
    const message = parsed.errors?.[0]?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: fall through
  }
  return text.trim().slice(0, 200);
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
