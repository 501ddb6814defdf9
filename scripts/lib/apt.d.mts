// Types for apt.mjs, so TypeScript (test helpers) can import it.
export function dpkgInstalled(pkg: string): boolean;
export function ensureDebianPackages(pkgs: string[], log?: (msg: string) => void): void;
