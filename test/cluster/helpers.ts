// Helpers for tests in the `cluster` project (the cluster is started by global-setup.ts).
import { KubeConfig } from '@kubernetes/client-node';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
    limitedKubeconfig: string;
    clusterDir: string;
    limitedNamespace: string;
    /** Base URL of the loopback control endpoint of the global setup. */
    clusterControl: string;
    /** Why the cluster could not start ('' when it runs). */
    clusterError: string;
  }
}

function need<K extends 'kubeconfig' | 'limitedKubeconfig' | 'clusterControl'>(key: K): string {
  const error = inject('clusterError');
  if (error) throw new Error(`The test cluster is not available: ${error}`);
  return inject(key);
}

/** Admin kubeconfig (group system:masters). */
export const kubeconfigPath = (): string => need('kubeconfig');
/** Kubeconfig of user "limited": read-only in namespace limitedNamespace(), nothing elsewhere. */
export const limitedKubeconfigPath = (): string => need('limitedKubeconfig');
export const limitedNamespace = (): string => inject('limitedNamespace');

export function loadKubeConfig(path: string = kubeconfigPath()): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

/** Restarts kube-apiserver; resolves once its /readyz answers 200 again. */
export async function restartApiServer(): Promise<void> {
  const res = await fetch(`${need('clusterControl')}/restart-apiserver`, { method: 'POST' });
  if (!res.ok) throw new Error(`restart-apiserver failed: ${res.status} ${await res.text()}`);
}

/** Retries `fn` until it returns a truthy value or throws no more; fails with the last error after timeoutMs. */
export async function eventually<T>(fn: () => Promise<T>, { timeoutMs = 30_000, intervalMs = 250, what = 'condition' } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      last = new Error('not yet');
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${(last as Error)?.message ?? last}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
