/** The extension reads the shipped templates folder; it must see exactly what the CLI embeds. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { SCAFFOLD_TEMPLATES } from '../../../src/cli/scaffold-templates';

/** Just enough of the vscode API for templates.ts: Uri paths, FileType and workspace.fs over the real disk. */
vi.mock('vscode', () => {
  const Uri = { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: join(base.path, ...parts) }) };
  const FileType = { File: 1, Directory: 2 };
  const fs = {
    readDirectory: async (uri: { path: string }) => readdirSync(uri.path, { withFileTypes: true }).map((e) => [e.name, e.isDirectory() ? FileType.Directory : FileType.File]),
    readFile: async (uri: { path: string }) => readFileSync(uri.path),
  };
  return { Uri, FileType, workspace: { fs } };
});

describe('templates shipped with the extension', () => {
  it('are read exactly as the CLI embeds them', async () => {
    const { shippedScaffoldTemplates } = await import('../../../src/extension/scaffold/scaffold-templates');
    const extensionUri = { path: fileURLToPath(new URL('../../..', import.meta.url)) };
    const shipped = await shippedScaffoldTemplates(extensionUri as never);
    expect(Object.keys(shipped).sort()).toEqual(Object.keys(SCAFFOLD_TEMPLATES).sort());
    expect(shipped).toEqual(SCAFFOLD_TEMPLATES);
  });
});
