import { describe, expect, it } from 'vitest';
import { WATCHED } from '../../src/cluster/watch';
import { HEALTH_KINDS } from '../../src/core/status/component';

describe('the watch covers the status model', () => {
  it('watches exactly the kinds whose health counts', () => {
    expect(WATCHED.map((k) => k.kind).sort()).toEqual([...HEALTH_KINDS].sort());
  });
});
