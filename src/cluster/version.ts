/** The API server's release (GET /version), so lint can check API versions against the cluster in use. */
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeRest } from './rest';

/** `gitVersion` as the server reports it (e.g. v1.37.2); throws on an unreachable or odd server. */
export async function serverVersion(kc: KubeConfig, timeoutMs = 5_000): Promise<string> {
  const info = await new KubeRest(kc).request<{ gitVersion?: unknown }>('GET', '/version', undefined, undefined, timeoutMs);
  if (typeof info?.gitVersion !== 'string') throw new Error('the API server did not report its version');
  return info.gitVersion;
}
