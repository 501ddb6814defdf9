import { bool, get } from '../nodes';
import type { LintRule } from '../rule';

export const hostNamespacesRule: LintRule = {
  docs: [
    {
      code: 'PC119',
      severity: 'warning',
      title: 'Host namespace shared',
      doc: 'hostNetwork, hostPID or hostIPC is true: the pod shares the node\'s network, process or IPC namespace and can see or disturb everything on the node. kube-linter host-network/host-pid/host-ipc, Polaris hostNetworkSet/hostPIDSet/hostIPCSet.',
    },
  ],
  check(set, report) {
    for (const obj of set.objects) {
      if (!obj.pod) continue;
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
        const node = get(obj.pod.spec, field);
        if (bool(node) !== true || !node) continue;
        report('PC119', { object: obj, node, path: [...obj.pod.specPath, field], message: `The pod sets ${field}: true and shares the node's namespace.` });
      }
    }
  },
};
