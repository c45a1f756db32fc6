import { describe, expect, it } from 'vitest';
import { allows, constantTimeEqual, parseTokens, scopeOf } from './tokens.ts';

describe('tokens', () => {
  it('parses scope:token lists and skips malformed entries', () => {
    expect(parseTokens('read:abc, admin:xyz,bogus:1,admin:,nocolon')).toEqual([
      { scope: 'read', token: 'abc' },
      { scope: 'admin', token: 'xyz' },
    ]);
  });

  it('compares tokens exactly, whatever their lengths', async () => {
    expect(await constantTimeEqual('abc', 'abc')).toBe(true);
    expect(await constantTimeEqual('abc', 'abd')).toBe(false);
    expect(await constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(await constantTimeEqual('', 'a')).toBe(false);
  });

  it('finds the scope of a presented token; the wider scope wins', async () => {
    const tokens = parseTokens('read:r,admin:a,read:a');
    expect(await scopeOf(tokens, 'r')).toBe('read');
    expect(await scopeOf(tokens, 'a')).toBe('admin');
    expect(await scopeOf(tokens, 'x')).toBeUndefined();
    expect(allows('read', 'read')).toBe(true);
    expect(allows('read', 'admin')).toBe(false);
    expect(allows('admin', 'read')).toBe(true);
  });
});
