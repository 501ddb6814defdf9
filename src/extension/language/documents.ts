/**
 * Which documents get which checks, and the settings that narrow them. No `vscode` import: the decisions are
 * plain functions of names, text and settings, tested without an editor.
 */
import type { Diagnostic } from '../../core/diagnostics';
import { DESIGN_SUFFIX } from '../../core/design/templates';
import { parseKubeMinor } from '../../core/lint/index';

export { DESIGN_SUFFIX };

export type DocumentRole = 'design' | 'manifest' | 'other';

/**
 * A `*.patterns.yaml` file is a design; another YAML file is a Kubernetes manifest when one of its documents has
 * top-level `apiVersion` and `kind`, so random YAML (CI configs, compose files) gets nothing.
 */
export function documentRole(fileName: string, languageId: string, text: string): DocumentRole {
  if (fileName.endsWith(DESIGN_SUFFIX)) return 'design';
  if (languageId !== 'yaml') return 'other';
  return looksLikeManifest(text) ? 'manifest' : 'other';
}

const TOP_LEVEL_KEY = (key: string) => new RegExp(`^(?:${key}|"${key}"|'${key}')[ \\t]*:[ \\t]*[^\\s#]`, 'm');
const API_VERSION = TOP_LEVEL_KEY('apiVersion');
const KIND = TOP_LEVEL_KEY('kind');

/** One document of the file starts `apiVersion:` and `kind:` at column 0 (in any order). */
export function looksLikeManifest(text: string): boolean {
  for (const doc of text.split(/^---[ \t]*.*$/m)) if (API_VERSION.test(doc) && KIND.test(doc)) return true;
  return false;
}

export interface LintSettings {
  /** Lint plain Kubernetes manifests as they are typed. */
  enable: boolean;
  /** Codes never shown, e.g. ['PC115']. */
  exclude: readonly string[];
  /** The release API versions are checked against ('1.29'); undefined: the connected cluster's, else the default. */
  kubernetesVersion: string | undefined;
}

/** Settings as read from the configuration, tolerant of hand-edited values. */
export function lintSettings(enable: unknown, exclude: unknown, kubernetesVersion?: unknown): LintSettings {
  return {
    enable: enable !== false,
    exclude: Array.isArray(exclude) ? exclude.filter((c): c is string => typeof c === 'string').map((c) => c.trim().toUpperCase()) : [],
    // A value that is not a release (the settings editor flags it) counts as unset rather than as some guess.
    kubernetesVersion: typeof kubernetesVersion === 'string' && parseKubeMinor(kubernetesVersion) !== undefined ? kubernetesVersion.trim() : undefined,
  };
}

/** The release to lint against: the setting, else the connected cluster's, else lint's own default (undefined). */
export const lintTarget = (settings: LintSettings, clusterVersion: string | undefined): string | undefined =>
  settings.kubernetesVersion ?? (parseKubeMinor(clusterVersion) !== undefined ? clusterVersion : undefined);

/**
 * The diagnostics a document shows. Designs are always checked (the canvas and generation depend on it);
 * `enable` turns the lint of plain manifests on and off; `exclude` silences codes in both.
 */
export function shownDiagnostics(role: DocumentRole, all: readonly Diagnostic[], settings: LintSettings): Diagnostic[] {
  if (role === 'other' || (role === 'manifest' && !settings.enable)) return [];
  const silenced = new Set(settings.exclude);
  return all.filter((d) => !silenced.has(d.code) && d.range);
}
