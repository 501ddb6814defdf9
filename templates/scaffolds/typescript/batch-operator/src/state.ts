/**
 * Join and reduce state, kept in the broker as the project's runtime keeps it (runtime/README.md, "State of join and
 * reduce"), so a restarted or second replica of the stage goes on from it and a redelivery never counts twice:
 * NATS: KV bucket pc-state-<CONSUMER_GROUP>; Redis: hashes pc:state:<CONSUMER_GROUP>:<name> (fields v and rev).
 */

/** Small values under names, changed by compare-and-set. */
export interface Store {
  /** The value and its revision; revision 0 and no value when there is none. */
  get(name: string): Promise<{ value?: Buffer; revision: number }>;
  /** Writes value if the revision is still the one given (0: if there is none), else throws Conflict. */
  put(name: string, value: Buffer, revision: number): Promise<void>;
}

/** The state changed since the revision that was read. */
export class Conflict extends Error {}

/** Returned by a change: the state already holds what the delivery would add, so nothing is written. */
export const UNCHANGED = Symbol('unchanged');

/**
 * Reads the JSON state under name, lets change modify it and writes it back by compare-and-set, again from a fresh
 * read when another replica (or an earlier delivery) changed it meanwhile. Returns the state.
 */
export async function update<S extends object>(store: Store, name: string, change: (state: Partial<S>) => typeof UNCHANGED | void): Promise<Partial<S>> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { value, revision } = await store.get(name);
    const state = (value ? JSON.parse(value.toString('utf8')) : {}) as Partial<S>;
    if (change(state) === UNCHANGED) return state;
    try {
      await store.put(name, Buffer.from(JSON.stringify(state)), revision);
      return state;
    } catch (e) {
      if (!(e instanceof Conflict)) throw e;
    }
  }
  throw new Error(`the state '${name}' kept changing under this stage`);
}
