/** `trellis claims inspect FILE|REF`, `trellis claims sign FILE …` */
import { writeFile } from 'node:fs/promises';
import { readComponentClaims, signComponent } from '@trellis/protocol';
import { Command, Option } from 'commander';
import { CliError } from '../cli-error.ts';
import { action, collect, example, type RunState } from '../kit.ts';
import { table } from '../output.ts';
import { readComponent, registryOptionsHelp } from './artifact.ts';

const when = (epoch: number | undefined) =>
  epoch === undefined ? 'never' : new Date(epoch * 1000).toISOString();

export function claimsCommand(state: RunState): Command {
  const claims = new Command('claims').description(
    'inspect and sign the claims (wascap JWT) embedded in components',
  );
  const inspect = claims
    .command('inspect')
    .argument('<component>', 'a .wasm file or an OCI reference')
    .description('verify and show the claims of a component (signature, times and module hash)');
  registryOptionsHelp(inspect).action(
    action(state, async ({ settings, out, opts }, fileOrRef) => {
      const { bytes, source } = await readComponent(fileOrRef as string, settings, opts);
      const found = readComponentClaims(bytes);
      if (found === undefined) throw new CliError('failed', `${source} carries no claims (it is not signed)`);
      const w = found.wascap;
      out.result(found, () =>
        table(
          ['FIELD', 'VALUE'],
          [
            ['Component', w.name ?? ''],
            ['Account (issuer)', found.iss],
            ['Module (subject)', found.sub],
            ['Expires', when(found.exp)],
            ['Can be used', found.nbf === undefined ? 'immediately' : when(found.nbf)],
            ['Version', w.ver ?? ''],
            ['Revision', w.rev === undefined ? '' : String(w.rev)],
            ['Call alias', w.call_alias ?? ''],
            ['Tags', (w.tags ?? []).join(',')],
            ['Module hash', w.hash],
          ],
        ),
      );
    }),
  );
  example(
    inspect,
    'trellis claims inspect ./hello_s.wasm',
    'trellis claims inspect localhost:5000/hello:0.1.0 --json',
  );

  example(
    claims
      .command('sign')
      .argument('<file>', 'the .wasm file to sign')
      .addOption(
        new Option('--issuer-seed <SA…>', 'account seed that issues the claims')
          .env('TRELLIS_ISSUER_SEED')
          .makeOptionMandatory(),
      )
      .option('--subject-seed <SM…>', 'component seed (default: a new key)')
      .requiredOption('--name <name>', 'component name')
      .option('--rev <n>', 'revision number')
      .option('--ver <version>', 'human version, e.g. 0.1.0')
      .option('--tag <tag>', 'tag (repeatable)', collect)
      .option('--call-alias <alias>', 'call alias')
      .option('--expires-in-days <n>', 'expiry')
      .option('-o, --out <file>', 'where to write the signed component (default: FILE with _s before .wasm)')
      .description('embed signed claims (a wascap JWT) in a component')
      .action(
        action(state, async ({ settings, out, opts }, file) => {
          const { bytes } = await readComponent(file as string, settings, opts);
          const rev = opts.rev === undefined ? undefined : Number(opts.rev);
          if (rev !== undefined && !Number.isInteger(rev))
            throw new CliError('usage', `invalid --rev '${opts.rev}'`);
          const days = opts.expiresInDays === undefined ? undefined : Number(opts.expiresInDays);
          const signed = signComponent(bytes, {
            accountSeed: String(opts.issuerSeed),
            ...(opts.subjectSeed ? { subjectSeed: String(opts.subjectSeed) } : {}),
            name: String(opts.name),
            ...(rev !== undefined ? { rev } : {}),
            ...(opts.ver ? { ver: String(opts.ver) } : {}),
            ...(opts.tag ? { tags: opts.tag as string[] } : {}),
            ...(opts.callAlias ? { callAlias: String(opts.callAlias) } : {}),
            ...(days !== undefined ? { expiresAt: new Date(Date.now() + days * 86_400_000) } : {}),
          });
          const target = (opts.out as string | undefined) ?? String(file).replace(/(\.wasm)?$/, '_s.wasm');
          await writeFile(target, signed.bytes);
          out.result(
            {
              file: target,
              subject: signed.claims.sub,
              issuer: signed.claims.iss,
              hash: signed.claims.wascap.hash,
            },
            () => `Signed ${target}\n  module  ${signed.claims.sub}\n  issuer  ${signed.claims.iss}`,
          );
        }),
      ),
    'trellis claims sign hello.wasm --issuer-seed SAAB… --name hello --rev 1 --ver 0.1.0',
  );
  return claims;
}
