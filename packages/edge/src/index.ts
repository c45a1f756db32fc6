/**
 * The Worker: the hono app as the fetch handler, and `LatticeHub`, the Durable Object that fans out one
 * lattice's events. `wrangler.toml` at the repository root points here.
 */
import { createApp } from './app.ts';

export { LatticeHub } from './hub/lattice-hub.ts';

export default createApp() satisfies ExportedHandler<Env>;
