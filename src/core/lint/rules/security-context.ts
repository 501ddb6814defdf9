import type { Node } from 'yaml';
import type { DocPath } from '../../diagnostics';
import type { ContainerView } from '../model';
import { bool, get, num } from '../nodes';
import type { LintRule } from '../rule';

/** Point at the field when it is set, else at the container's securityContext, else at the container. */
function anchor(c: ContainerView, field: string): { node: Node; path: DocPath } {
  const sc = get(c.node, 'securityContext');
  const value = get(sc, field);
  if (value) return { node: value, path: [...c.path, 'securityContext', field] };
  if (sc) return { node: sc, path: [...c.path, 'securityContext'] };
  return { node: c.node, path: c.path };
}

export const securityContextRules: LintRule = {
  docs: [
    {
      code: 'PC116',
      severity: 'warning',
      title: 'runAsNonRoot not set',
      doc: 'Neither the container nor the pod securityContext sets runAsNonRoot: true (or a non-zero runAsUser), so the container may run as root. kube-linter run-as-non-root, kube-score container-security-context-user-group-id, Polaris runAsRootAllowed.',
    },
    {
      code: 'PC117',
      severity: 'warning',
      title: 'Privileged container',
      doc: 'securityContext.privileged: true gives the container every capability and the host\'s devices. Needed by few node agents; a warning, not an error, for them. kube-linter privileged-container, kube-score container-security-context-privileged, Polaris runAsPrivileged.',
    },
    {
      code: 'PC118',
      severity: 'warning',
      title: 'Privilege escalation not disabled',
      doc: 'securityContext.allowPrivilegeEscalation is not false, so a setuid binary can gain more privileges than the process started with. kube-linter privilege-escalation-container, Polaris privilegeEscalationAllowed.',
    },
    {
      code: 'PC120',
      severity: 'warning',
      title: 'Root filesystem writable',
      doc: 'securityContext.readOnlyRootFilesystem is not true. Mount an emptyDir where the program writes. kube-linter no-read-only-root-fs, kube-score container-security-context-readonlyrootfilesystem, Polaris notReadOnlyRootFilesystem.',
    },
  ],
  check(set, report) {
    for (const obj of set.objects) {
      if (!obj.pod) continue;
      const podSc = get(obj.pod.spec, 'securityContext');
      for (const c of obj.pod.containers) {
        const sc = get(c.node, 'securityContext');
        const nonRoot = bool(get(sc, 'runAsNonRoot')) ?? bool(get(podSc, 'runAsNonRoot'));
        const user = num(get(sc, 'runAsUser')) ?? num(get(podSc, 'runAsUser'));
        if (nonRoot !== true && !(user !== undefined && user > 0)) {
          const explicitRoot = nonRoot === false || user === 0;
          report('PC116', {
            object: obj,
            ...anchor(c, 'runAsNonRoot'),
            message: explicitRoot
              ? `Container "${c.name}" is allowed to run as root.`
              : `Container "${c.name}" does not set runAsNonRoot: true (neither does the pod).`,
          });
        }
        const privileged = bool(get(sc, 'privileged')) === true;
        if (privileged) {
          report('PC117', { object: obj, ...anchor(c, 'privileged'), message: `Container "${c.name}" runs privileged.` });
        } else if (bool(get(sc, 'allowPrivilegeEscalation')) !== false) {
          // Privileged implies escalation; one finding is enough there.
          report('PC118', {
            object: obj,
            ...anchor(c, 'allowPrivilegeEscalation'),
            message: `Container "${c.name}" does not set allowPrivilegeEscalation: false.`,
          });
        }
        if (bool(get(sc, 'readOnlyRootFilesystem')) !== true) {
          report('PC120', {
            object: obj,
            ...anchor(c, 'readOnlyRootFilesystem'),
            message: `Container "${c.name}" does not set readOnlyRootFilesystem: true.`,
          });
        }
      }
    }
  },
};
