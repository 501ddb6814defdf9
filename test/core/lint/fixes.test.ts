import { describe, expect, it } from 'vitest';
import { applyEdits, lintFixes, lintManifests, PLACEHOLDER_TAG } from '../../../src/core/lint';
import { RULE_CASES } from './cases';
import { applyFix, edit, findings, only, SHARDED, WEB } from './helpers';

const caseText = (code: string): string => {
  const c = RULE_CASES.find((x) => x.code === code);
  if (!c) throw new Error(code);
  return c.text;
};

describe('add a readiness probe (PC112)', () => {
  it('appends a TCP probe on the first container port, at the container keys indentation', () => {
    const text = caseText('PC112');
    const fixed = applyFix(text, only(text, 'PC112'), /readiness probe/);
    expect(fixed).toBe(
      edit(
        text,
        '            readOnlyRootFilesystem: true\n---',
        '            readOnlyRootFilesystem: true\n          readinessProbe:\n            tcpSocket:\n              port: http\n            periodSeconds: 10\n---',
      ),
    );
    expect(findings(fixed, 'PC112')).toEqual([]);
  });

  it('keeps a trailing comment on the last line of the container', () => {
    const text = edit(caseText('PC112'), 'readOnlyRootFilesystem: true\n---', 'readOnlyRootFilesystem: true # hardened\n---');
    const fixed = applyFix(text, only(text, 'PC112'), /readiness probe/);
    expect(fixed).toContain('readOnlyRootFilesystem: true # hardened\n          readinessProbe:\n            tcpSocket:\n              port: http\n');
  });

  it('uses the port number when the port has no name', () => {
    const text = edit(caseText('PC112'), '            - name: http\n              containerPort: 8080', '            - containerPort: 8080').replace(/targetPort: http/, 'targetPort: 8080');
    const fixed = applyFix(text, only(text, 'PC112'), /TCP on port 8080/);
    expect(fixed).toContain('            tcpSocket:\n              port: 8080\n');
    expect(findings(fixed, 'PC112')).toEqual([]);
  });
});

describe('pin the image tag (PC115)', () => {
  it('replaces latest with the placeholder, which PC115 keeps pointing at until a version replaces it', () => {
    const text = caseText('PC115');
    const fixed = applyFix(text, only(text, 'PC115'), /type the version/);
    expect(fixed).toBe(edit(text, 'web:latest', `web:${PLACEHOLDER_TAG}`));
    expect(only(fixed, 'PC115').message).toMatch(/placeholder/);
    expect(findings(edit(fixed, PLACEHOLDER_TAG, '1.5'), 'PC115')).toEqual([]);
  });

  it('carries a snippet whose placeholder an editor selects for the version to be typed over; left as it is, PC115 still flags it', () => {
    const text = caseText('PC115');
    const fix = lintFixes(text, only(text, 'PC115')).find((f) => /type the version/.test(f.title))!;
    expect(fix.title).toBe('Pin image tag of ghcr.io/acme/web (type the version)');
    expect(fix.edits).toHaveLength(1);
    expect(fix.edits[0]!.snippet).toBe('${1:version}');
    expect(text.slice(fix.edits[0]!.start, fix.edits[0]!.end)).toBe('latest');
    const untyped = edit(text, 'web:latest', 'web:version');
    expect(only(untyped, 'PC115').message).toMatch(/placeholder tag; replace version with the version to run/);
    // No tag at all: the snippet brings its colon.
    const bare = edit(WEB, 'image: ghcr.io/acme/web:1.4', 'image: ghcr.io/acme/web');
    expect(lintFixes(bare, only(bare, 'PC115')).find((f) => /type the version/.test(f.title))!.edits[0]!.snippet).toBe(':${1:version}');
  });

  it('adds a tag inside quotes when the image has none', () => {
    const text = edit(WEB, 'image: ghcr.io/acme/web:1.4', 'image: "ghcr.io/acme/web"');
    const fixed = applyFix(text, only(text, 'PC115'), /type the version/);
    expect(fixed).toBe(edit(text, '"ghcr.io/acme/web"', `"ghcr.io/acme/web:${PLACEHOLDER_TAG}"`));
  });

  it('keeps a registry port apart from the tag', () => {
    const text = edit(WEB, 'image: ghcr.io/acme/web:1.4', 'image: registry.local:5000/web');
    const fixed = applyFix(text, only(text, 'PC115'), /type the version/);
    expect(fixed).toContain(`image: registry.local:5000/web:${PLACEHOLDER_TAG}\n`);
  });

  it('offers the tag the same repository has elsewhere in the file first', () => {
    const text = `${WEB}---\n${edit(WEB.replace(/name: web/g, 'name: web2'), 'web:1.4', 'web')}`;
    const d = only(text, 'PC115');
    const titles = lintFixes(text, d).map((f) => f.title);
    expect(titles[0]).toBe('Pin image to ghcr.io/acme/web:1.4 (used elsewhere in this file)');
    const fixed = applyFix(text, d, /used elsewhere/);
    expect(fixed).toBe(`${WEB}---\n${WEB.replace(/name: web/g, 'name: web2')}`);
    expect(findings(fixed, 'PC115')).toEqual([]);
  });
});

describe('set a securityContext field (PC116, PC118, PC120)', () => {
  it.each([
    ['PC116', 'readOnlyRootFilesystem: true', 'runAsNonRoot: true'],
    ['PC118', 'readOnlyRootFilesystem: true', 'allowPrivilegeEscalation: false'],
    ['PC120', 'allowPrivilegeEscalation: false', 'readOnlyRootFilesystem: true'],
  ])('%s adds a line after `%s`: `%s`', (code, last, line) => {
    const text = caseText(code);
    const fixed = applyFix(text, only(text, code), /securityContext/);
    expect(fixed).toBe(edit(text, `            ${last}\n---`, `            ${last}\n            ${line}\n---`));
    expect(findings(fixed, code)).toEqual([]);
  });

  it('creates the securityContext block when the container has none', () => {
    const text = edit(WEB, '          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n', '');
    const fixed = applyFix(text, only(text, 'PC118'), /allowPrivilegeEscalation/);
    expect(fixed).toBe(edit(text, '              memory: 256Mi\n---', '              memory: 256Mi\n          securityContext:\n            allowPrivilegeEscalation: false\n---'));
  });

  it('adds to a flow-style securityContext', () => {
    const text = edit(WEB, '          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n', '          securityContext: { readOnlyRootFilesystem: true }\n');
    const fixed = applyFix(text, only(text, 'PC118'), /allowPrivilegeEscalation/);
    expect(fixed).toContain('securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false }\n');
    expect(findings(fixed, 'PC118')).toEqual([]);
  });

  it('flips an explicit false', () => {
    const text = edit(WEB, '            allowPrivilegeEscalation: false\n', '            runAsNonRoot: false  # legacy image\n            allowPrivilegeEscalation: false\n');
    const d = only(text, 'PC116');
    expect(text.slice(d.range?.start, d.range?.end)).toBe('false');
    expect(applyFix(text, d, /runAsNonRoot/)).toBe(edit(text, 'runAsNonRoot: false  # legacy', 'runAsNonRoot: true  # legacy'));
  });
});

describe('move a colliding port (PC130)', () => {
  it('moves the second container to the next free port', () => {
    const text = caseText('PC130');
    const d = only(text, 'PC130');
    const fixed = applyFix(text, d, /Move port to 8081/);
    expect(fixed).toBe(edit(text, '            - containerPort: 8080\n', '            - containerPort: 8081\n'));
    expect(findings(fixed, 'PC130')).toEqual([]);
  });
});

describe('bind the ambassador to 127.0.0.1 (PC131)', () => {
  it('rewrites a twemproxy listen address', () => {
    const text = caseText('PC131');
    expect(applyFix(text, only(text, 'PC131'), /127\.0\.0\.1/)).toBe(SHARDED);
  });

  it('rewrites an nginx listen with a bare port', () => {
    const text = edit(
      SHARDED,
      `  nutcracker.yaml: |
    redis:
      listen: 127.0.0.1:6379`,
      `  nginx.conf: |
    events {}
    stream { server { listen 6379; proxy_pass redis-0.redis:6379; } }
  nutcracker.yaml: |
    redis:
      listen: 127.0.0.1:6379`,
    );
    const d = only(text, 'PC131');
    expect(text.slice(d.range?.start, d.range?.end)).toBe('6379');
    const fixed = applyFix(text, d, /127\.0\.0\.1/);
    expect(fixed).toBe(edit(text, 'listen 6379;', 'listen 127.0.0.1:6379;'));
    expect(findings(fixed, 'PC131')).toEqual([]);
  });

  it('rewrites a --listen flag', () => {
    const text = edit(SHARDED, 'command: ["nutcracker", "-c", "/etc/twemproxy/nutcracker.yaml"]', 'args: ["--listen=0.0.0.0:6379"]');
    const d = only(text, 'PC131');
    expect(text.slice(d.range?.start, d.range?.end)).toBe('0.0.0.0:6379');
    expect(applyFix(text, d, /127\.0\.0\.1/)).toBe(edit(text, '--listen=0.0.0.0:6379', '--listen=127.0.0.1:6379'));
  });
});

describe('add the missing headless Service (PC132)', () => {
  it('appends a Service document selecting the pods, with their ports', () => {
    const text = caseText('PC132');
    const fixed = applyFix(text, only(text, 'PC132'), /headless Service/);
    expect(fixed).toBe(
      `${text}---
apiVersion: v1
kind: Service
metadata:
  name: redis
spec:
  clusterIP: None
  selector:
    app: redis
  ports:
    - name: redis
      port: 6379
      targetPort: redis
`,
    );
    expect(findings(fixed, 'PC132')).toEqual([]);
    expect(lintManifests(fixed)).toEqual([]);
  });

  it('starts a new line when the file does not end with one, and keeps the namespace', () => {
    const text = `${caseText('PC132').trimEnd().replace('  name: redis\nspec:\n  serviceName', '  name: redis\n  namespace: cache\nspec:\n  serviceName')}`;
    const fixed = applyFix(text, only(text, 'PC132'), /headless Service/);
    expect(fixed.slice(text.length)).toMatch(/^\n---\napiVersion: v1\nkind: Service\nmetadata:\n {2}name: redis\n {2}namespace: cache\n/);
  });

  it('offers nothing when the Service exists but is not headless (clusterIP cannot change in place)', () => {
    const text = edit(SHARDED, '  clusterIP: None\n', '');
    expect(lintFixes(text, only(text, 'PC132')).map((f) => f.title)).toEqual([expect.stringMatching(/^Ignore PC132/)]);
  });
});

describe('add the opt-out annotation (every rule)', () => {
  it.each(RULE_CASES.filter((c) => c.code !== 'PC100'))('$code: silences exactly that finding and changes nothing else', (c) => {
    const d = only(c.text, c.code);
    const fix = lintFixes(c.text, d).find((f) => f.title.startsWith(`Ignore ${c.code}`));
    expect(fix?.edits).toHaveLength(1);
    const e = fix?.edits[0] ?? { start: 0, end: 0, newText: '' };
    const fixed = applyEdits(c.text, [e]);
    expect(fixed.slice(0, e.start)).toBe(c.text.slice(0, e.start));
    expect(fixed.slice(e.start + e.newText.length)).toBe(c.text.slice(e.end));
    expect(findings(fixed, c.code)).toEqual([]);
    expect(findings(fixed, 'PC100')).toEqual([]);
    expect(lintManifests(fixed).length).toBe(lintManifests(c.text).length - 1);
  });

  it('inserts an annotations map into metadata', () => {
    const text = caseText('PC115');
    const fixed = applyFix(text, only(text, 'PC115'), /^Ignore/);
    expect(fixed).toBe(edit(text, '  name: web\n  labels:\n    app: web\nspec:\n  replicas', '  name: web\n  labels:\n    app: web\n  annotations:\n    patterncanvas.dev/ignore: PC115\nspec:\n  replicas'));
  });

  it('adds the code to an existing ignore list', () => {
    const text = edit(caseText('PC115'), '  name: web\n  labels:', '  name: web\n  annotations:\n    patterncanvas.dev/ignore: "PC113"  # no liveness on purpose\n  labels:');
    const fixed = applyFix(text, only(text, 'PC115'), /^Ignore/);
    expect(fixed).toBe(edit(text, '"PC113"  # no', 'PC113,PC115  # no'));
  });

  it('adds a line to existing annotations', () => {
    const text = edit(caseText('PC115'), '  name: web\n  labels:', '  name: web\n  annotations:\n    owner: team-a\n  labels:');
    expect(applyFix(text, only(text, 'PC115'), /^Ignore/)).toBe(edit(text, '    owner: team-a\n', '    owner: team-a\n    patterncanvas.dev/ignore: PC115\n'));
  });
});

describe('lintFixes', () => {
  it('offers nothing for syntax errors or a stale diagnostic', () => {
    const text = caseText('PC100');
    expect(lintFixes(text, only(text, 'PC100'))).toEqual([]);
    expect(lintFixes('', { code: 'PC115', severity: 'warning', message: '', path: [], range: { start: 5, end: 9 } })).toEqual([]);
  });
});

describe('add requests and a memory limit (PC110, PC111)', () => {
  const RESOURCES = '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n';

  it('adds the whole block, sized from a replicated service, to a container that has none; both findings go', () => {
    const text = edit(WEB, RESOURCES, '');
    const fixed = applyFix(text, findings(text, 'PC110')[0]!, /^Add requests/);
    const block = '          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 128Mi\n';
    expect(fixed).toContain(block);
    // Only that block was inserted, at the container's key indentation.
    expect(fixed.replace(block, '')).toBe(text);
    expect(findings(fixed, 'PC110')).toEqual([]);
    expect(findings(fixed, 'PC111')).toEqual([]);
  });

  it('sizes them from the pattern the workload was generated from (its component label)', () => {
    const text = edit(edit(WEB, RESOURCES, ''), '      labels:\n        app: web\n', '      labels:\n        app: web\n        app.kubernetes.io/component: sharded-service\n');
    const fix = lintFixes(text, findings(text, 'PC111')[0]!)[0]!;
    expect(fix.title).toBe('Add requests (cpu 100m, memory 256Mi) and a memory limit (256Mi): the defaults of a sharded service');
  });

  it('adds only the missing memory limit next to the requests, keeping them', () => {
    const text = edit(WEB, '            limits:\n              memory: 256Mi\n', '');
    const fixed = applyFix(text, only(text, 'PC111'), /memory limit/);
    expect(fixed).toBe(edit(text, '              memory: 128Mi\n', '              memory: 128Mi\n            limits:\n              memory: 128Mi\n'));
    expect(lintManifests(fixed).length).toBe(lintManifests(text).length - 1);
  });

  it('adds only the missing cpu request into the existing requests', () => {
    const text = edit(WEB, '              cpu: 100m\n', '');
    const fixed = applyFix(text, only(text, 'PC110'), /^Add requests \(cpu 100m\)/);
    expect(fixed).toBe(edit(text, '              memory: 128Mi\n            limits:', '              memory: 128Mi\n              cpu: 100m\n            limits:'));
    expect(findings(fixed, 'PC110')).toEqual([]);
  });

  it('fills a nested map and its parent that end on the same line in one edit, deeper first', () => {
    const text = edit(WEB, '              cpu: 100m\n', '').replace('            limits:\n              memory: 256Mi\n', '');
    const fixed = applyFix(text, findings(text, 'PC110')[0]!, /^Add requests/);
    expect(fixed).toContain('            requests:\n              memory: 128Mi\n              cpu: 100m\n            limits:\n              memory: 128Mi\n          securityContext:');
    expect(findings(fixed, 'PC110')).toEqual([]);
    expect(findings(fixed, 'PC111')).toEqual([]);
  });
});
