/**
 * Type-checks every project (each package has its own tsconfig for its runtime: Node, workerd or pure).
 * Runs them one after another so a 2-core machine stays responsive; fails on the first error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const projects = [
  ...readdirSync(join(root, 'packages')).map((name) => join('packages', name)),
  'infra',
  'test',
  'bench',
].flatMap((dir) =>
  ['tsconfig.json', 'tsconfig.test.json']
    .filter((f) => existsSync(join(root, dir, f)))
    .map((f) => join(dir, f)),
);

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = 0;
for (const project of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`typecheck: ${project} failed`);
  }
}
if (failed > 0) process.exit(1);
console.log(`typecheck: ${projects.length} projects clean`);
