/** `pattern-canvas scaffold`: writes a component's starter code, never over the person's own edits. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args';
import { scaffoldCommand } from '../../src/cli/scaffold';
import { planScaffoldWrite } from '../../src/core/scaffold/index';

const DESIGN = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: search
components:
  web:
    pattern: replicated-service
    image: nginx:1.27
  finder:
    pattern: scatter-gather
    rootImage: ghcr.io/acme/root:1
    leafImage: ghcr.io/acme/leaf:1
    leafTimeoutMs: 300
`;

function setup(): { dir: string; design: string; run: (...argv: string[]) => { code: number; text: string } } {
  const dir = mkdtempSync(join(tmpdir(), 'pc-cli-scaffold-'));
  const design = join(dir, 'search.patterns.yaml');
  writeFileSync(design, DESIGN);
  return {
    dir,
    design,
    run: (...argv) => {
      let text = '';
      const code = scaffoldCommand(['scaffold', ...argv], (s) => (text += s));
      return { code, text };
    },
  };
}

describe('pattern-canvas scaffold', () => {
  it('writes each project of the component into its folder', () => {
    const { dir, design, run } = setup();
    const out = join(dir, 'code');
    const { code, text } = run(design, 'finder', '--lang', 'go', '--out', out);
    expect(code).toBe(0);
    expect(text).toContain(`start in ${join(out, 'root', 'gather.go')}`);
    expect(readFileSync(join(out, 'root', 'main.go'), 'utf8')).toContain('millis("LEAF_TIMEOUT_MS", "300")');
    expect(existsSync(join(out, 'leaf', 'leaf_test.go'))).toBe(true);
  });

  it('refuses to overwrite edited files unless --force, and leaves identical ones alone', () => {
    const { dir, design, run } = setup();
    const out = join(dir, 'code');
    expect(run(design, 'finder', '--lang', 'py', '--out', out).code).toBe(0);
    expect(run(design, 'finder', '--lang', 'py', '--out', out).text).toContain('wrote 0 file(s)');
    writeFileSync(join(out, 'root', 'gather.py'), '# mine\n');
    const refused = run(design, 'finder', '--lang', 'py', '--out', out);
    expect(refused.code).toBe(1);
    expect(refused.text).toContain('root/gather.py');
    expect(readFileSync(join(out, 'root', 'gather.py'), 'utf8')).toBe('# mine\n');
    expect(run(design, 'finder', '--lang', 'py', '--out', out, '--force').code).toBe(0);
    expect(readFileSync(join(out, 'root', 'gather.py'), 'utf8')).toContain('def gather(');
  });

  it('answers JSON for scripts', () => {
    const { dir, design, run } = setup();
    const { text } = run('--format', 'json', design, 'finder', '--lang', 'ts', '--out', join(dir, 'x'));
    expect(JSON.parse(text).main).toBe(join(dir, 'x', 'root', 'src', 'gather.ts'));
  });

  it('says what is wrong with the command line', () => {
    const { design, run } = setup();
    expect(() => run(design, 'finder')).toThrow(/--lang ts\|py\|go/);
    expect(() => run(design, 'finder', '--lang', 'rust')).toThrow(UsageError);
    expect(() => run(design, 'nope', '--lang', 'go')).toThrow(/no component 'nope'.*starter code: finder/);
    expect(() => run(design, 'web', '--lang', 'go')).toThrow(/'web' has no starter code/);
    expect(() => run(design)).toThrow(/a design file and a component id/);
  });
});

describe('planScaffoldWrite', () => {
  it('sorts files into new, unchanged (line endings aside) and conflicting', () => {
    const existing: Record<string, string> = { 'a.go': 'same\r\n', 'b.go': 'edited\n' };
    expect(planScaffoldWrite({ 'a.go': 'same\n', 'b.go': 'template\n', 'c.go': 'new\n' }, (p) => existing[p])).toEqual({
      create: ['c.go'],
      unchanged: ['a.go'],
      conflicts: ['b.go'],
    });
  });
});
