import { describe, expect, it } from 'vitest';
import type { ComponentSpec, Connection, Design } from '../../../src/core/design/model';
import { compositionDiagnostics } from '../../../src/core/validate/composition';
import { validateDesignText } from '../../../src/core/validate/index';

const design = (components: Record<string, ComponentSpec>, connections: Connection[] = []): Design => ({
  apiVersion: 'patterncanvas.dev/v1alpha1',
  kind: 'Design',
  metadata: { name: 'd' },
  components,
  connections,
  layout: {},
});
const web: ComponentSpec = { pattern: 'replicated-service', image: 'web:1', port: 8080, replicas: 2 };
const codes = (d: Design, code: string) => compositionDiagnostics(d).filter((x) => x.code === code);

describe('attachments (PC010, PC011)', () => {
  it('accepts a sidecar on a workload', () => {
    expect(codes(design({ web, s: { pattern: 'sidecar', attachTo: 'web', port: 9000 } }), 'PC011')).toEqual([]);
  });
  it('requires attachTo on single-node patterns', () => {
    expect(codes(design({ web, s: { pattern: 'sidecar' } }), 'PC011')).toMatchObject([{ severity: 'error', path: ['components', 's'] }]);
  });
  it('refuses attachTo on a pattern that runs its own pods, with a fix that removes it', () => {
    const d = codes(design({ web, other: { ...web, attachTo: 'web' } }), 'PC011');
    expect(d).toMatchObject([{ path: ['components', 'other', 'attachTo'], fix: { kind: 'remove' } }]);
  });
  it('refuses attaching to a non-workload or to nothing', () => {
    expect(codes(design({ q: { pattern: 'queue' }, s: { pattern: 'sidecar', attachTo: 'q' } }), 'PC011')).toHaveLength(1);
    expect(codes(design({ s: { pattern: 'sidecar', attachTo: 'ghost' } }), 'PC010')).toMatchObject([{ path: ['components', 's', 'attachTo'] }]);
  });
});

describe('port collisions in a pod (PC013)', () => {
  it('flags a sidecar on the app port and offers the next free port', () => {
    const d = codes(design({ web, s: { pattern: 'sidecar', attachTo: 'web', port: 8080 } }), 'PC013');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', path: ['components', 's', 'port'], fix: { kind: 'set', value: 8081 } });
    expect(d[0]!.message).toContain("pod of 'web'");
  });
  it('is quiet when ports differ, and across different pods', () => {
    expect(codes(design({ web, s: { pattern: 'sidecar', attachTo: 'web', port: 8443 } }), 'PC013')).toEqual([]);
    expect(codes(design({ web, web2: { ...web } }), 'PC013')).toEqual([]);
  });
});

describe('connections (PC012, PC016, PC017)', () => {
  it('flags a self connection and a duplicate', () => {
    expect(codes(design({ web }, [{ from: 'web', to: 'web' }]), 'PC016')).toHaveLength(1);
    const dup = design({ web, b: { ...web } }, [{ from: 'web', to: 'b' }, { from: 'web', to: 'b' }]);
    expect(codes(dup, 'PC016')).toMatchObject([{ path: ['connections', 1] }]);
  });
  it('refuses connecting to an attachment, naming its host', () => {
    const d = codes(design({ web, b: { ...web }, s: { pattern: 'sidecar', attachTo: 'web', port: 9000 } }, [{ from: 'b', to: 's' }]), 'PC012');
    expect(d[0]!.message).toContain("connect to 'web' instead");
  });
  it('accepts a connection to a service', () => {
    const d = compositionDiagnostics(design({ web, b: { ...web } }, [{ from: 'web', to: 'b' }]));
    expect(d.filter((x) => ['PC012', 'PC016', 'PC017'].includes(x.code))).toEqual([]);
  });
});

describe('cycles between functions (PC015)', () => {
  const f: ComponentSpec = { pattern: 'function', image: 'f:1' };
  it('finds a cycle and names it', () => {
    const d = codes(design({ a: f, b: f, c: f }, [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }]), 'PC015');
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toContain('a → b → c → a');
  });
  it('accepts a chain', () => {
    expect(codes(design({ a: f, b: f, c: f }, [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }]), 'PC015')).toEqual([]);
  });
});

describe('validateDesignText', () => {
  it('gives composition diagnostics a range in the text', () => {
    const text = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: d
components:
  web:
    pattern: replicated-service
    image: web:1
    port: 8080
  tls:
    pattern: sidecar
    attachTo: web
    port: 8080
`;
    const d = validateDesignText(text).diagnostics.find((x) => x.code === 'PC013')!;
    expect(text.slice(d.range!.start, d.range!.end)).toBe('8080');
    expect(d.range!.start).toBeGreaterThan(text.indexOf('tls:'));
  });
});

describe('messages read as English', () => {
  it('give a pattern its article and name the host of a pod plainly', () => {
    const inPod = codes(design({ web, b: { ...web }, s: { pattern: 'ambassador', attachTo: 'web', port: 9000 } }, [{ from: 'b', to: 's' }]), 'PC012');
    expect(inPod[0]!.message).toBe("'s' is an ambassador inside the pod of 'web'; connect to 'web' instead.");
    const attached = codes(design({ web, q: { pattern: 'queue' }, a: { pattern: 'adapter', attachTo: 'q' } }), 'PC011');
    expect(attached[0]!.message).toMatch(/^'a' attaches to 'q', a queue, which/);
  });
});
