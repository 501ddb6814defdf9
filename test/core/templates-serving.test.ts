import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Design } from '../../src/core/design/model';
import { allObjects, generate } from '../../src/core/generate/generate';
import { compositionDiagnostics } from '../../src/core/validate/composition';
import { validateDesignText } from '../../src/core/validate/index';
import { expectValidObjects } from '../support/schema';

const TEMPLATES = ['sharded-redis', 'https-sidecar', 'experiment-split', 'dictionary-server', 'document-search', 'redis-exporter', 'function-decorator'];
const read = (name: string): string => readFileSync(join(__dirname, '../../templates', `${name}.patterns.yaml`), 'utf8');

describe.each(TEMPLATES)('template %s', (name) => {
  const text = read(name);
  const design = parse(text) as Design;

  it('opens with a title and a one-sentence description, and names itself in metadata', () => {
    const [title, description] = text.split('\n');
    expect(title).toMatch(/^# \S/);
    expect(description).toMatch(/^# .+\.$/);
    expect(design.metadata.name).toBe(name);
    expect(design.metadata.description).toEqual(expect.any(String));
  });

  it('has no error diagnostics, from the document checks or the composition rules', () => {
    expect(compositionDiagnostics(design).filter((d) => d.severity === 'error')).toEqual([]);
    expect(validateDesignText(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('generates objects valid against the Kubernetes schema', () => {
    expectValidObjects(allObjects(generate(design)));
  });
});

describe('what the templates show', () => {
  const objects = (name: string) => allObjects(generate(parse(read(name)) as Design));
  const configs = (name: string) => objects(name).flatMap((o) => Object.values((o as { data?: Record<string, string> }).data ?? {}));

  it('sharded-redis: twemproxy lists the three shards by stable DNS name', () => {
    const conf = configs('sharded-redis').find((c) => c.includes('servers:'))!;
    expect(conf).toContain('sharded-redis-0.sharded-redis:6379:1');
    expect(conf).toContain('sharded-redis-2.sharded-redis:6379:1');
  });

  it('experiment-split: 90/10 becomes weight=9 and weight=1', () => {
    const conf = configs('experiment-split').find((c) => c.includes('upstream'))!;
    expect(conf).toMatch(/server backend\.default\.svc:8080 weight=9;/);
    expect(conf).toMatch(/server backend-experiment\.default\.svc:8080 weight=1;/);
  });

  it('dictionary-server: varnish stores 768M in a 1Gi container', () => {
    expect(JSON.stringify(objects('dictionary-server'))).toContain('malloc,768M');
  });

  it('are quiet: no warnings either', () => {
    for (const name of TEMPLATES) {
      const d = compositionDiagnostics(parse(read(name)) as Design).filter((x) => x.severity === 'warning');
      expect(d, name).toEqual([]);
    }
  });
});
