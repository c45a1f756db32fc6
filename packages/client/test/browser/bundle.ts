/**
 * Bundles browser code with esbuild (platform browser, ESM). esbuild refuses to bundle a Node built-in for the
 * browser (`node:fs`, `crypto`, …) unless the importing package's `browser` field maps it away, so a bundle
 * that builds is proof that nothing it pulls in (the client, the protocol package, nats-core) needs Node.
 */
import { build } from 'esbuild';

/** A file to bundle, or source text resolved from `resolveDir`. */
export type BundleInput = { entryPoint: string } | { contents: string; resolveDir: string };

export interface Bundle {
  /** The ES module to serve to the page. */
  code: string;
  /** Every source file in the bundle, relative to the working directory. */
  inputs: string[];
}

/** Throws esbuild's error (naming the offending import) when the input cannot be bundled for a browser. */
export async function bundleForBrowser(input: BundleInput): Promise<Bundle> {
  const result = await build({
    ...('entryPoint' in input
      ? { entryPoints: [input.entryPoint] }
      : { stdin: { contents: input.contents, resolveDir: input.resolveDir, loader: 'ts' as const } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2023',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output');
  return { code: output.text, inputs: Object.keys(result.metafile.inputs) };
}
