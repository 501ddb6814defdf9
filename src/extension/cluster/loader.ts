/** The cluster edge is its own bundle (dist/cluster.js, with client-node): loaded on first use, never at activation. */
import * as path from 'node:path';
import type * as Cluster from '../../cluster/index';

let mod: typeof Cluster | undefined;

export function clusterModule(): typeof Cluster {
  // A computed path keeps esbuild from inlining client-node into the host bundle.
  mod ??= require(path.join(__dirname, 'cluster.js')) as typeof Cluster;
  return mod;
}
