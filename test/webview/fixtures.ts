/** A small design document, written the way a person would, with comments that edits must keep. */
import { parseDesign } from '../../src/core/design/parse';
import type { Design } from '../../src/core/design/model';

export const STOREFRONT = `apiVersion: patterncanvas.dev/v1alpha1
kind: Design
metadata:
  name: storefront          # becomes app.kubernetes.io/part-of
  namespace: shop
components:                 # the key is the component id
  web:
    pattern: replicated-service
    image: ghcr.io/acme/web:1.4
    port: 8080
    replicas: 3
  tls:
    pattern: sidecar        # terminates HTTPS
    attachTo: web
    image: nginx:1.27
    port: 8443
  cache:
    pattern: sharded-service
    image: memcached:1.6
    port: 11211
    shards: 3
  orders:
    pattern: queue
connections:
  - from: web
    to: cache
layout:                     # canvas positions only
  web: [120, 80]
  cache: [420, 80]
`;

export function designOf(text: string): Design {
  const p = parseDesign(text);
  if (!p.design) throw new Error(`does not parse: ${JSON.stringify(p.diagnostics)}`);
  return p.design;
}
