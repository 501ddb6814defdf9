/** images.registry: the design names where the project's own images come from; the generator uses it, nothing else. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageRegistryProblem } from '../../../src/core/design/model';
import { allObjects, generate } from '../../../src/core/generate/generate';
import { imageFromRegistry } from '../../../src/core/generate/images';
import type { K8sObject } from '../../../src/core/k8s/types';
import { validateDesignText } from '../../../src/core/validate/index';

const read = (name: string): string => readFileSync(join(__dirname, '../../../templates', `${name}.patterns.yaml`), 'utf8');
/** The template's text with `images:` added at the end (the text is the truth, so the test edits text). */
const withRegistry = (name: string, registry: string): string => `${read(name)}\nimages:\n  registry: ${JSON.stringify(registry)}\n`;

function images(text: string): string[] {
  const { parsed, diagnostics } = validateDesignText(text);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const pods = (o: K8sObject): Record<string, unknown>[] => {
    const spec = o.spec as { template?: { spec?: Record<string, unknown> } } | undefined;
    const pod = spec?.template?.spec;
    return pod ? [...((pod.initContainers as []) ?? []), ...((pod.containers as []) ?? [])] : [];
  };
  return allObjects(generate(parsed.design!)).flatMap(pods).map((c) => c.image as string);
}

describe('images.registry', () => {
  it('moves every project image (batch operators, work-queue manager) and leaves the others alone', () => {
    for (const name of ['signup-flow', 'thumbnail-work-queue', 'image-tagging']) {
      const before = images(read(name));
      const after = images(withRegistry(name, 'registry.example.com:5000/team'));
      expect(before.some((i) => i.startsWith('ghcr.io/pattern-canvas/'))).toBe(true);
      expect(after).toEqual(before.map((i) => i.replace(/^ghcr\.io\/pattern-canvas\//, 'registry.example.com:5000/team/')));
      expect(after.filter((i) => i.startsWith('ghcr.io/pattern-canvas/'))).toEqual([]);
    }
  });

  it('absent or the default registry, the output is byte for byte the same', () => {
    const plain = validateDesignText(read('signup-flow')).parsed.design!;
    const same = validateDesignText(withRegistry('signup-flow', 'ghcr.io/pattern-canvas')).parsed.design!;
    expect(JSON.stringify(generate(same))).toBe(JSON.stringify(generate(plain)));
  });

  it('a registry that is itself under ghcr.io/pattern-canvas is applied once', () => {
    expect(imageFromRegistry('ghcr.io/pattern-canvas/copier:0.1.0', 'ghcr.io/pattern-canvas/mirror')).toBe('ghcr.io/pattern-canvas/mirror/copier:0.1.0');
    const after = images(withRegistry('signup-flow', 'ghcr.io/pattern-canvas/mirror'));
    expect(after.filter((i) => i.includes('/mirror/mirror/'))).toEqual([]);
    expect(after.some((i) => i.startsWith('ghcr.io/pattern-canvas/mirror/'))).toBe(true);
  });

  it('accepts registry hosts with ports and paths, and refuses what an image reference cannot start with', () => {
    for (const ok of ['localhost:5000', 'localhost', '127.0.0.1:5000/pc', 'registry.example.com/team/sub', 'docker.io/someone', 'my-registry:443/a_b']) {
      expect(imageRegistryProblem(ok), ok).toBeUndefined();
    }
    const bad: [string, RegExp][] = [
      ['https://registry.example.com', /no scheme/],
      ['registry.example.com/', /trailing/],
      ['registry.example.com/Team', /lower-case path/],
      ['someone', /docker\.io\/someone/],
      ['', /host\[:port\]/],
    ];
    for (const [registry, message] of bad) expect(imageRegistryProblem(registry), registry).toMatch(message);
  });

  it('a bad value is an error at images.registry, and an unknown field under images is named', () => {
    const { diagnostics } = validateDesignText(withRegistry('signup-flow', 'https://example.com'));
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'PC005', severity: 'error', path: ['images', 'registry'] }));
    const typo = validateDesignText(`${read('signup-flow')}\nimages:\n  registy: registry.example.com\n`).diagnostics;
    expect(typo).toContainEqual(expect.objectContaining({ code: 'PC004', path: ['images', 'registy'], message: expect.stringMatching(/did you mean 'registry'/) }));
  });
});
