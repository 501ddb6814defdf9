/** Keys over shards: Zipf popularity, the hottest shard's share, and how many keys move when the shard count changes. */

/** Popularity of the k-th most popular key (k from 1) among `keys` under Zipf exponent s. */
export function zipfShare(k: number, keys: number, s: number): number {
  return k ** -s / harmonic(keys, s);
}

/** Generalised harmonic number H(n, s): exact up to 1,000 terms, Euler–Maclaurin beyond (relative error < 1e-12). */
export function harmonic(n: number, s: number): number {
  const key = `${n}/${s}`;
  let h = harmonics.get(key);
  if (h === undefined) {
    if (harmonics.size > 256) harmonics.clear();
    harmonics.set(key, (h = harmonicUncached(n, s)));
  }
  return h;
}

/** Designs reuse a few (keys, skew) pairs; a small cache spares the 1,000 powers each time. */
const harmonics = new Map<string, number>();

function harmonicUncached(n: number, s: number): number {
  const m = Math.min(n, 1000);
  let h = 0;
  for (let k = m; k >= 1; k--) h += k ** -s;
  if (n <= m) return h;
  const integral = s === 1 ? Math.log(n / m) : (n ** (1 - s) - m ** (1 - s)) / (1 - s);
  return h + integral + (n ** -s - m ** -s) / 2 + (s / 12) * (m ** (-s - 1) - n ** (-s - 1));
}

/**
 * The hottest shard's share of requests: the shard that holds the most popular key gets that key's share plus its
 * even part of everything else (hashing spreads the other keys evenly when there are many).
 */
export function hotShardShare(shards: number, keys: number, s: number): number {
  return shards <= 1 ? 1 : hotShardShareOf(shards, zipfShare(1, keys, s));
}

/** The same from the hottest key's share, for a search over shard counts. */
export const hotShardShareOf = (shards: number, topKeyShare: number): number => (shards <= 1 ? 1 : topKeyShare + (1 - topKeyShare) / shards);

/** Share of keys that change shard going from `from` to `to` shards with hash % N: all but min/lcm of them. */
export function movedByModulo(from: number, to: number): number {
  if (from === to) return 0;
  return 1 - Math.min(from, to) / lcm(from, to);
}

/** With consistent hashing only the keys of the shards added or removed move: |to - from| / max. */
export function movedByConsistentHashing(from: number, to: number): number {
  return Math.abs(to - from) / Math.max(from, to);
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;
