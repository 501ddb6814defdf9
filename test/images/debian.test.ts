// Reading apt's dependency output: which packages an image's program needs (no apt, no root needed here).
import { describe, expect, it } from 'vitest';
import { parseAptDepends } from '../../scripts/images/debian.mjs';

// Shapes seen from `apt-cache depends --no-recommends ...` on Debian 12.
const OUTPUT = `nginx
  Depends: libc6
  Depends: libssl3
  Depends: nginx-common
  Depends: nginx-common
nginx-common
 |Depends: debconf
  Depends: <debconf-2.0>
    cdebconf
    debconf
redis-server
  PreDepends: init-system-helpers
  Depends: lsb-base
    sysvinit-utils
  Depends: redis-tools
memcached
  Depends: <perl:any>
    perl
  Depends: libevent-2.1-7
varnish
  Depends: gcc
 |Depends: libc6-dev
 |Depends: <libc6.1-dev>
  Depends: <libc-dev>
    libc6-dev
  Depends: libjemalloc2
`;

describe('parseAptDepends', () => {
  const deps = parseAptDepends(OUTPUT);

  it('keeps Depends and PreDepends of each package', () => {
    expect(deps['nginx']).toEqual(['libc6', 'libssl3', 'nginx-common', 'nginx-common']);
    expect(deps['redis-server']).toEqual(['init-system-helpers', 'lsb-base', 'redis-tools']);
  });

  it('takes the first alternative of an a | b group, not the others', () => {
    expect(deps['nginx-common']).toEqual(['debconf']);
    expect(deps['varnish']).toEqual(['gcc', 'libc6-dev', 'libjemalloc2']);
  });

  it('takes the first provider of a virtual package, and ignores the providers listed under a real one', () => {
    expect(deps['memcached']).toEqual(['perl', 'libevent-2.1-7']);
    expect(deps['redis-server']).not.toContain('sysvinit-utils');
  });
});
