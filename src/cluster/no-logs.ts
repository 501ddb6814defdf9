/** Words for a container without logs. Pure: no client, so it is unit-tested on its own. */
/**
 * Why a container has no logs, in words: the API server's own message when a node cannot serve logs (a simulated
 * kwok node has no kubelet) is "no preferred addresses found; known addresses: []", which says nothing to a person.
 */
export function noLogs(message: string, node: string | undefined): string {
  if (/no preferred addresses found/i.test(message)) return `no logs: node ${node ?? '(none)'} serves no logs (it has no kubelet address; a simulated node such as kwok runs no containers)`;
  if (/waiting to start/i.test(message)) return `no logs yet: ${message}`;
  return `no logs: ${message}`;
}
