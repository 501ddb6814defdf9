/** The operators' logic: one small pure function (or class, when it keeps state) per operator. */

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

/**
 * The coordinated-batch barrier: holds the parts of each key until every expected input has delivered its
 * part, then emits them together, once.
 */
export class Join {
  private readonly parts = new Map<string, Map<string, Item>>();
  constructor(readonly expected: number) {}

  /** The joined item when this part completes the key, else undefined. */
  add(key: string, input: string, item: Item): Item | undefined {
    const parts = this.parts.get(key) ?? new Map<string, Item>();
    this.parts.set(key, parts);
    parts.set(input, item); // a redelivered part replaces itself: retries do not count twice
    if (parts.size < this.expected) return undefined;
    this.parts.delete(key);
    return { key, parts: Object.fromEntries(parts) };
  }
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

/** Running results per group (and per bucket for a histogram) as items arrive. */
export class Reduce {
  private readonly results = new Map<string, { group: string; bucket: string; value: number }>();
  constructor(
    readonly operation: string,
    readonly field = '',
    readonly groupBy = '',
  ) {}

  add(item: Item): void {
    const group = this.groupBy ? text(lookup(item, this.groupBy)) : '';
    let bucket = '';
    let value = 1; // count and histogram count items
    if (this.operation === 'histogram') bucket = text(lookup(item, this.field));
    else if (['sum', 'min', 'max'].includes(this.operation)) {
      const v = lookup(item, this.field);
      if (typeof v !== 'number') throw new Error(`${this.operation} needs a number in '${this.field}'`);
      value = v;
    }
    const k = JSON.stringify([group, bucket]);
    const old = this.results.get(k);
    this.results.set(k, { group, bucket, value: old ? combine(this.operation, old.value, value) : value });
  }

  /** The running results, sorted by group and bucket. */
  values(): Item[] {
    return [...this.results.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, r]) => ({
        operation: this.operation,
        value: r.value,
        ...(this.groupBy ? { group: r.group } : {}),
        ...(this.operation === 'histogram' ? { bucket: r.bucket } : {}),
      }));
  }
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
