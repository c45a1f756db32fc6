import { describe, expect, it } from 'vitest';
import { parseCli, parseDuration } from './cli-options.ts';
import { isHostError } from './errors.ts';

describe('parseCli', () => {
  it('defaults: local NATS, info logs', () => {
    const cli = parseCli([], {});
    expect(cli.host.natsUrl).toBe('nats://127.0.0.1:4222');
    expect(cli.logLevel).toBe('info');
    expect(cli.help).toBe(false);
    expect(cli.host.heartbeatIntervalMs).toBeUndefined();
  });

  it('reads flags, repeatable labels and issuers', () => {
    const cli = parseCli(
      [
        '--lattice',
        'prod',
        '-l',
        'zone=eu',
        '--label',
        'a=b=c',
        '--heartbeat',
        '500ms',
        '--allowed-issuer',
        'A1',
        '--allowed-issuer',
        'A2',
        '--auctions',
        'off',
        '--workers',
        '2',
      ],
      {},
    );
    expect(cli.host).toMatchObject({
      lattice: 'prod',
      labels: { zone: 'eu', a: 'b=c' },
      heartbeatIntervalMs: 500,
      allowedIssuers: ['A1', 'A2'],
      auctions: false,
      workers: 2,
    });
  });

  it('falls back to TRELLIS_ variables; flags win', () => {
    const env = {
      TRELLIS_NATS_URL: 'nats://10.0.0.1:4222',
      TRELLIS_LATTICE: 'env',
      TRELLIS_LABELS: 'x=1,y=2',
      TRELLIS_LABEL_REGION: 'north',
      TRELLIS_LEGACY_EVENTS: 'false',
      TRELLIS_HEARTBEAT: '10',
    };
    const cli = parseCli(['--lattice', 'flag'], env);
    expect(cli.host).toMatchObject({
      natsUrl: 'nats://10.0.0.1:4222',
      lattice: 'flag',
      labels: { x: '1', y: '2', region: 'north' },
      legacyEvents: false,
      heartbeatIntervalMs: 10_000,
    });
  });

  it('refuses unknown flags and bad values with invalid_options', () => {
    for (const argv of [
      ['--nope'],
      ['--label', 'novalue'],
      ['--workers', '0'],
      ['--auctions', 'maybe'],
      ['--log-level', 'loud'],
    ]) {
      expect(() => parseCli(argv, {})).toThrow();
      try {
        parseCli(argv, {});
      } catch (error) {
        expect(isHostError(error, 'invalid_options')).toBe(true);
      }
    }
  });

  it('parses durations', () => {
    expect(parseDuration('1m', 'x')).toBe(60_000);
    expect(parseDuration('1.5s', 'x')).toBe(1500);
    expect(() => parseDuration('soon', 'x')).toThrow(/duration/);
  });
});
