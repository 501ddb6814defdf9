/** The webview app: speaks the protocol with the host, holds the document and view state, renders the designer. */
import { ReactFlowProvider } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Intent } from '../src/core/design/intents';
import type { CanvasCommand, HostToWebview, LiveMessage } from '../src/protocol';
import { type Live, LiveContext } from './canvas/live';
import { Designer } from './canvas/Designer';
import { HostBridge, type VsCodeApi } from './host';
import type { ElkRunner } from './layout/layout';
import { acceptDocument, type CanvasDocument, initialViewState, type ViewState } from './state';

interface Notice {
  text: string;
  kind: 'error' | 'info';
  seq: number;
}

export function App({ api, runner }: { api: VsCodeApi; runner: ElkRunner }) {
  const [view, setView] = useState<ViewState>(() => initialViewState(api.getState()));
  const [doc, setDoc] = useState<CanvasDocument | undefined>(view.document);
  const docRef = useRef(doc);
  const [selected, setSelectedState] = useState<ReadonlySet<string>>(() => new Set(view.selected));
  const [notice, setNotice] = useState<Notice>();
  const [command, setCommand] = useState<{ name: CanvasCommand; seq: number }>();
  const bridge = useMemo(() => new HostBridge(api, () => docRef.current?.version ?? 0), [api]);
  const [liveState, setLiveState] = useState<Omit<LiveMessage, 'type'>>();
  const live = useMemo<Live>(
    () => ({
      ...(liveState ? { state: liveState } : {}),
      deploy: () => bridge.post({ type: 'deploy' }),
      showDetails: (id) => bridge.post({ type: 'showDetails', id }),
      setWatching: (show) => bridge.post({ type: 'liveStatus', show }),
    }),
    [bridge, liveState],
  );

  const closeNotice = useCallback(() => setNotice(undefined), []);
  const notify = useCallback((text: string, kind: 'error' | 'info' = 'info') => {
    if (text) setNotice((n) => ({ text, kind, seq: (n?.seq ?? 0) + 1 }));
  }, []);

  useEffect(() => {
    const onMessage = (e: MessageEvent<HostToWebview>) => {
      const m = e.data;
      if (!m || typeof m !== 'object') return;
      if (m.type === 'document') {
        performance.mark('canvas:document');
        const next = acceptDocument(docRef.current, m);
        if (!next) return;
        docRef.current = next;
        setDoc(next);
      } else if (m.type === 'intentResult') {
        bridge.receive(m);
      } else if (m.type === 'live') {
        const { type: _, ...state } = m;
        setLiveState(state);
      } else if (m.type === 'command') {
        setCommand((c) => ({ name: m.command, seq: (c?.seq ?? 0) + 1 }));
      }
    };
    window.addEventListener('message', onMessage);
    bridge.post({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, [bridge]);

  const send = useCallback(
    (intents: Intent[]) => {
      if (docRef.current?.error) return notify('The document does not parse; edit it in the text editor first.', 'error');
      void bridge.intents(intents).then((r) => {
        if (r && !r.ok && r.error) notify(r.error, 'error');
        if (r?.ok && r.created?.length) setSelectedState(new Set(r.created));
      });
    },
    [bridge, notify],
  );

  // View state survives the webview being hidden (getState/setState rather than retainContextWhenHidden).
  useEffect(() => {
    const t = setTimeout(() => api.setState({ ...view, selected: [...selected], ...(doc ? { document: doc } : {}) }), 300);
    return () => clearTimeout(t);
  }, [api, view, selected, doc]);

  // Selection keeps only what still exists after an edit (a removed or renamed block drops out).
  const setSelected = useCallback((next: Set<string>) => setSelectedState(next), []);
  const onView = useCallback((patch: Partial<ViewState>) => setView((v) => ({ ...v, ...patch })), []);

  return (
    <ReactFlowProvider>
      <LiveContext.Provider value={live}>
      {doc ? (
        <Designer
          doc={doc}
          runner={runner}
          view={view}
          onView={onView}
          selected={selected}
          setSelected={setSelected}
          send={send}
          post={(m) => bridge.post(m)}
          notify={notify}
          command={command}
        />
      ) : (
        <div className="loading" role="status">Loading the design…</div>
      )}
      </LiveContext.Provider>
      <NoticeBar notice={notice} onClose={closeNotice} />
    </ReactFlowProvider>
  );
}

function NoticeBar({ notice, onClose }: { notice: Notice | undefined; onClose(): void }) {
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(onClose, notice.kind === 'error' ? 8000 : 4000);
    return () => clearTimeout(t);
  }, [notice, onClose]);
  return (
    <div className={`notice${notice ? ` ${notice.kind}` : ' empty'}`} role={notice?.kind === 'error' ? 'alert' : 'status'} aria-live="polite" data-testid="notice">
      {notice?.text}
    </div>
  );
}
