/** One component per scaffold kind, as a design would resolve it: the specimens the scaffold tests render. */
import type { ScaffoldComponent, ScaffoldKind } from '../../src/core/scaffold/index';

const workQueue: ScaffoldComponent = { id: 'thumbnails', pattern: 'work-queue', params: { mode: 'job-per-item', source: 'container', sourcePort: 8080 } };
const search: ScaffoldComponent = { id: 'search', pattern: 'scatter-gather', params: { port: 8080, leafPort: 8081, leafTimeoutMs: 200, rootTimeoutMs: 1000, merge: 'union' } };

export const SAMPLES: Record<ScaffoldKind, ScaffoldComponent> = {
  'work-queue-worker': workQueue,
  'work-queue-source': workQueue,
  function: { id: 'order-defaults', pattern: 'function', params: { port: 8080, path: '/orders', timeoutSeconds: 10, kind: 'decorator' } },
  'adapter-metrics': { id: 'cache-metrics', pattern: 'adapter', attachTo: 'cache', params: { kind: 'metrics', port: 9121, appPort: 6379, appAddress: '127.0.0.1', metricsPath: '/metrics' } },
  'adapter-health': { id: 'db-health', pattern: 'adapter', attachTo: 'db', params: { kind: 'health', port: 8081, appPort: 3306, appAddress: '127.0.0.1', healthPath: '/healthz' } },
  'batch-operator': { id: 'shard-photos', pattern: 'sharder', params: { shards: 3, key: 'id' } },
  'scatter-gather-root': search,
  'scatter-gather-leaf': search,
  'leader-elected-worker': { id: 'scheduler', pattern: 'ownership-election', params: { replicas: 3, leaseName: '', leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2 } },
};
