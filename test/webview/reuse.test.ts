/** Unchanged blocks keep their objects across documents, so React Flow redraws only what an edit touched. */
import { describe, expect, it } from 'vitest';
import { indexDiagnostics } from '../../webview/graph/diagnosticIndex';
import { reuseUnchanged, sameData } from '../../webview/graph/reuse';
import { designShape } from '../../webview/graph/structure';
import { toNodes } from '../../webview/graph/toFlow';
import { designOf, STOREFRONT } from './fixtures';

const nodesOf = (text: string) => {
  const design = designOf(text);
  return toNodes({ design, shape: designShape(design), diagnostics: indexDiagnostics([]), fallback: {}, selected: new Set() });
};

describe('reuseUnchanged', () => {
  it('keeps the objects of blocks an edit did not touch', () => {
    const before = nodesOf(STOREFRONT);
    const after = reuseUnchanged(before, nodesOf(STOREFRONT.replace('shards: 3', 'shards: 5')));
    const same = after.filter((n) => before.includes(n)).map((n) => n.id);
    expect(same.sort()).toEqual(['orders', 'tls', 'web']);
    expect(after.find((n) => n.id === 'cache')!.data.facts).toEqual(['memcached:1.6', 'shards 5']);
  });

  it('returns the previous array when nothing changed', () => {
    const before = nodesOf(STOREFRONT);
    expect(reuseUnchanged(before, nodesOf(STOREFRONT))).toBe(before);
  });

  it('notices a removed block', () => {
    const before = nodesOf(STOREFRONT);
    const after = reuseUnchanged(before, before.slice(1));
    expect(after).not.toBe(before);
    expect(after).toHaveLength(before.length - 1);
  });

  it('compares plain data deeply', () => {
    expect(sameData({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(sameData({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData([1], { 0: 1 })).toBe(false);
  });
});
