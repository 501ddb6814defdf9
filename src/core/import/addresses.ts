/**
 * Which Service a piece of text names: `svc`, `svc.ns`, `svc.ns.svc[.cluster.local]`, with an optional port or URL
 * scheme, and a shard's `set-i.headless` name. A bare word counts only when it is a whole value (an env var that is
 * exactly `redis`), so an image name or a sentence does not make a connection.
 */
import type { ServiceInfo } from './inventory';

export interface Reference {
  /** The id of the component that owns the Service. */
  target: string;
  /** The address as written. */
  address: string;
}

export interface AddressBook {
  add(id: string, s: ServiceInfo): void;
  /** Shards of StatefulSet `set` behind headless Service `service`. */
  addShards(id: string, set: string, service: string, namespace: string): void;
  resolve(host: string, port: number | undefined, namespace: string): string | undefined;
}

export function addressBook(): AddressBook {
  const services = new Map<string, { id: string; ports: Set<number> }>();
  const shards = new Map<string, string>();
  const key = (ns: string, name: string) => `${ns}/${name}`;
  return {
    add(id, s) {
      services.set(key(s.namespace, s.name), { id, ports: new Set(s.ports.flatMap((p) => [p.port, ...(typeof p.targetPort === 'number' ? [p.targetPort] : [])])) });
    },
    addShards(id, set, service, namespace) {
      shards.set(key(namespace, `${set}/${service}`), id);
    },
    resolve(host, port, namespace) {
      const parts = host.toLowerCase().replace(/\.$/, '').replace(/\.cluster\.local$/, '').replace(/\.svc$/, '').split('.');
      // name, name.ns, or (shards) pod.name, pod.name.ns
      const [first, second, third] = parts;
      if (!first || parts.length > 3) return undefined;
      // An object without a namespace goes wherever it is deployed: any namespace may name it.
      const svcAt = (name: string, ns: string) => {
        const s = services.get(key(ns, name)) ?? services.get(key('', name));
        return s && (port === undefined || s.ports.size === 0 || s.ports.has(port)) ? s.id : undefined;
      };
      const shardAt = (pod: string, svc: string, ns: string) => {
        const m = /^(.+)-\d+$/.exec(pod);
        return m ? (shards.get(key(ns, `${m[1]}/${svc}`)) ?? shards.get(key('', `${m[1]}/${svc}`))) : undefined;
      };
      if (parts.length === 1) return svcAt(first, namespace);
      if (parts.length === 2) return svcAt(first, second!) ?? shardAt(first, second!, namespace);
      return shardAt(first, second!, third!);
    },
  };
}

/** Host names and host:ports in a text; `exact` marks a text that is a whole value (an env var's). */
const ADDRESS = /(?:([a-z][a-z0-9+.-]*):\/\/(?:[^@\s/]*@)?)?\b([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)(?::(\d{1,5}))?/gi;

export function findReferences(text: string, namespace: string, book: AddressBook, exact = false): Reference[] {
  const out: Reference[] = [];
  for (const m of text.matchAll(ADDRESS)) {
    const [address, scheme, host, port] = m as unknown as [string, string | undefined, string, string | undefined];
    const qualified = host.includes('.') || port !== undefined || scheme !== undefined || (exact && address === text.trim());
    if (!qualified || /^\d+(\.\d+)*$/.test(host)) continue;
    const target = book.resolve(host, port ? Number(port) : undefined, namespace);
    // Credentials in a URL (amqp://user:pass@host) never reach the evidence.
    if (target) out.push({ target, address: address.replace(/\/\/[^@\s/]*@/, '//') });
  }
  return out;
}
