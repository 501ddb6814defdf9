/** The cluster edge, loaded lazily (dist/cluster.js) on first deploy or status, so activation stays fast. */
export { contexts, KubeconfigError, loadKubeConfig, type ContextInfo } from './kubeconfig';
export { Deployer, FIELD_MANAGER, type ObjectResult, type Outcome } from './deploy';
export { DesignWatcher, type WatchOptions } from './watch';
export { applySetId, parentName } from './applyset';
export { hasApplySet } from './deployed';
export { componentDetails, type ComponentDetails } from './details';
export { namespaces, readLiveNamespace, readNamespace, type LiveNamespace } from './import';
export { serverVersion } from './version';
