import { describe, expect, it } from 'vitest';
import { isError, parseWebviewMessage } from '../src/protocol';

describe('deploy and details messages from the webview', () => {
  it('accepts deploy and showDetails in their exact shape', () => {
    expect(parseWebviewMessage({ type: 'deploy' })).toEqual({ type: 'deploy' });
    expect(parseWebviewMessage({ type: 'showDetails', id: 'web' })).toEqual({ type: 'showDetails', id: 'web' });
  });

  it('refuses a deploy that tries to name a context, a kubeconfig or anything else', () => {
    for (const extra of [{ context: 'prod' }, { kubeconfig: '/etc/kube' }, { namespace: 'x' }]) {
      const r = parseWebviewMessage({ type: 'deploy', ...extra });
      expect(isError(r)).toBe(true);
      expect((r as { error: string }).error).toContain('unexpected field');
    }
  });

  it('refuses showDetails without a usable id', () => {
    for (const m of [{ type: 'showDetails' }, { type: 'showDetails', id: '' }, { type: 'showDetails', id: 3 }, { type: 'showDetails', id: 'x'.repeat(300) }]) {
      expect(isError(parseWebviewMessage(m))).toBe(true);
    }
  });
});

describe('the live status toggle from the webview', () => {
  it('accepts show and hide, nothing more', () => {
    expect(parseWebviewMessage({ type: 'liveStatus', show: true })).toEqual({ type: 'liveStatus', show: true });
    expect(parseWebviewMessage({ type: 'liveStatus', show: false })).toEqual({ type: 'liveStatus', show: false });
  });
  it('refuses a toggle without a boolean or with a context of its own', () => {
    for (const m of [{ type: 'liveStatus' }, { type: 'liveStatus', show: 'yes' }, { type: 'liveStatus', show: true, context: 'prod' }]) {
      expect(isError(parseWebviewMessage(m))).toBe(true);
    }
  });
});
