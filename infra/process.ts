import type { ChildProcess } from 'node:child_process';

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
