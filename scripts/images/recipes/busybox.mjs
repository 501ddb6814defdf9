// docker.io/library/busybox: Debian's static busybox with every applet it has linked in place, as upstream.
import { join } from 'node:path';

export default {
  reference: 'docker.io/library/busybox:1.36',
  upstream: 'busybox:1.36 (Docker official image)',
  debian: ['busybox-static'],
  // The applets of this busybox build, at the paths busybox itself names (upstream has them as hard links in /bin).
  prepare(root, { run, addLinks }) {
    const paths = run(join(root, 'usr/bin/busybox'), ['--list-full']).split('\n').filter(Boolean);
    addLinks(root, paths.filter((p) => p !== 'bin/busybox' && p !== 'usr/bin/busybox').map((p) => ({ path: `/${p}`, target: '/usr/bin/busybox' })));
  },
  config: { Cmd: ['sh'], Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
  differs: 'Busybox 1.35 from Debian 12 (busybox-static), not 1.36; applets are symlinks to /usr/bin/busybox; merged /usr.',
};
