/** `trellis events [--type T …]`: tail lattice events. */
import type { LatticeEvent } from '@trellis/client';
import { createClient } from '@trellis/client';
import { Command } from 'commander';
import { action, collect, example, parseCount, type RunState } from '../kit.ts';
import { openNats } from '../session.ts';
import { parseDuration } from '../settings.ts';

/** One human line: time, event name, source host, then the data's scalar fields. */
export function eventLine(event: LatticeEvent): string {
  const time = event.time ? event.time.replace(/\.\d+Z$/, 'Z') : '';
  const fields = Object.keys(event.data)
    .sort()
    .filter((k) => {
      const v = event.data[k];
      return v !== null && typeof v !== 'object';
    })
    .map((k) => `${k}=${String(event.data[k])}`)
    .join(' ');
  return `${time}  ${event.name.padEnd(22)}  ${event.source}  ${fields}`.trimEnd();
}

export function eventsCommand(state: RunState): Command {
  return example(
    new Command('events')
      .description('tail lattice events live (human lines; one JSON CloudEvent per line with --json)')
      .option('-t, --type <type>', 'only this event type, e.g. component_scaled (repeatable)', collect)
      .option('-n, --count <n>', 'exit after this many events')
      .option('--for <duration>', 'exit after this long')
      .action(
        action(state, async ({ settings, out, opts }) => {
          const nc = await openNats(settings);
          const client = createClient(nc, {
            lattice: settings.lattice,
            ...(settings.ctlPrefix ? { topicPrefix: settings.ctlPrefix } : {}),
          });
          const stop = new AbortController();
          const onSignal = () => stop.abort();
          process.once('SIGINT', onSignal);
          process.once('SIGTERM', onSignal);
          const timer = opts.for ? setTimeout(onSignal, parseDuration(String(opts.for), '--for')) : undefined;
          const limit = opts.count ? parseCount(String(opts.count)) : Number.POSITIVE_INFINITY;
          try {
            const stream = client.events({
              types: (opts.type as string[] | undefined) ?? [],
              signal: stop.signal,
            });
            // let the server register the subscriptions before saying we are listening
            await nc.flush();
            process.stderr.write(
              `listening for events on lattice ${settings.lattice} at ${settings.natsUrl}\n`,
            );
            let seen = 0;
            if (limit > 0) {
              for await (const event of stream) {
                if (out.json) out.jsonLine(event);
                else out.line(eventLine(event));
                if (++seen >= limit) break;
              }
            }
          } finally {
            clearTimeout(timer);
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
            await nc.close().catch(() => {});
          }
        }),
      ),
    'trellis events',
    'trellis events --type component_scaled --type component_scale_failed --json',
  );
}
