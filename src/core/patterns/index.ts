/** The catalogue: every pattern of the book, one file each. Adding a pattern is a file and a line here. */
import type { PatternId } from './support/ids';
import type { PatternDef } from './support/types';
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

export const CATALOGUE: readonly PatternDef[] = [
  sidecar,
  ambassador,
  adapter,
  replicatedService,
  shardedService,
  scatterGather,
  fn,
  ownershipElection,
  workQueue,
  copier,
  filter,
  splitter,
  sharder,
  merger,
  join,
  reduce,
  queue,
  manifest,
];

const byId = new Map<string, PatternDef>(CATALOGUE.map((p) => [p.id, p]));

export const patternDef = (id: PatternId | string): PatternDef | undefined => byId.get(id);

export const GROUP_TITLES = {
  'single-node': 'Single-node patterns',
  serving: 'Serving patterns',
  batch: 'Batch patterns',
  infrastructure: 'Infrastructure',
} as const;
