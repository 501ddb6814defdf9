/** Lint for plain Kubernetes manifests: pattern-aware rules (PC130-PC137), API lifecycle (PC102, PC103) and the common hygiene core (PC110-PC123). */
export { lintManifests, LINT_RULES, type LintOptions } from './lint';
export { lintFixes, manifestObjects, applyEdits, type Fix, type TextEdit } from './fixes';
export { IGNORE_ANNOTATION } from './model';
export { MAX_TEXT_LENGTH, ParseMemo } from './parse';
export { PLACEHOLDER_TAG } from './rules/image-tag';
export { API_LIFECYCLE, apiLifecycle, formatMinor, NEWEST_KNOWN_MINOR, OLDEST_SUPPORTED_MINOR, parseKubeMinor, type ApiLifecycle } from './api-lifecycle';
export { fixAll, fixAllEdit, type AppliedFix, type FixAllOptions, type FixAllResult } from './fix-all';
