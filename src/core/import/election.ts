/** Ownership election, read from RBAC: replicas whose ServiceAccount is bound to a Role that may update Leases. */
import type { K8sObject } from '../k8s/types';
import type { Inventory, Workload } from './inventory';

interface Rule {
  apiGroups?: unknown;
  resources?: unknown;
  verbs?: unknown;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

const grantsLeases = (role: K8sObject): boolean =>
  ((role as unknown as { rules?: Rule[] }).rules ?? []).some(
    (r) => list(r.apiGroups).includes('coordination.k8s.io') && list(r.resources).some((x) => x === 'leases' || x === '*') && list(r.verbs).some((v) => v === 'update' || v === '*'),
  );

export interface Election {
  leaseName?: string;
  objects: K8sObject[];
  evidence: string[];
}

export function electionOf(inv: Inventory, w: Workload): Election | undefined {
  if (w.replicas < 2 || !w.serviceAccount) return undefined;
  const sa = w.serviceAccount;
  const ns = w.namespace;
  const bindings = inv.byKind('RoleBinding').filter((b) => {
    const subjects = ((b as unknown as { subjects?: { kind?: string; name?: string; namespace?: string }[] }).subjects ?? []);
    return (b.metadata.namespace ?? '') === ns && subjects.some((s) => s.kind === 'ServiceAccount' && s.name === sa && (s.namespace ?? ns) === ns);
  });
  for (const binding of bindings) {
    const ref = (binding as unknown as { roleRef?: { kind?: string; name?: string } }).roleRef;
    const role = inv.byKind('Role').find((r) => ref?.kind === 'Role' && r.metadata.name === ref.name && (r.metadata.namespace ?? '') === ns);
    if (!role || !grantsLeases(role)) continue;
    const account = inv.byKind('ServiceAccount').find((a) => a.metadata.name === sa && (a.metadata.namespace ?? '') === ns);
    const words = new Set(w.containers.flatMap((c) => [...c.env.map((e) => e.value ?? ''), ...c.argv.flatMap((a) => a.split('='))]));
    const lease = inv.byKind('Lease').find((l) => (l.metadata.namespace ?? '') === ns && words.has(l.metadata.name)) ?? inv.byKind('Lease').find((l) => (l.metadata.namespace ?? '') === ns && l.metadata.name.startsWith(w.name));
    const evidence = [
      `${w.kind} ${w.name} runs ${w.replicas} replicas as ServiceAccount ${sa}`,
      `RoleBinding ${binding.metadata.name} gives it Role ${role.metadata.name}, which may update coordination.k8s.io Leases: replicas that elect an owner`,
    ];
    if (lease) evidence.push(`Lease ${lease.metadata.name} is the lock they share`);
    return { ...(lease ? { leaseName: lease.metadata.name } : {}), objects: [role, binding, ...(account ? [account] : []), ...(lease ? [lease] : [])], evidence };
  }
  return undefined;
}
