/** Every pattern id the design format knows, in catalogue order. */
export const PATTERN_IDS = [
  'sidecar',
  'ambassador',
  'adapter',
  'replicated-service',
  'sharded-service',
  'scatter-gather',
  'function',
  'ownership-election',
  'work-queue',
  'copier',
  'filter',
  'splitter',
  'sharder',
  'merger',
  'join',
  'reduce',
  'queue',
  'manifest',
] as const;

export type PatternId = (typeof PATTERN_IDS)[number];

export const isPatternId = (s: unknown): s is PatternId => typeof s === 'string' && (PATTERN_IDS as readonly string[]).includes(s);
