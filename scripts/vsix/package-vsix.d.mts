// Types for package-vsix.mjs.
export const repoRoot: string;
export const DEFAULT_VSIX: string;
export function vsixEntries(vsix: string): string[] | undefined;
export function packageVsix(opts?: {
  cwd?: string;
  out?: string;
  build?: boolean;
  production?: boolean;
  quiet?: boolean;
}): { vsix: string; bytes: number; files: string[] | undefined; ms: number };
