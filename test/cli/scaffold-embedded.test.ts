// The CLI bundle carries the scaffold templates as data: it renders starter code from any folder, and what it
// embeds is exactly what the CLI reads from templates/scaffolds/ when run from source.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCAFFOLD_TEMPLATES } from '../../src/cli/scaffold-templates';

const DESIGN = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: photos
components:
  owner:
    pattern: ownership-election
    image: ghcr.io/acme/owner:1
`;

describe('embedded templates', () => {
  it('the CLI bundle embeds exactly the files the CLI reads from templates/scaffolds when run from source', async () => {
    const { embeddedSource } = await import('../../scripts/embed-scaffolds.mjs');
    const embedded = JSON.parse(/^export const SCAFFOLD_TEMPLATES = (.*);\n$/s.exec(embeddedSource())![1]!) as Record<string, string>;
    expect(Object.keys(embedded).length).toBeGreaterThan(10);
    expect(embedded).toEqual(SCAFFOLD_TEMPLATES);
  });

  it('the built CLI renders starter code with no templates folder anywhere near it', () => {
    // The launcher and the bundle alone, copied where no templates/scaffolds folder can be found.
    const home = mkdtempSync(join(tmpdir(), 'pc-cli-embedded-'));
    try {
      for (const f of ['bin/pattern-canvas.js', 'dist/cli.js']) cpSync(join(process.cwd(), f), join(home, 'install', f));
      const cwd = join(home, 'work');
      mkdirSync(cwd);
      writeFileSync(join(cwd, 'd.patterns.yaml'), DESIGN);
      execFileSync(process.execPath, [join(home, 'install', 'bin', 'pattern-canvas.js'), 'scaffold', 'd.patterns.yaml', 'owner', '--lang', 'go', '--out', 'out'], { cwd, stdio: 'pipe' });
      expect(readFileSync(join(cwd, 'out', 'main.go'), 'utf8')).toContain('package main');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

});
