/** Runs the real `trellis` binary (node_modules/.bin/trellis) and captures its output and exit code. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const trellisBin = fileURLToPath(new URL('../../../node_modules/.bin/trellis', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Variables that keep the CLI to one test: NATS at `natsUrl`, a config home inside `dir` (no saved contexts),
 * no current context, and a short collection period (700 ms) that keeps a file quick; `extra` on top.
 */
export function cliEnv(natsUrl: string, dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    TRELLIS_NATS_URL: natsUrl,
    XDG_CONFIG_HOME: join(dir, 'config'),
    TRELLIS_CONTEXT: '',
    TRELLIS_TIMEOUT: '700ms',
    ...extra,
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      trellisBin,
      args,
      { env: { ...process.env, TRELLIS_JSON: '', ...env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** Starts the binary without waiting; `ready` resolves once stderr contains `marker`. */
export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  marker: string,
): { child: ChildProcess; ready: Promise<void>; done: Promise<CliResult> } {
  const child = spawn(trellisBin, args, { env: { ...process.env, TRELLIS_JSON: '', ...env } });
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes(marker)) markReady();
  });
  const done = new Promise<CliResult>((resolve) => {
    child.once('exit', (code) => {
      markReady();
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
  return { child, ready, done };
}
