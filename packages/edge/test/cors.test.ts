/**
 * CORS in workerd: off by default (no CORS headers; a preflight meets the bearer check), and when
 * `CORS_ORIGINS` names origins, preflights from those origins only are answered. Preflights never reach NATS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEdge, type TestEdge } from './harness.ts';

const UNUSED_NATS = 'ws://127.0.0.1:9';
let edge: TestEdge;

beforeAll(async () => {
  edge = await startTestEdge(UNUSED_NATS, { vars: { CORS_ORIGINS: 'https://a.example' } });
});

afterAll(async () => {
  await edge?.stop();
});

const preflight = (origin: string) =>
  edge.api('/v1/lattices/default/hosts', {
    method: 'OPTIONS',
    token: null,
    headers: {
      origin,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': 'authorization',
    },
  });

describe('CORS with CORS_ORIGINS set', () => {
  it('answers a preflight from a listed origin', async () => {
    const res = await preflight('https://a.example');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('gives no allow-origin to another origin', async () => {
    const res = await preflight('https://elsewhere.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS off (the default)', () => {
  it('sends no CORS headers and a preflight is refused by the bearer check', async () => {
    const plain = await startTestEdge(UNUSED_NATS);
    try {
      const res = await plain.api('/v1/lattices/default/hosts', {
        method: 'OPTIONS',
        token: null,
        headers: { origin: 'https://a.example', 'access-control-request-method': 'PUT' },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await plain.stop();
    }
  });
});
