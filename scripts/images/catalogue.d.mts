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
export function recipeFor(ref: string): Recipe;
export function knownReferences(): string[];
