/**
 * Every NATS subject is built in packages/protocol/src/subjects.ts. This fails if the text `wasmbus.` shows up
 * in any other source file (tests, benchmarks and docs may spell subjects out to check them).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

it('keeps `wasmbus.` subject text inside the subjects module', () => {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.js', '*.mts'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter(
      (f) => f && !/(\.test\.ts$|^test\/|\/test\/|^bench\/|\/bench\/|protocol\/src\/subjects\.ts$)/.test(f),
    );
  expect(files.length).toBeGreaterThan(3);
  const offenders = files.filter((f) => {
    try {
      return readFileSync(join(root, f), 'utf8').includes('wasmbus.');
    } catch {
      return false;
    }
  });
  expect(offenders).toEqual([]);
});
