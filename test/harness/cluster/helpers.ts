// Helpers for tests in the `cluster` project (the cluster is started by global-setup.ts).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { ApiException, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { inject } from 'vitest';
import { binaries, kwokNamespace } from '../../../scripts/cluster/lib.mjs';

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

/**
 * Creates namespace `name` so that its pods go to the kwok nodes (the real node runs every other pod): for tests that
 * need many pods, or images nobody built, to look Ready without running. Idempotent.
 */
export async function useKwok(name: string, kc: KubeConfig = loadKubeConfig()): Promise<void> {
  try {
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: kwokNamespace(name) });
  } catch (err) {
    if (!(err instanceof ApiException && err.code === 409)) throw err;
  }
}

/** Runs the cluster's kubectl with the admin kubeconfig; resolves with its output, rejects with stderr. */
export function kubectl(args: string[], { timeoutMs = 60_000 } = {}): Promise<string> {
  return new Promise((res, rej) => {
    execFile(binaries().kubectl!, [`--kubeconfig=${kubeconfigPath()}`, ...args], { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) rej(new Error(`kubectl ${args.join(' ')}: ${stderr || err.message}`));
      else res(stdout);
    });
  });
}

/** `kubectl port-forward` of `target` (pod/x, svc/x) in `ns` to a free loopback port; kill the child when done. */
export function portForward(ns: string, target: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(binaries().kubectl!, [`--kubeconfig=${kubeconfigPath()}`, '-n', ns, 'port-forward', target, `:${port}`, '--address=127.0.0.1']);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`port-forward exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`no port-forward after 20 s: ${out}`)), 20_000);
  });
}
