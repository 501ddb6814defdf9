// Types for supervise.mjs, so TypeScript (tests) can import it.
import type { Cluster } from './lib.mjs';

export function superviseCluster(cluster: Pick<Cluster, 'dir' | 'exited' | 'relaunch'>, opts?: { tell?: (msg: string) => void; intervalMs?: number }): () => Promise<void>;
