/** The host's benchmarks, one function each, for the top-level bench/run.ts. */
export { benchDensity } from './density.ts';
export { benchPoolVsDirect } from './pool-vs-direct.ts';
