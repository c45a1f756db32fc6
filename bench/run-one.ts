/**
 * Runs one benchmark of bench/suite.ts in this process and exits: 0 when it finished, 1 when it threw.
 * Started by bench/run.ts (`node bench/run-one.ts <name>`); can be run by hand the same way.
 */
import { benchmarks } from './suite.ts';

const name = process.argv[2];
const benchmark = benchmarks.find((b) => b.name === name);
if (!benchmark) {
  console.error(`unknown benchmark '${name ?? ''}'; known: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
try {
  await benchmark.run();
  process.exit(0); // a handle left open by a library must not keep the process (and the budget) running
} catch (error) {
  console.error(`benchmark '${benchmark.name}' failed:`, error);
  process.exit(1);
}
