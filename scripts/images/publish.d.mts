// Types for publish.mjs, so the tests can import it.
import type { BuiltImage } from './build.mjs';
export const PROJECT_REGISTRY: string;
export function projectReferences(named: string[], known?: string[]): string[];
export interface PushedImage {
  name: string;
  /** host/repository:tag */
  target: string;
  /** The manifest digest, as built and as read back from the registry. */
  digest: string;
  blobsSent: number;
  blobsPresent: number;
}
type Build = (refs: string[]) => Promise<BuiltImage[]>;
export function pushImages(refs: string[], opts: { registry: string; plainHttp?: boolean; configPath?: string; build?: Build }): Promise<PushedImage[]>;
export function loadIntoCluster(refs: string[], opts: { kind?: string; minikube?: boolean; profile?: string; build?: Build; bin?: string }): Promise<string[]>;
export function main(argv: string[]): Promise<number>;
