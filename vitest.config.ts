import { defineConfig } from 'vitest/config';

// Three projects: fast pure tests, tests against the local control plane, and the real VS Code.
// The project follows the folder: test/cluster/ (src/cluster against the control plane), test/real-node/ (pods that
// really run) and test/harness/ (the local cluster itself) need the cluster, test/e2e/ the real VS Code; a test of
// src/cluster that needs no cluster is named *.unit.test.ts. test/tree.test.ts holds the tree to this.
const CLUSTER_TESTS = ['test/cluster/**/*.test.ts', 'test/real-node/**/*.test.ts', 'test/harness/**/*.test.ts'];
const NEED_NO_CLUSTER = '**/*.unit.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/cluster/**/!(*.unit).test.ts', 'test/real-node/**', 'test/harness/**', 'test/e2e/**', '**/node_modules/**'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'cluster',
          include: CLUSTER_TESTS,
          exclude: [NEED_NO_CLUSTER, '**/node_modules/**'],
          globalSetup: ['test/harness/cluster/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
