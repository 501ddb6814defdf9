/** Narrowing a component of the design to its pattern, so reads of another component's parameters are typed too. */
import type { PatternId } from './ids';
import type { PatternParams } from '../index';
import type { ResolvedComponent } from './types';

/** The component is one of `pattern`: its parameters then have that pattern's types. */
export const isPattern = <K extends PatternId>(c: ResolvedComponent | undefined, pattern: K): c is ResolvedComponent<PatternParams[K]> & { pattern: K } =>
  c?.pattern === pattern;
