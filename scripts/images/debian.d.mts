// Types for debian.mjs (the parts tests and the cluster scripts use).
export function cacheRoot(): string;
export function debCacheDir(root?: string): string;
export const NOT_NEEDED_TO_RUN: string[];
export function parseAptDepends(text: string): Record<string, string[]>;
export function resolvePackages(packages: string[], opts?: { skip?: string[]; log?: (msg: string) => void }): { name: string; version: string }[];
export function resolvePackagesCached(
  packages: string[],
  opts?: { skip?: string[]; log?: (msg: string) => void; file?: string },
): { name: string; version: string }[];
