import { get, str } from '../nodes';
import type { LintRule } from '../rule';

/**
 * Tag inserted by the generic "pin image tag" fix. Offline there is no honest version to pick, so the fix writes a
 * valid tag that pulls nothing (the pod fails loudly with ErrImagePull) and this rule keeps pointing at it.
 */
export const PLACEHOLDER_TAG = 'TODO-pin-version';
/** The text of the snippet placeholder an editor selects for the person to type the version over. */
export const SNIPPET_TAG = 'version';
const isPlaceholder = (tag: string): boolean => tag === PLACEHOLDER_TAG || tag === SNIPPET_TAG;

/** Split an image reference into repository and tag; a digest (`@sha256:...`) pins it whatever the tag. */
export function imageTag(image: string): { repository: string; tag: string | undefined; digest: boolean } {
  const at = image.indexOf('@');
  const digest = at >= 0;
  const name = digest ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) return { repository: name.slice(0, colon), tag: name.slice(colon + 1), digest };
  return { repository: name, tag: undefined, digest };
}

export const imageTagRule: LintRule = {
  docs: [
    {
      code: 'PC115',
      severity: 'warning',
      title: 'Image tag missing or latest',
      doc: 'An image without a tag, or tagged latest, changes under you: two replicas can run different code and a rollback restores nothing. Pin a version (or a digest). Also reported for a placeholder tag the quick fix inserted (`version`, or TODO-pin-version outside an editor) until a real version replaces it. kube-linter latest-tag, kube-score container-image-tag, Polaris tagNotSpecified.',
    },
  ],
  check(set, report) {
    for (const obj of set.objects) {
      for (const c of obj.pod?.containers ?? []) {
        const node = get(c.node, 'image');
        const image = str(node);
        if (!node || !image) continue;
        const { tag, digest } = imageTag(image.trim());
        if (digest || (tag !== undefined && tag !== 'latest' && !isPlaceholder(tag))) continue;
        const message =
          tag === undefined
            ? `Image "${image}" has no tag, so it means :latest; pin a version.`
            : tag === 'latest'
              ? `Image "${image}" uses the latest tag; pin a version.`
              : `Image "${image}" still has the placeholder tag; replace ${tag} with the version to run.`;
        report('PC115', { object: obj, node, path: [...c.path, 'image'], message });
      }
    }
  },
};
