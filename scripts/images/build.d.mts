// Types for build.mjs, so TypeScript (tests, the cluster setup) can import it.
export interface BuiltImage {
  /** Fully qualified reference, e.g. docker.io/library/redis:7.4. */
  name: string;
  /** The OCI image-layout tar. */
  tar: string;
  /** sha256 (hex) of the recipe's inputs; part of the tar's file name. */
  digest: string;
  /** true when the tar was already there and nothing was built. */
  cached: boolean;
  ms: number;
}
export function imagesCacheDir(root?: string): string;
export function ensureImages(refs?: string[], opts?: { log?: (msg: string) => void; cacheDir?: string }): Promise<BuiltImage[]>;
export function imageOfTar(tar: string): { name: string; digest: string };
export interface CtrOptions {
  ctrBin?: string;
  /** containerd's socket (ctr -a). */
  address?: string;
  /** Default k8s.io, the namespace the CRI plugin (and so the kubelet) uses. */
  namespace?: string;
}
export function containerdImages(opts?: CtrOptions): Record<string, string>;
export function loadImages(tars: string[], opts?: CtrOptions & { log?: (msg: string) => void }): { loaded: string[]; present: string[] };
