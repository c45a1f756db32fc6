/**
 * Small helpers every command uses: resolving the global settings from a commander command, output, and
 * parsing `key=value` lists.
 */
import type { Command } from 'commander';
import { CliError } from './cli-error.ts';
import { createOutput, type Output } from './output.ts';
import { type GlobalFlags, resolveSettings, type Settings } from './settings.ts';

/** Where a run keeps what the error handler needs (the settings in force, once resolved). */
export interface RunState {
  settings?: Settings;
}

export interface Invocation {
  settings: Settings;
  out: Output;
  /** The command's own options merged with the global ones. */
  opts: Record<string, unknown>;
}

/** Wraps an async action: resolves settings once and hands them over with an `Output`. */
export function action(
  state: RunState,
  run: (inv: Invocation, ...args: string[]) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    const opts = command.optsWithGlobals() as Record<string, unknown>;
    const settings = await resolveSettings(opts as GlobalFlags);
    state.settings = settings;
    const positional = args.slice(0, -2).map((a) => a as string);
    const variadic = args.slice(0, -2).flatMap((a) => (Array.isArray(a) ? (a as string[]) : [a as string]));
    await run(
      { settings, out: createOutput(settings.json), opts },
      ...(positional.some(Array.isArray) ? variadic : positional),
    );
  };
}

/** `['a=1', 'b=2']` -> `{a: '1', b: '2'}`; `what` names the option in errors. */
export function parsePairs(pairs: readonly string[] | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError('usage', `${what} must be key=value, got '${pair}'`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff)
    throw new CliError('usage', `invalid count '${text}'`);
  return n;
}

/** Adds the "Example:" block commander prints after a command's help. */
export function example(command: Command, ...lines: string[]): Command {
  return command.addHelpText(
    'after',
    `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`,
  );
}

/** `N…` key shortened for tables: first 8 and last 4 characters. */
export function short(id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
