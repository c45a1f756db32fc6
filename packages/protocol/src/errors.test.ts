import { describe, expect, it } from 'vitest';
import { isProtocolError, ProtocolError, TrellisError } from './errors.ts';

describe('errors', () => {
  it('carry a code, a message and a cause, and share the TrellisError base', () => {
    const cause = new Error('underneath');
    const error = new ProtocolError('malformed', 'bad bytes', { cause });
    expect(error).toBeInstanceOf(TrellisError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProtocolError');
    expect(error.code).toBe('malformed');
    expect(error.message).toBe('bad bytes');
    expect(error.cause).toBe(cause);
    expect(isProtocolError(error, 'malformed')).toBe(true);
    expect(isProtocolError(error, 'expired')).toBe(false);
    expect(isProtocolError(new TrellisError('malformed', 'not a protocol error'))).toBe(false);
  });
});
