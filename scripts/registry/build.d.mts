// Types for build.mjs, so the push test can start a real registry.
export function ensureRegistry(opts?: { log?: (msg: string) => void }): Promise<{ registry: string; htpasswd: string; version: string }>;
