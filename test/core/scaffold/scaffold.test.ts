/** The pure scaffold core: which kinds a component gets, and that rendering fills every placeholder. */
import { describe, expect, it } from 'vitest';
import { SCAFFOLD_TEMPLATES } from '../../../src/cli/scaffold-templates';
import { parseDesign } from '../../../src/core/design/parse';
import {
  componentAtOffset,
  fillPlaceholders,
  LANGUAGES,
  parseLanguage,
  renderComponentScaffold,
  renderScaffold,
  SCAFFOLD_KINDS,
  ScaffoldError,
  scaffoldKindsFor,
  starterCodeComponents,
} from '../../../src/core/scaffold/index';
import { SAMPLES } from '../../support/scaffold-samples';

const kinds = (pattern: string, params: Record<string, unknown> = {}) => scaffoldKindsFor({ id: 'c', pattern, params });
const render = (kind: (typeof SCAFFOLD_KINDS)[number], language: (typeof LANGUAGES)[number] = 'go') =>
  renderScaffold(kind, language, SAMPLES[kind], SCAFFOLD_TEMPLATES);
const allText = (files: Record<string, string>) => Object.values(files).join('\n');

describe('scaffoldKindsFor: the containers of a pattern that the user writes', () => {
  it('a work queue gets a worker and the source it reads', () => {
    expect(kinds('work-queue', { mode: 'job-per-item', source: 'container' })).toEqual(['work-queue-worker', 'work-queue-source']);
  });
  it('a work queue fed by a queue gets only the worker; a worker pool follows the stage contract and gets none', () => {
    expect(kinds('work-queue', { mode: 'job-per-item', source: 'queue' })).toEqual(['work-queue-worker']);
    expect(kinds('work-queue', { mode: 'worker-pool' })).toEqual([]);
  });
  it('an ownership election gets a leader-elected worker; a scatter/gather gets a root and a leaf', () => {
    expect(kinds('ownership-election')).toEqual(['leader-elected-worker']);
    expect(kinds('scatter-gather')).toEqual(['scatter-gather-root', 'scatter-gather-leaf']);
  });
  it('every batch operator gets the batch-operator project', () => {
    for (const op of ['copier', 'filter', 'splitter', 'sharder', 'merger', 'join', 'reduce']) expect(kinds(op)).toEqual(['batch-operator']);
  });
  it('an adapter gets the metrics or health project by its kind; a logging adapter is configuration', () => {
    expect(kinds('adapter', { kind: 'metrics' })).toEqual(['adapter-metrics']);
    expect(kinds('adapter', { kind: 'health' })).toEqual(['adapter-health']);
    expect(kinds('adapter', { kind: 'logging' })).toEqual([]);
  });
  it('off-the-shelf containers get nothing', () => {
    for (const p of ['sidecar', 'ambassador', 'replicated-service', 'sharded-service', 'queue']) expect(kinds(p)).toEqual([]);
  });
});

describe('renderScaffold', () => {
  it.each(LANGUAGES.flatMap((l) => SCAFFOLD_KINDS.map((k) => [l, k] as const)))('%s %s: fills every placeholder and has a Dockerfile', (language, kind) => {
    const p = render(kind, language);
    expect(allText(p.files)).not.toMatch(/\{\{[A-Za-z][A-Za-z0-9]*\}\}/);
    expect(p.files[p.main]).toBeDefined();
    expect(p.files['README.md']).toContain(p.main);
    const dockerfile = p.files.Dockerfile!;
    expect(dockerfile.match(/^FROM /gm)?.length).toBe(2);
    expect(dockerfile).toMatch(/^USER (nonroot:nonroot|node|10001:10001)$/m);
    for (const image of dockerfile.match(/^FROM \S+/gm)!) expect(image).toMatch(/^FROM (golang:1\.23-alpine|golang:1\.26-alpine|gcr\.io\/distroless\/static-debian12:nonroot|python:3\.12-slim|node:20-slim)$/);
  });

  it('the worker reads the file named by WORK_ITEM_FILE', () => {
    for (const language of LANGUAGES) expect(allText(render('work-queue-worker', language).files)).toContain('WORK_ITEM_FILE');
  });

  it('the source serves /api/v1/items on the design\'s source port', () => {
    const go = render('work-queue-source');
    expect(go.files['items.go']).toContain('"GET /api/v1/items/{name}"');
    expect(go.files['main.go']).toContain('getenv("PORT", "8080")');
    expect(render('work-queue-source', 'python').files['items.py']).toContain('PREFIX = "/api/v1/items"');
  });

  it('the module, package and image are named after the component', () => {
    expect(render('function').files['go.mod']).toMatch(/^module order-defaults\n/);
    expect(JSON.parse(render('function', 'typescript').files['package.json']!).name).toBe('order-defaults');
    expect(render('function', 'python').files.Dockerfile).toContain('org.opencontainers.image.title="order-defaults"');
  });

  it('the design\'s parameters become the defaults of the environment', () => {
    expect(render('function').files['main.go']).toContain('getenv("TRIGGER_PATH", "/orders")');
    expect(render('adapter-metrics', 'python').files['main.py']).toContain('"127.0.0.1:6379"');
    expect(render('adapter-metrics', 'python').files['main.py']).toContain('"cache"'); // metric prefix: the app it adapts
    expect(render('scatter-gather-root', 'typescript').files['src/main.ts']).toContain("process.env.LEAF_TIMEOUT_MS || '200'");
    expect(render('scatter-gather-leaf').files['main.go']).toContain('getenv("PORT", "8081")'); // the leaf port
    expect(render('scatter-gather-leaf').files['main.go']).toContain('millis("ANSWER_DEADLINE_MS", "160")'); // 80% of 200 ms
    expect(render('batch-operator').files['main.go']).toContain('getenv("OPERATOR", "sharder")');
  });

  it('the election reads the Lease environment of the generated Deployment', () => {
    const text = allText(render('leader-elected-worker').files);
    for (const name of ['LEASE_NAME', 'LEASE_NAMESPACE', 'LEASE_DURATION_SECONDS', 'RENEW_DEADLINE_SECONDS', 'RETRY_PERIOD_SECONDS', 'POD_NAME']) expect(text).toContain(name);
    expect(text).toContain('"scheduler-leader"'); // an empty leaseName is <id>-leader
    expect(text).toContain('/var/run/secrets/kubernetes.io/serviceaccount');
  });

  it('a parameter that could break out of a string literal falls back to the default', () => {
    const evil = { id: 'fn', pattern: 'function', params: { path: '/x"); os.Exit(1); ("', port: 99999 } };
    const main = renderScaffold('function', 'go', evil, SCAFFOLD_TEMPLATES).files['main.go']!;
    expect(main).toContain('getenv("TRIGGER_PATH", "/")');
    expect(main).toContain('getenv("PORT", "8080")');
  });

  it('refuses a component id that cannot name a project, an unknown placeholder, and missing templates', () => {
    expect(() => renderScaffold('function', 'go', { id: 'Not_A_Label', pattern: 'function', params: {} }, SCAFFOLD_TEMPLATES)).toThrow(ScaffoldError);
    expect(() => fillPlaceholders('{{nope}}', {}, 'x')).toThrow(/unknown placeholder \{\{nope\}\}/);
    expect(() => renderScaffold('function', 'go', SAMPLES.function, {})).toThrow(/no Go templates for function/);
  });

  it('leaves Go composite literals alone', () => {
    expect(fillPlaceholders('[]Emit{{topic, item}}', {}, 'x')).toBe('[]Emit{{topic, item}}');
  });
});

describe('renderComponentScaffold', () => {
  it('puts each project of a component in its own folder and opens the first', () => {
    const set = renderComponentScaffold(SAMPLES['work-queue-worker'], 'python', SCAFFOLD_TEMPLATES);
    expect(set.main).toBe('worker/worker.py');
    expect(Object.keys(set.files)).toContain('source/items.py');
    expect(Object.keys(set.files)).toContain('source/Dockerfile');
  });
  it('a single project goes straight into the folder', () => {
    expect(renderComponentScaffold(SAMPLES['leader-elected-worker'], 'typescript', SCAFFOLD_TEMPLATES).main).toBe('src/main.ts');
  });
  it('says why a component has no starter code', () => {
    expect(() => renderComponentScaffold({ id: 'web', pattern: 'replicated-service', params: {} }, 'go', SCAFFOLD_TEMPLATES)).toThrow(/off-the-shelf/);
  });
});

describe('languages', () => {
  it('accepts the short names of the command line', () => {
    expect([parseLanguage('ts'), parseLanguage('py'), parseLanguage('go'), parseLanguage('Python'), parseLanguage('rust')]).toEqual(['typescript', 'python', 'go', 'python', undefined]);
  });
});

const DESIGN = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: photos
components:
  web:
    pattern: replicated-service
    image: nginx:1.27
  thumbs:
    pattern: work-queue
    workerImage: ghcr.io/acme/thumbs:1
    sourceImage: ghcr.io/acme/source:1
  owner:
    pattern: ownership-election
    image: ghcr.io/acme/owner:1
`;

describe('targets in a design', () => {
  const parsed = parseDesign(DESIGN);
  it('lists the components with starter code, defaults applied', () => {
    const targets = starterCodeComponents(parsed.design!);
    expect(targets.map((c) => c.id)).toEqual(['thumbs', 'owner']);
    expect(targets[0]!.params.sourcePort).toBe(8080);
  });
  it('finds the component under the cursor', () => {
    expect(componentAtOffset(parsed.doc!, DESIGN.indexOf('sourceImage'))).toBe('thumbs');
    expect(componentAtOffset(parsed.doc!, DESIGN.indexOf('owner:') + 2)).toBe('owner');
    expect(componentAtOffset(parsed.doc!, DESIGN.indexOf('metadata'))).toBeUndefined();
  });
});
