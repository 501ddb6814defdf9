import type { Plugin } from 'esbuild';
/** Resolves 'yaml' to its browser build in every bundle. */
export const yamlBrowserBuild: Plugin;
