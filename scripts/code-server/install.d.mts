// Types for install.mjs (imported by the TypeScript e2e tests).
export const CODE_SERVER_VERSION: string;
export const NODE_SPEC: string;
export const APT_PACKAGES: string[];
export const CHROMIUM_PATH: string;
export const repoRoot: string;
export function cacheRoot(): string;
export interface CodeServerPaths {
  dir: string;
  bin: string;
  node: string;
  entry: string;
  stamp: string;
}
export function codeServerPaths(root?: string): CodeServerPaths;
export function isCodeServerInstalled(root?: string): boolean;
export function ensureAptPackages(): void;
export function ensureProjectDevDeps(): void;
export function ensureCodeServer(root?: string): Promise<CodeServerPaths>;
export function ensureE2eTools(opts?: { skipApt?: boolean; skipDevDeps?: boolean }): Promise<{
  codeServerBin: string;
  codeServerDir: string;
  chromium: string;
}>;
