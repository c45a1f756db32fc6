/**
 * What commands print: aligned tables and short lines for people, exact JSON (one document, or one per line
 * for streams) with `--json`. Progress goes to stderr and only when it is a terminal.
 */
export interface Output {
  readonly json: boolean;
  /** A line for people (suppressed in JSON mode). */
  line(text: string): void;
  /** The machine result: printed as JSON in JSON mode; `human` renders it otherwise. */
  result(value: unknown, human: () => string | undefined): void;
  /** One JSON document per line (streams). */
  jsonLine(value: unknown): void;
  /** A transient progress note on stderr, only when stderr is a TTY and not in JSON mode. */
  progress(text: string): void;
  /** Clears the progress note. */
  doneProgress(): void;
}

export function createOutput(json: boolean, out = process.stdout, err = process.stderr): Output {
  const tty = Boolean(err.isTTY) && !json;
  let shown = false;
  return {
    json,
    line(text) {
      if (!json) out.write(`${text}\n`);
    },
    result(value, human) {
      if (json) out.write(`${JSON.stringify(value, null, 2)}\n`);
      else {
        const text = human();
        if (text !== undefined && text !== '') out.write(text.endsWith('\n') ? text : `${text}\n`);
      }
    },
    jsonLine(value) {
      out.write(`${JSON.stringify(value)}\n`);
    },
    progress(text) {
      if (!tty) return;
      err.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    doneProgress() {
      if (shown) err.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** Renders rows as an aligned table with a header; `(none)` when there are no rows. */
export function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  if (rows.length === 0) return '(none)';
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: ReadonlyArray<string>) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(headers), ...rows.map(render)].join('\n');
}

/** `{a: '1', b: '2'}` -> `a=1,b=2` (sorted). */
export function formatMap(map: Readonly<Record<string, string>> | undefined | null): string {
  if (!map) return '';
  return Object.keys(map)
    .sort()
    .map((k) => `${k}=${map[k]}`)
    .join(',');
}
