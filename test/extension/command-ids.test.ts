/**
 * One table of command ids: package.json contributes exactly its CONTRIBUTED commands, menus name only known ones,
 * every contributed and internal command is registered, and no registerCommand/executeCommand spells an id itself.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRIBUTED, INTERNAL } from '../../src/extension/command-ids';

const ROOT = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, { command?: string; submenu?: string }[]> };
};
const files = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : /\.tsx?$/.test(f) ? [join(d, f)] : []));
const SOURCES = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'webview'))].map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));

/** A command call whose id is written out (a quote or backtick right after the parenthesis). */
const SPELT = /\b(registerCommand|executeCommand)\(\s*['"`]/;
/** The table entries a registerCommand call names, e.g. `registerCommand(CONTRIBUTED.deploy,` -> CONTRIBUTED.deploy. */
const REGISTERED = /registerCommand\(\s*(CONTRIBUTED|INTERNAL)\.(\w+)/g;

describe('command ids', () => {
  it('package.json contributes exactly the CONTRIBUTED commands', () => {
    expect(manifest.contributes.commands.map((c) => c.command).sort()).toEqual(Object.values(CONTRIBUTED).sort());
  });

  it('menus name only commands of the table', () => {
    const known = new Set<string>([...Object.values(CONTRIBUTED), ...Object.values(INTERNAL)]);
    const named = Object.values(manifest.contributes.menus).flatMap((entries) => entries.flatMap((e) => (e.command ? [e.command] : [])));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((c) => !known.has(c))).toEqual([]);
  });

  it('registers every contributed and internal command, each once', () => {
    const registered = SOURCES.flatMap(({ text }) => [...text.matchAll(REGISTERED)].map((m) => `${m[1]}.${m[2]}`)).sort();
    const expected = [...Object.keys(CONTRIBUTED).map((k) => `CONTRIBUTED.${k}`), ...Object.keys(INTERNAL).map((k) => `INTERNAL.${k}`)].sort();
    expect(registered).toEqual(expected);
  });

  it('no command call spells its id; the finder finds one that does', () => {
    const spelt = SOURCES.flatMap(({ file, text }) => text.split('\n').flatMap((l, i) => (SPELT.test(l) ? [`${file}:${i + 1}: ${l.trim()}`] : [])));
    expect(spelt).toEqual([]);
    expect(["vscode.commands.executeCommand('vscode.openWith', uri)", 'registerCommand(`patternCanvas.x`, f)'].map((l) => SPELT.test(l))).toEqual([true, true]);
    expect(SPELT.test('executeCommand(BUILT_IN.openWith, uri)')).toBe(false);
  });
});
