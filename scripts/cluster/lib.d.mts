// Types for lib.mjs, so TypeScript (the vitest global setup) can import it.
export interface Cluster {
  dir: string;
  server: string;
  kubeconfig: string;
  limitedKubeconfig: string;
  limitedNamespace: string;
  restartApiServer(): Promise<void>;
  /** The running control plane's process ids. */
  pids(): number[];
  stop(): Promise<boolean>;
}
export const clusterRoot: string;
export const LIMITED_NAMESPACE: string;
export const NODE_NAMES: string[];
export function defaultRunDir(): string;
export function missingTools(): string[];
export function ensureBuilt(opts?: { log?: (msg: string) => void }): Promise<Record<string, string>>;
export function startCluster(opts?: { dir?: string; log?: (msg: string) => void; timeoutMs?: number }): Promise<Cluster>;
export function stopCluster(dir?: string, opts?: { log?: (msg: string) => void; keepDir?: boolean }): Promise<boolean>;
export function runningCluster(dir?: string): { owner: number; server: string; pids: Record<string, { pid: number; bin: string }> } | null;
export function sweepStale(prefix: string, log?: (msg: string) => void): Promise<void>;
