import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDesignFileName, designFromTemplate, designNameFor, proposeFileName, templateInfo } from '../../../src/core/design/templates';
import { hasErrors } from '../../../src/core/diagnostics';
import { validateDesignText } from '../../../src/core/validate/index';

const TEMPLATE = `# Sharded Redis behind a twemproxy ambassador
# Three Redis shards; each app pod reaches them through localhost.
apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: sharded-redis   # becomes part-of
  description: Longer words.
components:
  cache:
    pattern: sharded-service
    image: redis:7.4
`;

describe('templateInfo', () => {
  it('takes the title and the description from the first two comment lines', () => {
    expect(templateInfo('sharded-redis.patterns.yaml', TEMPLATE)).toEqual({
      id: 'sharded-redis',
      fileName: 'sharded-redis.patterns.yaml',
      title: 'Sharded Redis behind a twemproxy ambassador',
      description: 'Three Redis shards; each app pod reaches them through localhost.',
    });
  });

  it('falls back to metadata.description, then to the file name; skips modelines', () => {
    const one = `# yaml-language-server: $schema=../schemas/patterns.schema.json\n# Only a title\nmetadata:\n  name: x\n  description: >-\n    Folded\n    text.\n`;
    expect(templateInfo('only.patterns.yaml', one)).toMatchObject({ title: 'Only a title', description: 'Folded text.' });
    expect(templateInfo('leader-elected-worker.patterns.yaml', 'kind: Design\n')).toMatchObject({ title: 'Leader elected worker', description: '' });
    // A comment after content is not a header.
    expect(templateInfo('a.patterns.yaml', 'kind: Design\n# not a title\n').title).toBe('A');
  });

  it('reads every shipped template: a title and a description each', () => {
    const dir = join(__dirname, '../../../templates');
    const infos = readdirSync(dir)
      .filter((f) => f.endsWith('.patterns.yaml'))
      .map((f) => templateInfo(f, readFileSync(join(dir, f), 'utf8')));
    expect(infos.length).toBeGreaterThan(0);
    for (const i of infos) {
      expect(i.title, i.fileName).not.toBe('');
      expect(i.description, i.fileName).not.toBe('');
    }
  });
});

describe('a new design from a template', () => {
  it('proposes the template name, or the first free numbered one', () => {
    expect(proposeFileName('sharded-redis', [])).toBe('sharded-redis.patterns.yaml');
    expect(proposeFileName('sharded-redis', ['Sharded-Redis.patterns.yaml', 'sharded-redis-2.patterns.yaml', 'x'])).toBe('sharded-redis-3.patterns.yaml');
  });

  it('checks what the person typed and adds the suffix', () => {
    expect(checkDesignFileName(' shop ')).toEqual({ ok: true, fileName: 'shop.patterns.yaml' });
    expect(checkDesignFileName('shop.yaml')).toEqual({ ok: true, fileName: 'shop.patterns.yaml' });
    expect(checkDesignFileName('shop.patterns.yaml')).toEqual({ ok: true, fileName: 'shop.patterns.yaml' });
    for (const bad of ['', '   ', '../shop', 'a/b', 'a\\b', 'x:y', '.patterns.yaml']) expect(checkDesignFileName(bad).ok, bad).toBe(false);
  });

  it('writes the template with metadata.name set to the file name, everything else byte for byte', () => {
    const text = designFromTemplate(TEMPLATE, 'My Cache.patterns.yaml');
    expect(text).toBe(TEMPLATE.replace('name: sharded-redis   #', 'name: my-cache   #'));
    expect(designFromTemplate(TEMPLATE, 'sharded-redis.patterns.yaml')).toBe(TEMPLATE);
  });

  it('leaves a template it cannot read unchanged', () => {
    expect(designFromTemplate('metadata: [\n', 'x.patterns.yaml')).toBe('metadata: [\n');
    expect(designFromTemplate('kind: Design\n', 'x.patterns.yaml')).toBe('kind: Design\n');
  });

  it('turns any file name into a DNS-1123 label', () => {
    expect(designNameFor('Über Shop!!.patterns.yaml')).toBe('ber-shop');
    expect(designNameFor('---.patterns.yaml')).toBe('design');
    expect(designNameFor(`${'a'.repeat(70)}.patterns.yaml`)).toHaveLength(63);
  });

  it('choosing each shipped template yields a proposed name and a text that validates without errors', () => {
    const dir = join(__dirname, '../../../templates');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.patterns.yaml'))) {
      const source = readFileSync(join(dir, f), 'utf8');
      const info = templateInfo(f, source);
      const fileName = proposeFileName(info.id, [f]);
      expect(fileName).toBe(`${info.id}-2.patterns.yaml`);
      const text = designFromTemplate(source, fileName);
      const { parsed, diagnostics } = validateDesignText(text);
      expect(parsed.design?.metadata.name, f).toBe(`${info.id}-2`);
      expect(hasErrors(diagnostics), `${f}: ${JSON.stringify(diagnostics.filter((d) => d.severity === 'error'))}`).toBe(false);
    }
  });
});
