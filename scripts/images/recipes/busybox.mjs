// docker.io/library/busybox: Debian's static busybox with every applet linked in place, as upstream.
import { linkBusyboxApplets, PATH } from './userland.mjs';

export default {
  reference: 'docker.io/library/busybox:1.36',
  upstream: 'busybox:1.36 (Docker official image)',
  builtFrom: 'Debian busybox-static',
  debian: ['busybox-static'],
  prepare: linkBusyboxApplets,
  config: { Cmd: ['sh'], Env: [PATH] },
  differs: 'Busybox 1.35 from Debian 12 (busybox-static), not 1.36; applets are symlinks to /usr/bin/busybox (upstream: hard links in /bin).',
};
