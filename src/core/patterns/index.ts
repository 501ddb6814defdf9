/** The catalogue: every pattern of the book, one file each. Adding a pattern is a file and a line here. */
import { PATTERN_IDS, type PatternId } from './support/ids';
import type { ParamsOf, PatternDef } from './support/types';
import { sidecar } from './sidecar';
import { ambassador } from './ambassador';
import { adapter } from './adapter';
import { replicatedService } from './replicated-service';
import { shardedService } from './sharded-service';
import { scatterGather } from './scatter-gather';
import { fn } from './function';
import { ownershipElection } from './ownership-election';
import { workQueue } from './work-queue';
import { copier } from './copier';
import { filter } from './filter';
import { splitter } from './splitter';
import { sharder } from './sharder';
import { merger } from './merger';
import { join } from './join';
import { reduce } from './reduce';
import { queue } from './queue';
import { manifest } from './manifest';

/** The shape of the catalogue: one definition under each pattern id, whose own id is that key. */
export type EveryPattern = { readonly [K in PatternId]: { readonly id: K } };

/** Every pattern id with its definition: a missing or misnamed one is a compile error. */
const DEFINITIONS = {
  sidecar,
  ambassador,
  adapter,
  'replicated-service': replicatedService,
  'sharded-service': shardedService,
  'scatter-gather': scatterGather,
  function: fn,
  'ownership-election': ownershipElection,
  'work-queue': workQueue,
  copier,
  filter,
  splitter,
  sharder,
  merger,
  join,
  reduce,
  queue,
  manifest,
} as const satisfies EveryPattern;

/** The parameters of each pattern as its functions read them (`isPattern` narrows a component to them). */
export type PatternParams = { [K in PatternId]: ParamsOf<(typeof DEFINITIONS)[K]['params']> };

/** In PATTERN_IDS order. */
export const CATALOGUE: readonly PatternDef[] = PATTERN_IDS.map((id): PatternDef => DEFINITIONS[id]);

const byId = new Map<string, PatternDef>(CATALOGUE.map((p) => [p.id, p]));

export const patternDef = (id: PatternId | string): PatternDef | undefined => byId.get(id);

export const GROUP_TITLES = {
  'single-node': 'Single-node patterns',
  serving: 'Serving patterns',
  batch: 'Batch patterns',
  infrastructure: 'Infrastructure',
} as const;
