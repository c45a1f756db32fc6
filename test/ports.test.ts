/** Port helpers the launchers and tests share (infra/ports.ts). */
import { createServer } from 'node:net';
import { assertPortsFree, freePorts } from '@trellis/infra/ports';
import { expect, it } from 'vitest';

it('freePorts hands out distinct ports that can all be bound at once', async () => {
  const ports = await freePorts(40);
  expect(new Set(ports).size).toBe(40);
  await assertPortsFree(Object.fromEntries(ports.map((p) => [`p${p}`, p])));
});

it('assertPortsFree names the port that is taken', async () => {
  const [port] = await freePorts(1);
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  try {
    await expect(assertPortsFree({ probe: port as number })).rejects.toThrow(
      `the probe port 127.0.0.1:${port} is already in use`,
    );
  } finally {
    holder.close();
  }
});
