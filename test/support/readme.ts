/** The shell lines of the README's code blocks, so tests run exactly what the README shows. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');

export function readmeCommands(): string[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

/** `npx pattern-canvas a b --c d` -> ['a', 'b', '--c', 'd'], with [--optional flags] dropped. */
export function cliArgs(line: string): string[] {
  return line.replace(/^npx pattern-canvas\s+/, '').replace(/\[[^\]]*\]/g, '').trim().split(/\s+/);
}
