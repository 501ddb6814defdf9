/** The palette's content: the catalogue in the book's order of parts. */
import { CATALOGUE, GROUP_TITLES } from '../../src/core/patterns/index';
import type { PatternDef, PatternGroup } from '../../src/core/patterns/support/types';

/** The drag payload type of a palette block: its pattern id. */
export const PALETTE_MIME = 'application/x-pattern-canvas-pattern';

const ORDER: readonly PatternGroup[] = ['single-node', 'serving', 'batch', 'infrastructure'];

export interface PaletteGroup {
  group: PatternGroup;
  title: string;
  patterns: PatternDef[];
}

export function paletteGroups(): PaletteGroup[] {
  return ORDER.map((group) => ({ group, title: GROUP_TITLES[group], patterns: CATALOGUE.filter((p) => p.group === group) })).filter(
    (g) => g.patterns.length > 0,
  );
}
