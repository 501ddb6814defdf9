// Vitest global setup for the `cluster` project: starts one isolated real control plane for the whole run
// and hands tests its kubeconfigs through provide/inject. Global setup runs in another process than the tests,
// so kube-apiserver restarts go through a loopback HTTP endpoint (POST /restart-apiserver).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { clusterRoot, LIMITED_NAMESPACE, missingTools, startCluster, sweepStale, type Cluster } from '../../../scripts/cluster/lib.mjs';

const log = (msg: string) => console.log(msg);

function loud(msg: string) {
  const bar = '!'.repeat(100);
  console.error(`\n${bar}\n!! CLUSTER TESTS CANNOT RUN\n!! ${msg.split('\n').join('\n!! ')}\n${bar}\n`);
}

export default async function setup(project: TestProject) {
  // A per-run folder: several checkouts on this machine may run the cluster tests at the same time.
  const dir = join(clusterRoot, `test-${process.pid}`);
  project.provide('clusterDir', dir);
  project.provide('limitedNamespace', LIMITED_NAMESPACE);
  for (const key of ['kubeconfig', 'limitedKubeconfig', 'clusterControl'] as const) project.provide(key, '');
  project.provide('clusterError', '');

  const fail = (msg: string) => {
    loud(msg);
    // Every cluster test then fails with this message (see helpers.ts): never a silent skip, CI or not.
    project.provide('clusterError', msg);
  };
  const missing = missingTools();
  if (missing.length) return fail(`missing tool(s): ${missing.join('; ')}`);

  let cluster: Cluster;
  try {
    await sweepStale('test-', log); // clusters left behind by crashed runs
    cluster = await startCluster({ dir, log });
  } catch (err) {
    return fail(`starting the test cluster failed: ${(err as Error).message}`);
  }

  let restarting: Promise<void> | undefined;
  const control = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/restart-apiserver') return void res.writeHead(404).end();
    restarting ??= cluster.restartApiServer().finally(() => { restarting = undefined; });
    restarting.then(
      () => res.writeHead(200).end('ok'),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((res) => control.listen(0, '127.0.0.1', res));
  const { port } = control.address() as AddressInfo;

  project.provide('kubeconfig', cluster.kubeconfig);
  project.provide('limitedKubeconfig', cluster.limitedKubeconfig);
  project.provide('clusterControl', `http://127.0.0.1:${port}`);

  return async () => {
    control.close();
    await cluster.stop();
  };
}
