import { describe, expect, it } from 'vitest';
import { isHostError } from './errors.ts';
import { createIdentity, hostcoreLabels } from './identity.ts';
import { resolveOptions } from './options.ts';

describe('resolveOptions', () => {
  it('fills the defaults once', () => {
    const o = resolveOptions();
    expect(o).toMatchObject({
      natsUrl: undefined,
      lattice: 'default',
      heartbeatIntervalMs: 30_000,
      legacyEvents: true,
      auctions: true,
      ctlPrefix: 'wasmbus.ctl',
      version: '1.9.2',
    });
  });

  it('refuses hostcore labels, bad lattices and prefixes', () => {
    for (const bad of [
      { labels: { 'hostcore.os': 'x' } },
      { lattice: 'a.b' },
      { ctlPrefix: 'x..y' },
      { heartbeatIntervalMs: 0 },
    ]) {
      expect(() => resolveOptions(bad)).toThrow();
      try {
        resolveOptions(bad);
      } catch (error) {
        expect(isHostError(error, 'invalid_options')).toBe(true);
      }
    }
  });
});

describe('identity', () => {
  it('a seed gives a stable N key; none gives a fresh one and an adjective-noun-number name', () => {
    const first = createIdentity();
    expect(first.id).toMatch(/^N[A-Z2-7]{55}$/);
    expect(first.friendlyName).toMatch(/^[a-z]+-[a-z]+-\d{1,4}$/);
    expect(createIdentity(first.key.seed).id).toBe(first.id);
    expect(createIdentity().id).not.toBe(first.id);
    expect(() => createIdentity('SAnotaseed')).toThrow(/host seed/);
  });

  it('hostcore labels use Rust names', () => {
    const labels = hostcoreLabels();
    expect(Object.keys(labels)).toEqual(['hostcore.arch', 'hostcore.os', 'hostcore.osfamily']);
    expect(['x86_64', 'aarch64']).toContain(labels['hostcore.arch']);
  });
});
