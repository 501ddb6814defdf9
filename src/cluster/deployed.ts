/** Whether a design is deployed in a cluster: its ApplySet parent exists there. One GET, nothing else read. */
import type { KubeConfig } from '@kubernetes/client-node';
import { parentName } from './applyset';
import { KubeRest } from './rest';

export async function hasApplySet(kc: KubeConfig, design: string, namespace: string): Promise<boolean> {
  const api = new KubeRest(kc);
  try {
    return (await api.get({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: parentName(design), namespace } })) !== undefined;
  } finally {
    api.dispose();
  }
}
