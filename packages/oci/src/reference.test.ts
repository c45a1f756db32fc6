import { describe, expect, it } from 'vitest';
import { isOciError } from './errors.ts';
import { formatReference, isLoopbackRegistry, parseReference } from './reference.ts';

const digest = `sha256:${'ab'.repeat(32)}`;

describe('parseReference', () => {
  it.each([
    ['localhost:5000/echo:0.1.0', { registry: 'localhost:5000', repository: 'echo', tag: '0.1.0' }],
    ['ghcr.io/org/x:1', { registry: 'ghcr.io', repository: 'org/x', tag: '1' }],
    [
      'ghcr.io/wasmcloud/components/http-hello-world-rust',
      {
        registry: 'ghcr.io',
        repository: 'wasmcloud/components/http-hello-world-rust',
        tag: 'latest',
      },
    ],
    [`127.0.0.1:5000/a/b@${digest}`, { registry: '127.0.0.1:5000', repository: 'a/b', digest }],
    [`ghcr.io/a:1@${digest}`, { registry: 'ghcr.io', repository: 'a', tag: '1', digest }],
    ['localhost/echo:v1', { registry: 'localhost', repository: 'echo', tag: 'v1' }],
    ['[::1]:5000/echo:1', { registry: '[::1]:5000', repository: 'echo', tag: '1' }],
    ['oci://ghcr.io/org/x:1', { registry: 'ghcr.io', repository: 'org/x', tag: '1' }],
    [
      'http://reg.internal:5000/x:1',
      { registry: 'reg.internal:5000', repository: 'x', tag: '1', scheme: 'http' },
    ],
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
  });

  it.each([
    ['echo:1', /name the registry/],
    ['org/echo:1', /not a registry host; name the registry/],
    ['ghcr.io', /host\[:port\]\/repository/],
    ['ghcr.io/Org/x:1', /lowercase/],
    ['ghcr.io/x:bad tag', /not a valid tag/],
    ['ghcr.io/x@sha256:abc', /not a digest/],
    [`ghcr.io/x@sha256:${'AB'.repeat(32)}`, /64 lowercase hex/],
    ['ftp://ghcr.io/x:1', /unknown scheme/],
    ['ghcr.io/:1', /repository is empty/],
  ])('refuses %s', (input, message) => {
    let error: unknown;
    try {
      parseReference(input);
    } catch (e) {
      error = e;
    }
    expect(isOciError(error, 'invalid_reference')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('formats back to the canonical text without the scheme', () => {
    expect(formatReference(parseReference('oci://ghcr.io/org/x'))).toBe('ghcr.io/org/x:latest');
    expect(formatReference(parseReference(`http://localhost:5000/a@${digest}`))).toBe(
      `localhost:5000/a@${digest}`,
    );
  });

  it('knows loopback registries', () => {
    expect(isLoopbackRegistry('localhost:5000')).toBe(true);
    expect(isLoopbackRegistry('127.0.0.1:33')).toBe(true);
    expect(isLoopbackRegistry('[::1]:5000')).toBe(true);
    expect(isLoopbackRegistry('ghcr.io')).toBe(false);
    expect(isLoopbackRegistry('127.example.com')).toBe(false);
  });
});
