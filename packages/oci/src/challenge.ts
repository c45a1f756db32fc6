/** Parsing of `WWW-Authenticate` challenges (RFC 7235), as registries send them. */
export interface Challenge {
  /** Lowercased: `basic` or `bearer`. */
  readonly scheme: string;
  /** Lowercased parameter names: `realm`, `service`, `scope`, … */
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** Every challenge in the header value, in order; unparseable tails are dropped. */
export function parseChallenges(header: string | null): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = (header ?? '').trim();
  let current: { scheme: string; params: Record<string, string> } | undefined;
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '');
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) break;
    const afterName = rest.slice(name.length);
    const param = /^\s*=\s*/.exec(afterName);
    if (param && current) {
      let value: string;
      rest = afterName.slice(param[0].length);
      if (rest.startsWith('"')) {
        const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
        if (!quoted) break;
        value = (quoted[1] ?? '').replace(/\\(.)/g, '$1');
        rest = rest.slice(quoted[0].length);
      } else {
        value = TOKEN.exec(rest)?.[0] ?? '';
        rest = rest.slice(value.length);
      }
      current.params[name.toLowerCase()] = value;
    } else {
      current = { scheme: name.toLowerCase(), params: {} };
      challenges.push(current);
      rest = afterName;
    }
  }
  return challenges;
}
