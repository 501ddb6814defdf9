// Types for lib.mjs, so TypeScript (the vitest global setup, tests, benches) can import it.
export interface ClusterNetwork {
  slot: number;
  netns: string;
  hostIf: string;
  nodeIf: string;
  hostIp: string;
  nodeIp: string;
  podCidr: string;
  serviceCidr: string;
  apiServiceIp: string;
}
export interface Cluster {
  dir: string;
  server: string;
  network: ClusterNetwork;
  realNode: boolean;
  kubeconfig: string;
  limitedKubeconfig: string;
  limitedNamespace: string;
  restartApiServer(): Promise<void>;
  /** The running control plane's process ids. */
  pids(): number[];
  /** Control-plane processes that have exited while the cluster is meant to run. */
  exited(): string[];
  /** Starts an exited process again with the same flags and data. */
  relaunch(name: string): Promise<void>;
  /** Every binary the cluster runs, by name. */
  bins: Record<string, string>;
  stop(): Promise<boolean>;
}
export interface Leftovers {
  processes: number[];
  mounts: string[];
  cgroups: string[];
  namespaces: string[];
  interfaces: string[];
  /** Cached CNI results of this node's pods in the host's /var/lib/cni/results. */
  cniResults: string[];
}
export const clusterRoot: string;
export const LIMITED_NAMESPACE: string;
export const NODE_NAMES: string[];
export const REAL_NODE_NAME: string;
export const REAL_NODE_LABEL: string;
export const KWOK_TAINT: { key: string; value: string; effect: string };
export function defaultRunDir(): string;
export function missingTools(): string[];
export function binaries(): Record<string, string>;
export function ensureBuilt(opts?: { log?: (msg: string) => void }): Promise<Record<string, string>>;
export function startCluster(opts?: { dir?: string; log?: (msg: string) => void; timeoutMs?: number; realNode?: boolean }): Promise<Cluster>;
export function stopCluster(dir?: string, opts?: { log?: (msg: string) => void; keepDir?: boolean }): Promise<boolean>;
export function runningCluster(dir?: string): { owner: number; server: string; pids: Record<string, { pid: number; bin: string }> } | null;
export function sweepStale(prefix: string, log?: (msg: string) => void): Promise<void>;
export function leftovers(dir: string, slot: number): Leftovers;
export function kwokNamespace(name: string): { apiVersion: 'v1'; kind: 'Namespace'; metadata: { name: string; annotations: Record<string, string> } };
