/** Deploy, plan, undeploy and component details: thin commands over the cluster edge and the pure core. */
import * as vscode from 'vscode';
import { planSummary } from '../../core/deploy/diff';
import { type ObjectResult, resultLines } from '../../core/deploy/results';
import { hasErrors } from '../../core/diagnostics';
import type { Design } from '../../core/design/model';
import { allObjects, generate } from '../../core/generate/generate';
import { DEFAULT_NAMESPACE } from '../../core/design/view';
import { validatedDesign } from '../validated-design';
import { redactCredentials } from '../../core/redact';
import { activeDesignUri, OPEN_A_DESIGN } from '../designs';
import type { ClusterConnection } from './connection';
import type { DetailsView } from './details-view';
import type { LiveStatus } from './live';
import { clusterModule } from './loader';
import { renderPlan, renderDetails } from './render';
import { statusHub } from './status-hub';

type Cluster = ReturnType<typeof clusterModule>;

export class ClusterCommands {
  constructor(
    private readonly connection: ClusterConnection,
    private readonly live: LiveStatus,
    private readonly output: vscode.OutputChannel,
    private readonly detailsView: DetailsView,
  ) {}

  /** Plan (server-side dry-run + diff), confirm, apply with progress; conflicts offer an explicit force. */
  async deploy(uri?: vscode.Uri, opts: { force?: boolean } = {}): Promise<void> {
    const target = await this.target(uri);
    if (!target) return;
    const { design, docUri } = target;
    const deployer = target.deployer();
    try {
      await this.deployWith(design, docUri, deployer, opts);
    } catch (e) {
      this.failed(`deploy ${design.metadata.name}`, e);
    } finally {
      deployer.dispose();
    }
  }

  /**
   * A deploy or undeploy that could not run at all (cluster unreachable, the set unreadable): said in a notification
   * and in the output. Whatever was applied before the failure is already reported there, object by object.
   */
  private failed(what: string, e: unknown): void {
    const message = `Pattern Canvas: could not ${what} on ${this.connection.contextName() ?? 'the cluster'}: ${redactCredentials(e instanceof Error ? e.message : String(e))}`;
    this.output.appendLine(message);
    void vscode.window.showErrorMessage(message);
  }

  private async deployWith(design: Design, docUri: vscode.Uri, deployer: InstanceType<Cluster['Deployer']>, opts: { force?: boolean }): Promise<void> {
    const objects = allObjects(generate(design));
    const confirm = vscode.workspace.getConfiguration('patternCanvas').get<boolean>('deploy.confirm', true);
    if (confirm && !opts.force) {
      const plan = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Planning ${design.metadata.name} (server-side dry-run)…` }, () => deployer.plan(objects));
      this.output.appendLine(renderPlan(design.metadata.name, this.connection.contextName() ?? '?', plan.changes, plan.failures));
      if (plan.failures.length) {
        this.output.show(true);
        void vscode.window.showErrorMessage(`Pattern Canvas: the dry-run was refused for ${plan.failures.length} object(s): ${plan.failures[0]!.message}`);
        this.refusals(docUri, plan.failures);
        return;
      }
      const choice = await vscode.window.showInformationMessage(
        `Deploy ${design.metadata.name} to ${this.connection.contextName()}? ${planSummary(plan.changes)}.`,
        { modal: true, detail: plan.changes.filter((c) => c.change !== 'unchanged').slice(0, 20).map((c) => `${c.change} ${c.kind} ${c.name}`).join('\n') },
        'Deploy',
        'Show plan',
      );
      if (choice === 'Show plan') this.output.show(true);
      if (choice !== 'Deploy') return;
    }
    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deploying ${design.metadata.name}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return deployer.apply(objects, {
          force: opts.force ?? false,
          signal: abort.signal,
          onResult: (r, done, total) => progress.report({ message: `${done}/${total} ${r.kind} ${r.name}: ${r.outcome}`, increment: 100 / Math.max(total, 1) }),
        });
      },
    );
    for (const l of results.flatMap(resultLines)) this.output.appendLine(l);
    this.refusals(docUri, results);
    this.live.watch(docUri, design);
    const conflicts = results.filter((r) => r.outcome === 'conflict');
    const failed = results.filter((r) => r.outcome === 'failed' || r.outcome === 'skipped');
    if (conflicts.length) {
      const force = await vscode.window.showWarningMessage(`Pattern Canvas: ${conflicts.length} object(s) have fields managed by someone else: ${conflicts[0]!.message}`, 'Force (take over the fields)', 'Show output');
      if (force?.startsWith('Force')) return this.deploy(docUri, { force: true });
      if (force === 'Show output') this.output.show(true);
    } else if (failed.length) {
      this.output.show(true);
      void vscode.window.showErrorMessage(`Pattern Canvas: ${failed.length} object(s) were not applied: ${failed[0]!.message ?? failed[0]!.outcome}`);
    } else {
      void vscode.window.setStatusBarMessage(`Pattern Canvas: ${design.metadata.name} deployed (${results.length} objects)`, 5000);
      const warned = results.filter((r) => r.warnings?.length);
      if (warned.length) {
        const show = await vscode.window.showWarningMessage(`Pattern Canvas: the server warned about ${warned.length} object(s): ${warned[0]!.kind} ${warned[0]!.name}: ${warned[0]!.warnings![0]}`, 'Show output');
        if (show) this.output.show(true);
      }
    }
  }

  async undeploy(uri?: vscode.Uri): Promise<void> {
    const target = await this.target(uri);
    if (!target) return;
    const ok = await vscode.window.showWarningMessage(`Remove every object of ${target.design.metadata.name} (its ApplySet) from ${this.connection.contextName()}? Objects outside the set are not touched.`, { modal: true }, 'Undeploy');
    if (ok !== 'Undeploy') return;
    const deployer = target.deployer();
    let results: ObjectResult[];
    try {
      results = await Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Undeploying ${target.design.metadata.name}` }, () => deployer.destroy()));
    } catch (e) {
      return this.failed(`undeploy ${target.design.metadata.name}`, e);
    } finally {
      deployer.dispose();
    }
    for (const l of results.flatMap(resultLines)) this.output.appendLine(l);
    const failed = results.filter((r) => r.outcome === 'failed');
    if (failed.length) void vscode.window.showErrorMessage(`Pattern Canvas: ${failed.length} object(s) could not be deleted: ${failed[0]!.message}`);
  }

  /** Events (newest first) and recent logs of one component, rendered read-only beside the canvas. */
  async details(uri: vscode.Uri, componentId: string): Promise<void> {
    const target = await this.target(uri);
    if (!target) return;
    const d = await clusterModule().componentDetails(this.connection.config(), target.design.metadata.name, target.design.metadata.namespace ?? DEFAULT_NAMESPACE, componentId);
    await this.detailsView.show(target.design.metadata.name, componentId, renderDetails(componentId, statusHub.get(uri.toString())?.statuses[componentId], d));
  }

  async watch(uri?: vscode.Uri): Promise<void> {
    const target = await this.target(uri);
    if (target) this.live.watch(target.docUri, target.design);
  }

  unwatch(uri?: vscode.Uri): void {
    const docUri = uri ?? activeDesignUri();
    if (docUri) this.live.unwatch(docUri);
  }

  /** No prompts, no messages: a design that does not parse or a missing context just shows no status. */
  async watchIfDeployed(uri: vscode.Uri): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const { parsed, diagnostics } = validatedDesign(doc.getText());
    if (parsed.design && !hasErrors(diagnostics)) await this.live.watchIfDeployed(uri, parsed.design);
  }

  /** The design to act on, checked: trusted workspace, parses without errors, a usable kube context. */
  private async target(uri?: vscode.Uri): Promise<{ design: Design; docUri: vscode.Uri; deployer: () => InstanceType<Cluster['Deployer']> } | undefined> {
    if (!this.connection.trusted()) return undefined;
    const docUri = uri ?? activeDesignUri();
    if (!docUri) {
      void vscode.window.showErrorMessage(`Pattern Canvas: ${OPEN_A_DESIGN}`);
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument(docUri);
    const { parsed, diagnostics } = validatedDesign(doc.getText());
    if (!parsed.design || hasErrors(diagnostics)) {
      void vscode.window.showErrorMessage(`Pattern Canvas: ${docUri.path.split('/').pop()} has errors; fix them (see Problems) before deploying.`);
      return undefined;
    }
    try {
      const kc = this.connection.config();
      const design = parsed.design;
      // Made when needed (and disposed after): a Deployer holds kept-alive connections to the API server.
      return { design, docUri, deployer: () => new (clusterModule().Deployer)(kc, design.metadata.name, design.metadata.namespace ?? DEFAULT_NAMESPACE) };
    } catch (e) {
      void vscode.window.showErrorMessage(`Pattern Canvas: ${redactCredentials(e instanceof Error ? e.message : String(e))}`);
      return undefined;
    }
  }

  private refusals(uri: vscode.Uri, results: readonly ObjectResult[]): void {
    const refusals: Record<string, string> = {};
    for (const r of results) if ((r.outcome === 'failed' || r.outcome === 'conflict') && r.component) refusals[r.component] = r.message ?? r.outcome;
    statusHub.update(uri.toString(), { refusals });
  }
}
