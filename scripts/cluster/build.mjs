// npm run cluster:build — idempotent build of etcd, the k8s control plane, kubectl and kwok into ~/.cache/pattern-canvas.
import { ensureBuilt } from './toolchain.mjs';

try {
  await ensureBuilt();
} catch (err) {
  console.error(`\n[cluster:build] FAILED: ${err.message}\n`);
  process.exit(1);
}
