/** `2000` -> `2s`, `1500` -> `1.5s`, `250` -> `250ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(2))}s` : `${ms}ms`;
}
