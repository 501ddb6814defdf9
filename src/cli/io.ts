/** File reading for the CLI: unreadable input is a usage problem (exit 2), never a crash. */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './args';

/** Above this, a file is refused before it is read into memory. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

export function readInput(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}: no such file`);
  }
  if (size > MAX_INPUT_BYTES) throw new UsageError(`${file} is ${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1048576} MB`);
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
