// Types for docker-config.mjs.
export function dockerConfigPath(env?: NodeJS.ProcessEnv): string;
export function credentialsFor(host: string, opts?: { path?: string; helperBin?: (helper: string) => string }): { username: string; password: string } | undefined;
