// Types for apps.mjs.
import type { Recipe } from '../catalogue.mjs';
export type AppRecipe = Recipe & { compile: { kind: 'go-local'; dir: string; pkg: string; to: string }[] };
/** The runtime Go module folder (runtime/). */
export const RUNTIME_DIR: string;
/** The extension's version (package.json), the tag of every app image. */
export const APPS_VERSION: string;
export const demoHttp: AppRecipe;
export const dictionaryServer: AppRecipe;
export const legacyApp: AppRecipe;
export const electedWorker: AppRecipe;
declare const apps: AppRecipe[];
export default apps;
