import { describe, expect, it } from 'vitest';
import { EdgeError, toEdgeError } from './errors.ts';
import { DEFAULTS, readSettings } from './settings.ts';

describe('readSettings', () => {
  it('merges defaults once and ignores malformed numbers', () => {
    const settings = readSettings({
      MAX_BODY_BYTES: 'lots',
      CORS_ORIGINS: ' https://a.example , ',
      SSE_KEEPALIVE_SECONDS: '2',
    });
    expect(settings.maxBodyBytes).toBe(DEFAULTS.maxBodyBytes);
    expect(settings.corsOrigins).toEqual(['https://a.example']);
    expect(settings.keepaliveMs).toBe(2000);
    expect(settings.natsWsUrl).toBe(DEFAULTS.natsWsUrl);
  });
});

describe('toEdgeError', () => {
  const coded = (code: string, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(`${code} happened`), { code, ...extra });

  it('maps client error codes to statuses', () => {
    expect(toEdgeError(coded('refused', { hostMessage: 'no' })).status).toBe(409);
    expect(toEdgeError(coded('refused', { hostMessage: 'no' })).message).toBe('no');
    expect(toEdgeError(coded('failed')).status).toBe(422);
    expect(toEdgeError(coded('no_responders')).status).toBe(503);
    expect(toEdgeError(coded('timeout')).status).toBe(504);
    expect(toEdgeError(coded('event_timeout')).status).toBe(504);
    expect(toEdgeError(coded('closed')).status).toBe(502);
    expect(toEdgeError(new Error('boom')).status).toBe(500);
  });

  it('becomes a JSON response with the code and details', async () => {
    const response = new EdgeError('invalid_request', 'x: bad', { details: { field: 'x' } }).toResponse();
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_request', message: 'x: bad', field: 'x' },
    });
  });
});
