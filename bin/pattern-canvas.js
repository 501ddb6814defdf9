#!/usr/bin/env node
// Thin launcher: the CLI is bundled by build.mjs (npm ci runs it through `prepare`).
require('../dist/cli.js').run();
