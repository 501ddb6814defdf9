import { describe, expect, it } from 'vitest';
import type { Diagnostic, DiagnosticCode } from '../../../src/core/diagnostics';
import { lintManifests } from '../../../src/core/lint';
import { documentRole, lintSettings, lintTarget, looksLikeManifest, shownDiagnostics } from '../../../src/extension/language/documents';
import { ruleMarkdown } from '../../../src/extension/language/rules';

describe('which YAML files are linted', () => {
  it('knows a design by its name and a manifest by apiVersion + kind in one of its documents', () => {
    expect(documentRole('/w/shop.patterns.yaml', 'yaml', '')).toBe('design');
    expect(documentRole('/w/deploy.yaml', 'yaml', 'apiVersion: apps/v1\nkind: Deployment\n')).toBe('manifest');
    expect(documentRole('/w/all.yaml', 'yaml', 'foo: 1\n---\n# comment\nkind: Service\n"apiVersion": v1\n')).toBe('manifest');
    expect(documentRole('/w/deploy.yml', 'plaintext', 'apiVersion: v1\nkind: Pod\n')).toBe('other');
  });

  it('leaves random YAML alone: CI configs, nested or split keys, empty values', () => {
    expect(looksLikeManifest('name: CI\non: push\njobs: {}\n')).toBe(false);
    expect(looksLikeManifest('spec:\n  apiVersion: v1\n  kind: Pod\n')).toBe(false);
    expect(looksLikeManifest('apiVersion: v1\n---\nkind: Pod\n')).toBe(false);
    expect(looksLikeManifest('apiVersion:\nkind: # later\n')).toBe(false);
    expect(looksLikeManifest('')).toBe(false);
  });
});

describe('settings', () => {
  const d = (code: DiagnosticCode): Diagnostic => ({ code, severity: 'warning', message: code, path: [], range: { start: 0, end: 1 } });

  it('reads hand-edited values tolerantly', () => {
    expect(lintSettings(undefined, undefined)).toEqual({ enable: true, exclude: [] });
    expect(lintSettings(false, ['pc115 ', 3, null])).toEqual({ enable: false, exclude: ['PC115'] });
  });

  it('checks API versions against the setting, else the connected cluster, else the default release', () => {
    const cronJob = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: nightly\n';
    const codeFor = (settings: ReturnType<typeof lintSettings>, cluster?: string) =>
      lintManifests(cronJob, { kubernetesVersion: lintTarget(settings, cluster) }).map((x) => x.code).filter((c) => c === 'PC102' || c === 'PC103');
    expect(codeFor(lintSettings(true, [], '1.24'), 'v1.37.2')).toEqual(['PC103']);
    expect(codeFor(lintSettings(true, [], ''), 'v1.24.17-eks-1234')).toEqual(['PC103']);
    expect(codeFor(lintSettings(true, [], ''), undefined)).toEqual(['PC102']);
    expect(codeFor(lintSettings(true, [], 'one-twenty-four'), 'v1.20.0')).toEqual([]);
    expect(lintSettings(true, [], ' v1.29.3 ').kubernetesVersion).toBe('v1.29.3');
  });

  it('silences excluded codes everywhere, and turns off only manifest lint', () => {
    const all = [d('PC030'), d('PC115'), { ...d('PC112'), range: undefined }];
    expect(shownDiagnostics('design', all, lintSettings(false, ['PC115'])).map((x) => x.code)).toEqual(['PC030']);
    expect(shownDiagnostics('manifest', all, lintSettings(false, []))).toEqual([]);
    expect(shownDiagnostics('manifest', all, lintSettings(true, ['PC030'])).map((x) => x.code)).toEqual(['PC115']);
    expect(shownDiagnostics('other', all, lintSettings(true, []))).toEqual([]);
  });
});

describe('rule pages', () => {
  it('documents design and manifest codes, with how to silence them', () => {
    expect(ruleMarkdown('PC001')).toMatch(/^# PC001 — YAML syntax error\n\nSeverity: \*\*error\*\*/);
    expect(ruleMarkdown('PC001')).not.toContain('annotation');
    expect(ruleMarkdown('PC115')).toContain('`patterncanvas.dev/ignore: PC115`');
    expect(ruleMarkdown('PC999')).toContain('No documentation');
  });
});
