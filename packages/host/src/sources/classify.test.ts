import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyReference } from './classify.ts';
import { isSourceError } from './errors.ts';

describe('classifyReference', () => {
  it('treats paths and file URLs as files', () => {
    expect(classifyReference('/tmp/echo.wasm')).toEqual({ kind: 'file', path: '/tmp/echo.wasm' });
    expect(classifyReference('file:///tmp/echo.wasm')).toEqual({ kind: 'file', path: '/tmp/echo.wasm' });
    expect(classifyReference('./echo.wasm')).toEqual({ kind: 'file', path: resolve('echo.wasm') });
    expect(classifyReference('build/echo.wasm')).toEqual({ kind: 'file', path: resolve('build/echo.wasm') });
  });

  it('treats http(s) URLs as downloads', () => {
    expect(classifyReference('https://example.com/echo.wasm')).toEqual({
      kind: 'http',
      url: 'https://example.com/echo.wasm',
    });
  });

  it('treats registry references as OCI', () => {
    expect(classifyReference('localhost:5000/echo:0.1.0')).toEqual({
      kind: 'oci',
      reference: { registry: 'localhost:5000', repository: 'echo', tag: '0.1.0' },
    });
    expect(classifyReference('oci://ghcr.io/org/x:1')).toMatchObject({ kind: 'oci' });
  });

  it('refuses what is none of them, with the reason', () => {
    for (const ref of ['echo:1', '', 'oci://echo.wasm']) {
      let error: unknown;
      try {
        classifyReference(ref);
      } catch (e) {
        error = e;
      }
      expect(isSourceError(error, 'invalid_reference'), ref).toBe(true);
    }
  });
});
