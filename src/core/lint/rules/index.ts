import type { LintRule } from '../rule';
import { ambassadorLocalhostRule } from './ambassador-localhost';
import { apiLifecycleRules } from './api-lifecycle';
import { availabilityRules } from './availability';
import { headlessServiceRule } from './headless-service';
import { hostNamespacesRule } from './host-namespaces';
import { imageTagRule } from './image-tag';
import { leaseTimingRule } from './lease-timing';
import { portCollisionRule } from './port-collision';
import { probeRules } from './probes';
import { resourceRules } from './resources';
import { securityContextRules } from './security-context';
import { serviceSelectorRule } from './service-selector';
import { serviceTargetPortRules } from './service-target-port';
import { shardRouterRule } from './shard-router';
import { syntaxRules } from './syntax';
import { workloadSelectorRule } from './workload-selector';

/** Every rule, in code order. Adding a rule: one file and one line here. */
export const RULES: readonly LintRule[] = [
  syntaxRules, // PC100, PC101
  apiLifecycleRules, // PC102, PC103
  resourceRules, // PC110, PC111
  probeRules, // PC112-PC114
  imageTagRule, // PC115
  securityContextRules, // PC116-PC118, PC120
  hostNamespacesRule, // PC119
  workloadSelectorRule, // PC121
  availabilityRules, // PC122, PC123
  portCollisionRule, // PC130
  ambassadorLocalhostRule, // PC131
  headlessServiceRule, // PC132
  serviceSelectorRule, // PC133
  serviceTargetPortRules, // PC134, PC135
  shardRouterRule, // PC136
  leaseTimingRule, // PC137
];
