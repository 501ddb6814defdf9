// Types for distribution.mjs.
export interface Target {
  host: string;
  repository: string;
  tag: string;
}
export interface Credentials {
  username: string;
  password: string;
}
export function parseRegistry(registry: string): { host: string; path: string };
export function targetFor(name: string, registry: string, projectRegistry?: string): Target;
export class RegistrySession {
  constructor(host: string, opts?: { plainHttp?: boolean; credentials?: Credentials; fetchImpl?: typeof fetch });
  base: string;
}
export function pushImage(tar: string, target: Target, opts?: { session?: RegistrySession; log?: (msg: string) => void }): Promise<{ digest: string; pushed: number; present: number; bytes: number }>;
export function remoteManifestDigest(target: Target, opts?: { session?: RegistrySession }): Promise<{ digest: string; said: string | null; mediaType: string | null }>;
