/** The webview's side of src/protocol.ts: posting messages, intents as requests matched by id. */
import type { Intent } from '../src/core/design/intents';
import type { HostToWebview, IntentResultMessage, WebviewToHost } from '../src/protocol';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export class HostBridge {
  private nextId = 1;
  private readonly pending = new Map<number, (r: IntentResultMessage) => void>();

  /** `version` reads the version of the document last accepted, which every intent is made against. */
  constructor(
    readonly api: VsCodeApi,
    private readonly version: () => number,
  ) {}

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  /** Send one intent; resolves with the host's answer. */
  intent(intent: Intent): Promise<IntentResultMessage> {
    const id = this.nextId++;
    const answer = new Promise<IntentResultMessage>((resolve) => this.pending.set(id, resolve));
    this.post({ type: 'intent', id, version: this.version(), intent });
    return answer;
  }

  /**
   * Send intents one after another: each waits for the previous answer, by which time the host has sent the
   * document it produced (documents are posted before results), so each is made against the current version.
   */
  async intents(intents: readonly Intent[]): Promise<IntentResultMessage | undefined> {
    let last: IntentResultMessage | undefined;
    for (const i of intents) {
      last = await this.intent(i);
      if (!last.ok) return last;
    }
    return last;
  }

  /** Route a host message; returns true when it was an answer this bridge was waiting for. */
  receive(message: HostToWebview): boolean {
    if (message.type !== 'intentResult') return false;
    const resolve = this.pending.get(message.id);
    this.pending.delete(message.id);
    resolve?.(message);
    return !!resolve;
  }
}

declare function acquireVsCodeApi(): VsCodeApi;

/** VS Code's API in a webview; a stand-in when the page runs outside VS Code (bench harness, tests). */
export function vscodeApi(): VsCodeApi {
  if (typeof acquireVsCodeApi === 'function') return acquireVsCodeApi();
  let state: unknown;
  return { postMessage: (m) => window.parent.postMessage(m, '*'), getState: () => state, setState: (s) => (state = s) };
}
