// registry.k8s.io/pause: the pod sandbox's process, our own static C program (pause.c beside this file).
export default {
  reference: 'registry.k8s.io/pause:3.10.1',
  upstream: 'registry.k8s.io/pause:3.10.1',
  builtFrom: 'recipes/pause.c, gcc -static',
  compile: [{ kind: 'c', src: 'recipes/pause.c', to: '/pause' }],
  config: { Entrypoint: ['/pause'], User: '65535:65535' },
  differs: 'Our own C source with the same behaviour (holds the namespaces, reaps zombies, exits 0 on SIGINT/SIGTERM), static glibc instead of upstream\'s; adds /etc/passwd and /tmp.',
};
