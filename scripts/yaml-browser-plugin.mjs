// esbuild plugin: bundles get yaml's browser build. Its Node build reads process.env.LOG_TOKENS for every token
// (a C++ getter), which made parsing a 5,000-line manifest about a third slower; the two builds share one API.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const yamlBrowserBuild = {
  name: 'yaml-browser-build',
  setup(build) {
    const root = dirname(require.resolve('yaml/package.json'));
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: join(root, 'browser/index.js') }));
  },
};
