// Types for catalogue.mjs.
import type { ImageConfig } from './oci.mjs';
export interface Recipe {
  reference: string;
  upstream: string;
  builtFrom: string;
  differs: string;
  debian?: string[];
  skip?: string[];
  config: ImageConfig;
  [key: string]: unknown;
}
export const RECIPES: Recipe[];
/** registry.k8s.io/pause:3.10.1, for containerd's CRI `sandbox` setting. */
export const SANDBOX_IMAGE: string;
export function recipeFor(ref: string, extra?: Recipe[]): Recipe;
export function knownReferences(extra?: Recipe[]): string[];
export interface ImageUser {
  name: string;
  uid: number;
  gid: number;
  home?: string;
  shell?: string;
}
export interface ImageDir {
  path: string;
  uid?: number;
  gid?: number;
  mode?: number;
}
export function filesRecipe(opts: {
  reference: string;
  /** Host files (e.g. static binaries the cluster scripts built) and where they go in the image. */
  files: { from: string; to: string; mode?: number }[];
  config: ImageConfig;
  users?: ImageUser[];
  dirs?: ImageDir[];
  debian?: string[];
  upstream?: string;
  differs?: string;
}): Recipe;
