/**
 * wascap's `call_alias` normalisation: lowercased, trimmed, non-ASCII characters removed, then spaces, `-` and
 * `.` replaced by `_`.
 */
export function normalizeCallAlias(alias: string): string {
  return alias
    .toLowerCase()
    .trim()
    .replace(/[^\p{ASCII}]/gu, '')
    .replace(/[ .-]/g, '_');
}
