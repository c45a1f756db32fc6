/** A copy of `map` with its keys sorted (code-point order, like Rust's BTreeMap): labels, annotations. */
export function sortedByKey(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key] as string;
  return out;
}
