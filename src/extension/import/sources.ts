/** The manifests behind an explorer selection, read through the workspace file system: files, folders, a kustomization. */
import * as vscode from 'vscode';
import { applyPlan, KUSTOMIZATION_FILES, kustomizationPlan } from '../../core/import/kustomize';
import { type InputObject, MAX_IMPORT_CHARS, readManifests } from '../../core/import/read';

export interface Gathered {
  objects: InputObject[];
  problems: string[];
}

const decoder = new TextDecoder();

export async function gatherManifests(uris: readonly vscode.Uri[]): Promise<Gathered> {
  const out: Gathered = { objects: [], problems: [] };
  const budget = { chars: MAX_IMPORT_CHARS };
  for (const uri of uris) await gather(uri, out, budget);
  return out;
}

async function gather(uri: vscode.Uri, out: Gathered, budget: { chars: number }, namespace?: string): Promise<void> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) {
    const entries = await vscode.workspace.fs.readDirectory(uri);
    const kustomization = entries.find(([name]) => KUSTOMIZATION_FILES.includes(name));
    if (kustomization) return gather(vscode.Uri.joinPath(uri, kustomization[0]), out, budget, namespace);
    for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      if (type & vscode.FileType.Directory || (/\.ya?ml$/.test(name) && !/\.patterns\.ya?ml$/.test(name))) await gather(vscode.Uri.joinPath(uri, name), out, budget, namespace);
    }
    return;
  }
  const text = await read(uri, budget);
  const name = vscode.workspace.asRelativePath(uri);
  if (KUSTOMIZATION_FILES.some((k) => uri.path.endsWith(`/${k}`))) {
    const plan = kustomizationPlan(text, name);
    if ('error' in plan) throw new Error(plan.error);
    // An overlay's namespace wins over its bases', as in kustomize.
    for (const r of plan.resources) await gather(vscode.Uri.joinPath(uri, '..', r), out, budget, namespace ?? plan.namespace);
    return;
  }
  const read_ = readManifests([{ name, text }]);
  out.problems.push(...read_.problems);
  out.objects.push(...read_.objects.map((o) => (namespace ? { ...o, object: applyPlan(o.object, { resources: [], namespace }) } : o)));
}

async function read(uri: vscode.Uri, budget: { chars: number }): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  budget.chars -= bytes.byteLength;
  if (budget.chars < 0) throw new Error(`the selection holds more than ${MAX_IMPORT_CHARS / 1048576} MB of YAML; import a smaller folder`);
  return decoder.decode(bytes);
}
