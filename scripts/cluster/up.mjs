// npm run cluster:up — builds if needed, starts a local control plane and prints its kubeconfigs.
// State folder: ~/.cache/pattern-canvas/cluster/run (override: PATTERN_CANVAS_CLUSTER_DIR).
import { join } from 'node:path';
import { defaultRunDir, runningCluster, startCluster } from './lib.mjs';

const dir = defaultRunDir();
const print = (server) => console.log(`
cluster API:        ${server}
admin kubeconfig:   ${join(dir, 'kubeconfig')}
limited kubeconfig: ${join(dir, 'kubeconfig-limited')}   (user "limited": read-only in namespace "limited")

  export KUBECONFIG=${join(dir, 'kubeconfig')}
  stop with: npm run cluster:down`);

const running = runningCluster(dir);
if (running) {
  console.log(`[cluster] already running (state in ${dir})`);
  print(running.server);
} else {
  try {
    const c = await startCluster({ dir });
    print(c.server);
  } catch (err) {
    console.error(`\n[cluster] FAILED to start: ${err.message}\n`);
    process.exit(1);
  }
}
