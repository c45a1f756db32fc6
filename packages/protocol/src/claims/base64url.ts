import { ProtocolError } from '../errors.ts';

/** base64url without padding (RFC 4648 §5), as JWT segments use it. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Strict base64url decoding, like Rust `data_encoding::BASE64URL_NOPAD`: no padding, no other alphabet, and
 * no non-zero trailing bits (so one text has exactly one byte sequence). Throws `ProtocolError('malformed')`.
 */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new ProtocolError('malformed', 'not unpadded base64url');
  }
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (toBase64Url(bytes) !== text) throw new ProtocolError('malformed', 'non-canonical base64url');
  return bytes;
}
