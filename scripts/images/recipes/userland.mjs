// What the Debian-based stand-ins share: a small userland for their entrypoint scripts and for `kubectl exec`
// (busybox's sh, id, find, chown, ...; upstream images have bash and coreutils), and gosu for dropping to the
// image's user as upstream entrypoints do.
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';

export const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const taken = (root, path) => {
  try {
    lstatSync(join(root, path));
    return true;
  } catch {
    return false;
  }
};

/** Links every applet of the image's busybox at the path busybox names, unless a real program is already there. */
export function linkBusyboxApplets(root, { run, addLinks }) {
  const busybox = join(root, 'usr/bin/busybox');
  if (!existsSync(busybox)) throw new Error('busybox is not in the image (add busybox-static to its packages)');
  const paths = run(busybox, ['--list-full']).split('\n').filter(Boolean).map((p) => `/${p}`);
  // Under merged /usr, bin/x and usr/bin/x are the same file: look through the /bin -> usr/bin link.
  addLinks(root, paths.filter((p) => !taken(root, p) && !taken(root, p.replace(/^\/(s?bin)\//, '/usr/$1/'))).map((path) => ({ path, target: '/usr/bin/busybox' })));
}

/** The recipe plus busybox (as its userland) and gosu. */
export function withUserland(recipe) {
  return {
    ...recipe,
    debian: [...(recipe.debian ?? []), 'busybox-static'],
    compile: [...(recipe.compile ?? []), { kind: 'c', src: 'recipes/gosu.c', to: '/usr/local/bin/gosu' }],
    prepare(root, ctx) {
      linkBusyboxApplets(root, ctx);
    },
  };
}
