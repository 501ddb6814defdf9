import type { Plugin } from 'esbuild';
/** The module that replaces src/cli/scaffold-templates.ts in the CLI bundle. */
export function embeddedSource(): string;
export const embedScaffolds: Plugin;
