/**
 * Registry credentials in wasmCloud's `RegistryCredential` wire shape (what `registry.put` carries), so a
 * host can hand them over unchanged. `username` + `password` answer a Basic challenge and buy Bearer tokens
 * from a token realm; `token` is sent as a Bearer token as is. `registryType` is `"oci"` (the default) or
 * `"bindle"` (not supported; ignored here).
 */
export interface RegistryCredential {
  username?: string;
  password?: string;
  token?: string;
  registryType?: string;
}

/** `Basic base64(username:password)`, UTF-8 safe. */
export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
