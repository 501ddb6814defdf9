/**
 * The values of the template placeholders for one component. Values land inside string literals of Go, Python
 * and TypeScript, JSON and Dockerfiles, so each is checked against a narrow shape and falls back to the
 * pattern's default when it does not fit (the design validator reports the bad parameter itself).
 */
import { isBatchOperator, KIND_INFO, LANGUAGE_INFO, type Language, type ScaffoldComponent, type ScaffoldKind } from './kinds';

export class ScaffoldError extends Error {}

/** Letters, digits and the punctuation of paths, hosts and names: nothing that can end a string literal. */
const SAFE_TEXT = /^[A-Za-z0-9._:/-]*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function int(params: Readonly<Record<string, unknown>>, name: string, fallback: number, min = 1, max = 1_000_000): string {
  const v = params[name];
  return String(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback);
}

function text(params: Readonly<Record<string, unknown>>, name: string, fallback: string): string {
  const v = params[name];
  return typeof v === 'string' && v !== '' && SAFE_TEXT.test(v) ? v : fallback;
}

/** A Prometheus metric name prefix from a component id: `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
const metricPrefix = (id: string): string => id.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');

export function placeholderValues(kind: ScaffoldKind, language: Language, c: ScaffoldComponent): Record<string, string> {
  if (!DNS_LABEL.test(c.id) || c.id.length > 63) throw new ScaffoldError(`'${c.id}' is not a DNS-1123 label, so it cannot name a project or an image.`);
  const p = c.params;
  const lang = LANGUAGE_INFO[language];
  const leafTimeoutMs = int(p, 'leafTimeoutMs', 200);
  const ports: Partial<Record<ScaffoldKind, string>> = {
    'work-queue-source': int(p, 'sourcePort', 8080, 1, 65535),
    'adapter-metrics': int(p, 'port', 9121, 1, 65535),
    'adapter-health': int(p, 'port', 8081, 1, 65535),
    'scatter-gather-leaf': int(p, 'leafPort', 8080, 1, 65535),
  };
  return {
    componentId: c.id,
    kind,
    kindTitle: KIND_INFO[kind].title,
    languageTitle: lang.title,
    testCommand: lang.test,
    runCommand: lang.run,
    mainFile: lang.mainFile(KIND_INFO[kind].main),
    port: ports[kind] ?? int(p, 'port', 8080, 1, 65535),
    // adapter
    appHost: text(p, 'appAddress', '127.0.0.1'),
    appPort: int(p, 'appPort', 6379, 1, 65535),
    metricsPath: text(p, 'metricsPath', '/metrics'),
    healthPath: text(p, 'healthPath', '/healthz'),
    metricPrefix: metricPrefix(c.attachTo ?? c.id),
    // function
    triggerPath: text(p, 'path', '/'),
    timeoutSeconds: int(p, 'timeoutSeconds', 30),
    // batch operators
    operator: isBatchOperator(c.pattern) ? c.pattern : 'copier',
    // scatter/gather: a leaf gives up a little before the root stops waiting, so a slow answer is a fast 503.
    leafTimeoutMs,
    leafDeadlineMs: String(Math.max(1, Math.floor(Number(leafTimeoutMs) * 0.8))),
    rootTimeoutMs: int(p, 'rootTimeoutMs', 1000),
    merge: ['union', 'intersect', 'concat', 'sum'].includes(p.merge as string) ? (p.merge as string) : 'union',
    // ownership election
    leaseName: typeof p.leaseName === 'string' && DNS_LABEL.test(p.leaseName) ? p.leaseName : `${c.id}-leader`,
    leaseDurationSeconds: int(p, 'leaseDurationSeconds', 15),
    renewDeadlineSeconds: int(p, 'renewDeadlineSeconds', 10),
    retryPeriodSeconds: int(p, 'retryPeriodSeconds', 2),
  };
}
