/** Keys of parsed YAML maps: how core reads a key, and finds the pair a path names. */
import * as yaml from 'yaml';
import type { Pair, YAMLMap } from 'yaml';

// Bound once: a bundle reaches a CommonJS module's exports through getters, costly per node in lint's walks.
const { isScalar } = yaml;

/**
 * A pair's key as text: a scalar by its value (a null key reads 'null', as yaml's own duplicate-key check sees it),
 * a collection key by its YAML text; undefined for no key.
 */
export function keyOf(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return k == null ? undefined : String(k);
}

/**
 * The first pair of a map with this key. Big maps get an index on first use: one diagnostic per entry of a
 * 40,000-entry map must not scan the map each time. Parsed documents are not mutated (edits go through the text).
 */
const pairIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  if (map.items.length < 16) return map.items.find((p) => keyOf(p) === key);
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      const k = keyOf(p);
      if (k !== undefined && !index.has(k)) index.set(k, p);
    }
    pairIndexes.set(map, index);
  }
  return index.get(key);
}
