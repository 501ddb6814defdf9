/** Contexts from the user's kubeconfig (KUBECONFIG respected). Only names ever leave this module, never credentials. */
import { KubeConfig } from '@kubernetes/client-node';
import { redactCredentials, withoutUserinfo } from '../core/redact';

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
    // The parser's message quotes the lines around the error (a code frame), which may hold a token: the first line only.
    const reason = redactCredentials(firstLine(e instanceof Error ? e.message : String(e)));
    throw new KubeconfigError(`cannot read the kubeconfig${opts.kubeconfig ? ` ${opts.kubeconfig}` : ''}: ${reason}`);
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw new KubeconfigError(`no context '${opts.context}' in the kubeconfig (contexts: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentContext() || !kc.getCurrentCluster()) throw new KubeconfigError('the kubeconfig has no current context with a cluster');
  return kc;
}

/** Every credential value of the kubeconfig's users, so messages can be cleaned of them. */
export function credentialValues(kc: KubeConfig): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v) out.push(v);
  };
  for (const u of kc.getUsers()) {
    for (const v of [u.token, u.password, u.keyData, u.certData, u.username]) add(v);
    for (const v of Object.values(u.authProvider?.config ?? {})) add(v);
    for (const e of (u.exec as { env?: { value?: unknown }[] } | undefined)?.env ?? []) add(e.value);
  }
  for (const c of kc.getClusters()) {
    const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@]*)@/i.exec(c.server)?.[1];
    if (!userinfo) continue;
    add(userinfo);
    add(userinfo.split(':')[1]);
    add(safeDecode(userinfo.split(':')[1] ?? ''));
  }
  return out;
}

const firstLine = (s: string): string => s.split('\n')[0] ?? s;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function contexts(kc: KubeConfig): ContextInfo[] {
  const current = kc.getCurrentContext();
  return kc.getContexts().map((c) => ({
    name: c.name,
    cluster: c.cluster,
    server: withoutUserinfo(kc.getCluster(c.cluster)?.server ?? ''),
    namespace: c.namespace ?? 'default',
    current: c.name === current,
  }));
}
