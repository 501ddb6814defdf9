/** Contexts from the user's kubeconfig (KUBECONFIG respected). Only names ever leave this module, never credentials. */
import { KubeConfig } from '@kubernetes/client-node';

export interface ContextInfo {
  name: string;
  cluster: string;
  server: string;
  namespace: string;
  current: boolean;
}

export class KubeconfigError extends Error {}

export function loadKubeConfig(opts: { kubeconfig?: string; context?: string } = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    throw new KubeconfigError(`cannot read the kubeconfig${opts.kubeconfig ? ` ${opts.kubeconfig}` : ''}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw new KubeconfigError(`no context '${opts.context}' in the kubeconfig (contexts: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentContext() || !kc.getCurrentCluster()) throw new KubeconfigError('the kubeconfig has no current context with a cluster');
  return kc;
}

export function contexts(kc: KubeConfig): ContextInfo[] {
  const current = kc.getCurrentContext();
  return kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: kc.getCluster(c.cluster)?.server ?? '',
    namespace: c.namespace ?? 'default',
    current: c.name === current,
  }));
}
