// The environment for a nested package-manager run, free of what an outer `npm run` handed down.
//
// npm exports its whole configuration to lifecycle scripts as npm_config_* variables (plus npm_package_*,
// npm_lifecycle_*, NODE, INIT_CWD) and puts node_modules/.bin folders and its node-gyp shim first on PATH. A nested
// `npm install` reads those npm_config_* variables back as configuration: npm_config_user_agent, already expanded
// to "npm/11 node/v20 …" by the outer npm, is then passed on unchanged to the nested install's scripts, and
// code-server's postinstall, which takes the Node version from that string, refused Node 24 with "requires node v24"
// (issue 10). npm_config_nodedir=/usr and npm_config_node_gyp point native builds at the wrong Node too. So a nested
// install starts from the user's own environment: the same one `node scripts/code-server/install.mjs` sees from a shell.
import { delimiter, sep } from 'node:path';

const NPM_HANDED_DOWN = /^(npm_.*|NODE|INIT_CWD|COLOR)$/i;

/** True for a PATH entry that npm's run-script put there (a node_modules/.bin folder or its node-gyp shim). */
function addedByNpm(entry) {
  return entry.endsWith(`${sep}node_modules${sep}.bin`) || entry.includes(`${sep}@npmcli${sep}run-script${sep}`);
}

/** `env` (default process.env) without npm's lifecycle variables and PATH entries; `extra` is laid on top. */
export function cleanEnv(extra = {}, env = process.env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (!NPM_HANDED_DOWN.test(k) && v !== undefined) out[k] = v;
  const pathKey = Object.keys(out).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  out[pathKey] = (out[pathKey] ?? '').split(delimiter).filter((p) => p && !addedByNpm(p)).join(delimiter);
  return { ...out, ...extra };
}
