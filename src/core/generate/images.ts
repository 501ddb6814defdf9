/** The project's own images (batch operators, work-queue manager, demo apps) from the registry a design names. */
import { PROJECT_IMAGE_REGISTRY } from '../design/model';
import type { K8sObject } from '../k8s/types';

const PREFIX = `${PROJECT_IMAGE_REGISTRY}/`;

/** `ghcr.io/pattern-canvas/<name>:<tag>` from `registry` instead; any other image as it is. */
export function imageFromRegistry(image: string, registry: string | undefined): string {
  if (!registry || registry === PROJECT_IMAGE_REGISTRY || !image.startsWith(PREFIX)) return image;
  return `${registry}/${image.slice(PREFIX.length)}`;
}

/**
 * The objects with every container and init container image of the project moved to `registry`. Copies what it
 * changes and shares the rest, so an object met twice is never rewritten twice.
 */
export function useImageRegistry(objects: K8sObject[], registry: string | undefined): K8sObject[] {
  if (!registry || registry === PROJECT_IMAGE_REGISTRY) return objects;
  const visit = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const out = v.map(visit);
      return out.some((x, i) => x !== v[i]) ? out : v;
    }
    if (typeof v !== 'object' || v === null) return v;
    const obj = v as Record<string, unknown>;
    let changed: Record<string, unknown> | undefined;
    for (const [k, x] of Object.entries(obj)) {
      const y = (k === 'containers' || k === 'initContainers') && Array.isArray(x) ? x.map(withImage).map(visit) : visit(x);
      if (y !== x && !(Array.isArray(x) && Array.isArray(y) && y.every((e, i) => e === x[i]))) (changed ??= { ...obj })[k] = y;
    }
    return changed ?? obj;
  };
  const withImage = (c: unknown): unknown => {
    if (typeof c !== 'object' || c === null || typeof (c as { image?: unknown }).image !== 'string') return c;
    const image = (c as { image: string }).image;
    const moved = imageFromRegistry(image, registry);
    return moved === image ? c : { ...(c as object), image: moved };
  };
  return objects.map((o) => visit(o) as K8sObject);
}
