/** `trellis push REF FILE`, `trellis pull REF` */
import { readFile, writeFile } from 'node:fs/promises';
import { pullComponent, pushComponent } from '@trellis/oci';
import { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { action, example, type RunState } from '../kit.ts';
import { registryCredentials, registryOptionsHelp } from './artifact.ts';

export function pushCommand(state: RunState): Command {
  const push = new Command('push')
    .argument('<ref>', 'OCI reference, e.g. localhost:5000/hello:0.1.0')
    .argument('<file>', 'component .wasm file')
    .description('push a component to an OCI registry (as an application/wasm layer)');
  registryOptionsHelp(push).action(
    action(state, async ({ settings, out, opts }, ref, file) => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file as string));
      } catch (cause) {
        throw new CliError('failed', `cannot read ${file}: ${(cause as Error).message}`, { cause });
      }
      const credentials = registryCredentials(settings, opts);
      const pushed = await pushComponent(ref as string, bytes, {
        ...(credentials ? { credentials } : {}),
        ...(opts.insecure ? { insecure: true } : {}),
      }).catch((cause: unknown) => {
        throw new CliError('failed', `cannot push ${ref}: ${(cause as Error).message}`, { cause });
      });
      out.result(
        { reference: ref, ...pushed },
        () => `Pushed ${ref}\n  digest  ${pushed.manifestDigest}\n  pinned  ${pushed.pinned}`,
      );
    }),
  );
  return example(push, 'trellis push localhost:5000/hello:0.1.0 ./hello.wasm');
}

export function pullCommand(state: RunState): Command {
  const pull = new Command('pull')
    .argument('<ref>', 'OCI reference')
    .option('-o, --out <file>', 'where to write the component (default: the repository name + .wasm)')
    .description('pull a component from an OCI registry');
  registryOptionsHelp(pull).action(
    action(state, async ({ settings, out, opts }, ref) => {
      const credentials = registryCredentials(settings, opts);
      const pulled = await pullComponent(ref as string, {
        ...(credentials ? { credentials } : {}),
        ...(opts.insecure ? { insecure: true } : {}),
      }).catch((cause: unknown) => {
        throw new CliError('failed', `cannot pull ${ref}: ${(cause as Error).message}`, { cause });
      });
      const name =
        String(ref)
          .replace(/[@:][^/]*$/, '')
          .split('/')
          .at(-1) ?? 'component';
      const target = (opts.out as string | undefined) ?? `${name}.wasm`;
      await writeFile(target, pulled.bytes);
      out.result(
        {
          reference: ref,
          file: target,
          digest: pulled.digest,
          manifest_digest: pulled.manifestDigest,
          size: pulled.bytes.length,
        },
        () => `Pulled ${ref} to ${target} (${pulled.bytes.length} bytes, ${pulled.digest})`,
      );
    }),
  );
  return example(pull, 'trellis pull localhost:5000/hello:0.1.0 -o hello.wasm');
}
