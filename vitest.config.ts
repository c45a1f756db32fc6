import { defineConfig } from 'vitest/config';

// One project per package plus the end-to-end suite in test/. Packages keep their tests beside the code.
const unit = ['protocol', 'oci', 'client', 'host', 'cli', 'edge', 'components'];

export default defineConfig({
  test: {
    reporters: ['default'],
    pool: 'forks',
    projects: [
      ...unit.map((name) => ({
        test: {
          name,
          root: `packages/${name}`,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
      {
        test: {
          name: 'e2e',
          root: 'test',
          include: ['**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
