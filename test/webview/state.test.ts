/** The webview drops stale documents and keeps the last good design while the text does not parse. */
import { describe, expect, it } from 'vitest';
import type { DocumentMessage } from '../../src/protocol';
import { acceptDocument, initialViewState } from '../../webview/state';
import { HostBridge } from '../../webview/host';
import { designOf, STOREFRONT } from './fixtures';

const design = designOf(STOREFRONT);
const doc = (version: number, extra: Partial<DocumentMessage> = {}): DocumentMessage => ({ type: 'document', version, design, diagnostics: [], ...extra });

describe('acceptDocument', () => {
  it('takes the first document and newer ones', () => {
    const a = acceptDocument(undefined, doc(3))!;
    expect(a.version).toBe(3);
    expect(acceptDocument(a, doc(4))!.version).toBe(4);
  });

  it('drops a document older than the one shown', () => {
    expect(acceptDocument(acceptDocument(undefined, doc(5)), doc(4))).toBeUndefined();
  });

  it('accepts the same version again (the host re-sends after ready)', () => {
    expect(acceptDocument(acceptDocument(undefined, doc(5)), doc(5))).toBeDefined();
  });

  it('keeps the last good design, read-only, while the text does not parse', () => {
    const good = acceptDocument(undefined, doc(1, { connectionIndexes: [0] }))!;
    const broken = acceptDocument(good, { type: 'document', version: 2, diagnostics: [{ code: 'PC001', severity: 'error', message: 'bad', path: [] }], error: 'bad (line 3)' })!;
    expect(broken).toMatchObject({ version: 2, design, error: 'bad (line 3)', connectionIndexes: [0] });
    const fixed = acceptDocument(broken, doc(3))!;
    expect(fixed.error).toBeUndefined();
  });
});

describe('initialViewState', () => {
  it('restores what was saved and ignores junk', () => {
    expect(initialViewState(undefined)).toEqual({ minimap: true, palette: true, inspector: true, selected: [] });
    expect(initialViewState({ minimap: false, inspector: false, selected: ['a', 3], viewport: { x: 1, y: 2, zoom: 0.5 } })).toEqual({
      minimap: false,
      palette: true,
      inspector: false,
      selected: ['a'],
      viewport: { x: 1, y: 2, zoom: 0.5 },
    });
  });
});

describe('HostBridge', () => {
  function bridge() {
    const sent: { type: string; id?: number; version?: number }[] = [];
    let version = 7;
    const b = new HostBridge({ postMessage: (m) => sent.push(m as never), getState: () => undefined, setState: () => {} }, () => version);
    return { b, sent, setVersion: (v: number) => (version = v) };
  }

  it('sends intents with the current version and matches answers by id', async () => {
    const { b, sent } = bridge();
    const first = b.intent({ type: 'removeComponents', ids: ['a'] });
    const second = b.intent({ type: 'removeComponents', ids: ['b'] });
    expect(sent.map((m) => [m.id, m.version])).toEqual([
      [1, 7],
      [2, 7],
    ]);
    expect(b.receive({ type: 'intentResult', id: 2, ok: false, error: 'stale' })).toBe(true);
    expect(b.receive({ type: 'intentResult', id: 1, ok: true })).toBe(true);
    expect(await first).toMatchObject({ ok: true });
    expect(await second).toMatchObject({ ok: false, error: 'stale' });
    expect(b.receive({ type: 'intentResult', id: 99, ok: true })).toBe(false);
  });

  it('sends a sequence one at a time, each against the version the previous edit produced', async () => {
    const { b, sent, setVersion } = bridge();
    const done = b.intents([
      { type: 'disconnect', indexes: [0] },
      { type: 'removeComponents', ids: ['a'] },
    ]);
    expect(sent).toHaveLength(1);
    setVersion(8); // the host's document for the first edit arrives before its answer
    b.receive({ type: 'intentResult', id: 1, ok: true });
    await Promise.resolve();
    await Promise.resolve();
    expect(sent.map((m) => m.version)).toEqual([7, 8]);
    b.receive({ type: 'intentResult', id: 2, ok: true });
    expect(await done).toMatchObject({ ok: true });
  });

  it('stops a sequence at the first refusal', async () => {
    const { b, sent } = bridge();
    const done = b.intents([
      { type: 'disconnect', indexes: [0] },
      { type: 'removeComponents', ids: ['a'] },
    ]);
    b.receive({ type: 'intentResult', id: 1, ok: false, error: 'no' });
    expect(await done).toMatchObject({ ok: false });
    expect(sent).toHaveLength(1);
  });
});
