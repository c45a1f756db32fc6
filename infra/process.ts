import type { ChildProcess } from 'node:child_process';
import { waitForPort } from './ports.ts';

export interface StopOptions {
  /** Grace period after SIGTERM before SIGKILL. Default 5 s. */
  graceMs?: number;
  /** Signal the child's whole process group (it must have been spawned with `detached: true`). */
  group?: boolean;
}

/**
 * Stops a child process by PID: SIGTERM, then SIGKILL after the grace period; resolves once it has exited.
 * Resolves at once if it already has. Every launcher in the repo (nats-server, docker-registry, wrangler,
 * Chromium, the dev host) stops its children through this.
 */
export function stopProcess(child: ChildProcess, options: StopOptions = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const send = (signal: NodeJS.Signals) => {
    try {
      if (options.group && child.pid !== undefined) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      child.kill(signal);
    }
  };
  return new Promise((resolve) => {
    const timer = setTimeout(() => send('SIGKILL'), options.graceMs ?? 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    send('SIGTERM');
  });
}

/**
 * Resolves once the server `child` (the program `name`, from the Debian package of that name) listens on
 * host:port. Rejects with `fail(message)` when it cannot be run, or when it exits first (with the tail of its
 * stderr, when that is piped).
 */
export async function untilListening(
  child: ChildProcess,
  server: { name: string; port: number; host: string; fail: (message: string) => Error },
): Promise<void> {
  const { name, fail } = server;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) =>
      reject(fail(`could not run ${name} (${error.message}); install it with 'apt-get install ${name}'`)),
    );
    child.once('exit', (code) => reject(fail(`${name} exited with ${code}: ${stderr.trim()}`)));
  });
  exited.catch(() => {});
  await Promise.race([waitForPort(server.port, server.host), exited]);
}
