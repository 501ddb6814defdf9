/** The operators' logic: one small pure function per operator; a join's and a reduce's change their state. */
import { UNCHANGED } from './state';

/** One message on a topic: a JSON object. */
export type Item = Record<string, unknown>;
/** An item on its way to an output topic. */
export type Emit = [topic: string, item: Item];
export type Predicate = (item: Item) => boolean;

/** One stream becomes several identical streams: the item goes to every output. */
export const copy = (item: Item, outputs: readonly string[]): Emit[] => outputs.map((topic) => [topic, item]);

/**
 * Exactly one output for the item: the first route that matches, else the default. A splitter never drops an
 * item (one that drops items is a filter).
 */
export function split(item: Item, routes: readonly { test: Predicate; topic: string }[], fallback: string): string {
  return routes.find((r) => r.test(item))?.topic ?? fallback;
}

/** 32-bit FNV-1a of the text's UTF-8 bytes, the same in every language of these starters. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h >>> 0;
}

/** hash(key) % n: items with the same key always land on the same shard. */
export const shard = (key: string, n: number): number => fnv1a32(key) % n;

/** A join key's state: the part each input delivered, and whether the key was joined. */
export interface JoinState {
  parts: Record<string, Item>;
  done: boolean;
}

/**
 * Adds one input's part to a join key's state; UNCHANGED when the key was joined already (a late or repeated part).
 * The state is done once every expected input delivered its part.
 */
export function joinPart(state: Partial<JoinState>, input: string, item: Item, expected: number): typeof UNCHANGED | void {
  if (state.done) return UNCHANGED;
  state.parts = { ...state.parts, [input]: item }; // a redelivered part replaces itself: retries do not count twice
  state.done = Object.keys(state.parts).length >= expected;
}

/**
 * Merges two partial results. Every operation is associative, so reducers can run as a tree and combine
 * partial results in any grouping.
 */
export function combine(operation: string, a: number, b: number): number {
  if (operation === 'min') return Math.min(a, b);
  if (operation === 'max') return Math.max(a, b);
  return a + b; // count, sum, histogram
}

/** What an item adds to a reduce: its group, bucket and value. */
export function reduceInput(item: Item, operation: string, field = '', groupBy = ''): { group: string; bucket: string; value: number } {
  const group = groupBy ? text(lookup(item, groupBy)) : '';
  let bucket = '';
  let value = 1; // count and histogram count items
  if (operation === 'histogram') bucket = text(lookup(item, field));
  else if (['sum', 'min', 'max'].includes(operation)) {
    const v = lookup(item, field);
    if (typeof v !== 'number') throw new Error(`${operation} needs a number in '${field}'`);
    value = v;
  }
  return { group, bucket, value };
}

/** The running result of a (group, bucket): its value, how many inputs made it, and which input keys those were. */
export interface ReduceState {
  value: number;
  count: number;
  applied: Record<string, boolean>;
}

/** Applies one input to a running result; UNCHANGED when that input key was applied already (a redelivery). */
export function reduceApply(state: Partial<ReduceState>, inputKey: string, operation: string, value: number): typeof UNCHANGED | void {
  if (state.applied?.[inputKey]) return UNCHANGED;
  state.value = state.applied ? combine(operation, state.value ?? 0, value) : value;
  state.applied = { ...state.applied, [inputKey]: true };
  state.count = (state.count ?? 0) + 1;
}

const COMPARISON = /^item\.([A-Za-z_][A-Za-z0-9_.]*)\s*(==|!=)\s*(.+)$/;

/**
 * A small part of CEL, enough for FILTER_EXPRESSION and SPLIT_ROUTES like the examples: `*`,
 * `item.a.b == <literal>` and `item.a.b != <literal>` (a JSON or 'quoted' literal). Write richer tests here.
 */
export function compilePredicate(expr: string): Predicate {
  const e = expr.trim();
  if (e === '*' || e === 'true') return () => true;
  const m = COMPARISON.exec(e);
  if (!m) throw new Error(`cannot evaluate '${e}': this starter understands *, item.field == value and item.field != value`);
  const [, field, op, raw] = m as unknown as [string, string, string, string];
  let literal = raw.trim();
  if (literal.length >= 2 && literal.startsWith("'") && literal.endsWith("'")) literal = JSON.stringify(literal.slice(1, -1));
  const want: unknown = JSON.parse(literal);
  if (typeof want === 'object' && want !== null) throw new Error(`compare with a number, string, boolean or null in '${e}'`);
  const equal = op === '==';
  return (item) => (lookup(item, field) === want) === equal;
}

/** A dotted field ("user.id") of an item; undefined when it is missing. */
export function lookup(item: Item, field: string): unknown {
  let v: unknown = item;
  for (const name of field.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Item)[name];
  }
  return v;
}

/** A field's value as a key: strings as they are, anything else as JSON. */
export const text = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null'));
