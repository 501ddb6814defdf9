import { describe, expect, it } from 'vitest';
import { noLogs } from '../../src/cluster/no-logs';

describe('why a container has no logs', () => {
  it('says that a node without a kubelet address serves none, instead of the API server\'s address list', () => {
    const text = noLogs('Get "https://:10250/containerLogs/default/web-0/web": no preferred addresses found; known addresses: []', 'kwok-node-0');
    expect(text).toBe('no logs: node kwok-node-0 serves no logs (it has no kubelet address; a simulated node such as kwok runs no containers)');
    expect(text).not.toContain('known addresses');
  });

  it('says "not yet" for a container still starting, and passes other reasons on', () => {
    expect(noLogs('container "web" in pod "web-0" is waiting to start: ContainerCreating', 'n1')).toBe('no logs yet: container "web" in pod "web-0" is waiting to start: ContainerCreating');
    expect(noLogs('pods "web-0" not found', undefined)).toBe('no logs: pods "web-0" not found');
  });
});
