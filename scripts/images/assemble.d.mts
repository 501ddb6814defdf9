// Types for the part of assemble.mjs that TypeScript (the runtime tests' broker harness) imports.
export interface GoProgram {
  module: string;
  version: string;
  pkg: string;
  /** Path in the image; its last part names the binary. */
  to: string;
  tags?: string;
  ldflags?: string[];
}
/** Builds a static Go program from the module proxy once into the cache; returns the binary's path. */
export function goProgram(c: GoProgram, log?: (msg: string) => void): string;
