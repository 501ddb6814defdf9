/** Which starter code a component gets: the scaffold kinds, the languages, and the pattern → kinds mapping. */
import { OPERATORS } from '../patterns/support/batch-stage';

export const SCAFFOLD_KINDS = [
  'work-queue-worker',
  'work-queue-source',
  'function',
  'adapter-metrics',
  'adapter-health',
  'batch-operator',
  'scatter-gather-root',
  'scatter-gather-leaf',
  'leader-elected-worker',
] as const;
export type ScaffoldKind = (typeof SCAFFOLD_KINDS)[number];

export const LANGUAGES = ['typescript', 'python', 'go'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The batch operators share one project; OPERATOR picks the operator's logic. */
export const isBatchOperator = (pattern: string): boolean => (OPERATORS as readonly string[]).includes(pattern);

/** A component as the scaffolds see it: a ResolvedComponent (parameters with defaults applied) fits. */
export interface ScaffoldComponent {
  id: string;
  pattern: string;
  attachTo?: string;
  params: Readonly<Record<string, unknown>>;
}

export interface KindInfo {
  title: string;
  /** Sub-folder of this kind's project when one component gets several projects (a root and a leaf). */
  folder: string;
  /** The file a person edits first, without folder or extension. */
  main: string;
}

export const KIND_INFO: Record<ScaffoldKind, KindInfo> = {
  'work-queue-worker': { title: 'Work-queue worker (reads WORK_ITEM_FILE)', folder: 'worker', main: 'worker' },
  'work-queue-source': { title: 'Work-queue source (GET /api/v1/items)', folder: 'source', main: 'items' },
  function: { title: 'Function handler (HTTP on PORT)', folder: 'function', main: 'handler' },
  'adapter-metrics': { title: 'Metrics adapter (Prometheus /metrics)', folder: 'metrics', main: 'metrics' },
  'adapter-health': { title: 'Health adapter (200/500 on /healthz)', folder: 'health', main: 'health' },
  'batch-operator': { title: 'Batch operator (INPUT_TOPICS → OUTPUT_TOPICS)', folder: 'operator', main: 'operators' },
  'scatter-gather-root': { title: 'Scatter/gather root (fans out to LEAVES)', folder: 'root', main: 'gather' },
  'scatter-gather-leaf': { title: 'Scatter/gather leaf', folder: 'leaf', main: 'leaf' },
  'leader-elected-worker': { title: 'Leader-elected worker (coordination.k8s.io Lease)', folder: 'worker', main: 'main' },
};

export interface LanguageInfo {
  title: string;
  /** Short names accepted on the command line. */
  aliases: readonly string[];
  /** Path of a kind's main file inside its project. */
  mainFile(base: string): string;
  test: string;
  run: string;
}

export const LANGUAGE_INFO: Record<Language, LanguageInfo> = {
  typescript: {
    title: 'TypeScript',
    aliases: ['ts', 'typescript', 'node'],
    mainFile: (base) => `src/${base}.ts`,
    test: 'npm install && npx tsc -p . && node --test dist/',
    run: 'node dist/main.js',
  },
  python: {
    title: 'Python',
    aliases: ['py', 'python', 'python3'],
    mainFile: (base) => `${base}.py`,
    test: 'python3 -m unittest discover',
    run: 'python3 main.py',
  },
  go: {
    title: 'Go',
    aliases: ['go', 'golang'],
    mainFile: (base) => `${base}.go`,
    test: 'go vet ./... && go test ./...',
    run: 'go run .',
  },
};

/** The language a person named (`ts`, `py`, `go`, or a full name); undefined when it is none of them. */
export function parseLanguage(name: string): Language | undefined {
  const n = name.trim().toLowerCase();
  return LANGUAGES.find((l) => LANGUAGE_INFO[l].aliases.includes(n));
}

/**
 * The starter code a component gets: the containers of its pattern that the user writes. Off-the-shelf
 * containers (nginx sidecars, twemproxy ambassadors, brokers, fluentd) get none.
 */
export function scaffoldKindsFor(c: ScaffoldComponent): ScaffoldKind[] {
  const p = c.params;
  switch (c.pattern) {
    case 'work-queue':
      // A worker pool reads topics, not WORK_ITEM_FILE: its container follows the stage contract instead.
      if (p.mode === 'worker-pool') return [];
      return p.source === 'queue' ? ['work-queue-worker'] : ['work-queue-worker', 'work-queue-source'];
    case 'function':
      return ['function'];
    case 'adapter':
      // A logging adapter is fluentd configuration, not code.
      if (p.kind === 'logging') return [];
      return p.kind === 'health' ? ['adapter-health'] : ['adapter-metrics'];
    case 'scatter-gather':
      return ['scatter-gather-root', 'scatter-gather-leaf'];
    case 'ownership-election':
      return ['leader-elected-worker'];
    default:
      return isBatchOperator(c.pattern) ? ['batch-operator'] : [];
  }
}

export const hasStarterCode = (c: ScaffoldComponent): boolean => scaffoldKindsFor(c).length > 0;
