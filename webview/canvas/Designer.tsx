/** The designer: palette, canvas, inspector and toolbar over one document. Gestures become intents, never text. */
import {
  Background,
  BackgroundVariant,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { useCallback, useMemo, useRef } from 'react';
import { type CapacityReport, estimateDesign } from '../../src/core/capacity/estimate';
import { aPattern } from '../../src/core/text';
import type { Intent, Point } from '../../src/core/design/intents';
import type { PatternId } from '../../src/core/patterns/support/ids';
import { patternDef } from '../../src/core/patterns/index';
import type { CanvasCommand, WebviewToHost } from '../../src/protocol';
import { indexDiagnostics } from '../graph/diagnosticIndex';
import * as gesture from '../graph/gestures';
import { reuseUnchanged } from '../graph/reuse';
import { designShape } from '../graph/structure';
import { type BlockNode, type ConnectionEdge, toEdges, toNodes } from '../graph/toFlow';
import type { ElkRunner } from '../layout/layout';
import { Inspector } from '../panels/Inspector';
import { Palette } from '../panels/Palette';
import { PALETTE_MIME } from '../panels/paletteGroups';
import type { CanvasDocument, ViewState } from '../state';
import { edgeTypes } from './ConnectionEdge';
import { nodeTypes } from './BlockNodes';
import { ParseErrorBanner } from './ParseErrorBanner';
import { Toolbar } from './Toolbar';
import { useConnectGestures } from './useConnectGestures';
import { usePaintedSignal } from './usePaintedSignal';
import { useCanvasCommands } from './useCanvasCommands';
import { useInitialView } from './useInitialView';
import { useAutoLayout } from './useLayout';
import { useClipboardKeys } from './useClipboardKeys';
import { useMoves } from './useMoves';
import { useThemeKind } from './useThemeKind';

export interface DesignerProps {
  doc: CanvasDocument;
  runner: ElkRunner;
  view: ViewState;
  onView(patch: Partial<ViewState>): void;
  selected: ReadonlySet<string>;
  setSelected(next: Set<string>): void;
  send(intents: Intent[]): void;
  post(message: WebviewToHost): void;
  notify(text: string, kind?: 'error' | 'info'): void;
  command: { name: CanvasCommand; seq: number } | undefined;
}

const NO_SELECTION: ReadonlySet<string> = new Set();

export function Designer(p: DesignerProps) {
  const { doc, selected, setSelected, send, notify } = p;
  const flow = useReactFlow<BlockNode, ConnectionEdge>();
  const pane = useRef<HTMLDivElement>(null);
  const design = doc.design;
  const readOnly = !!doc.error;
  const shape = useMemo(() => (design ? designShape(design) : undefined), [design]);
  const index = useMemo(() => indexDiagnostics(doc.diagnostics), [doc.diagnostics]);
  const capacity = useMemo<CapacityReport>(() => (design ? estimateDesign(design) : { estimates: [] }), [design]);
  const capacityById = useMemo(() => new Map(capacity.estimates.map((e) => [e.id, e])), [capacity]);
  const layout = useAutoLayout(design, shape, p.runner, (m) => notify(m, 'error'));
  const theme = useThemeKind();

  // Nodes are rebuilt when the document changes; selection and in-flight moves are laid over them cheaply.
  const flowInput = useMemo(
    () =>
      design && shape && layout.complete
        ? { design, shape, diagnostics: index, connectionIndexes: doc.connectionIndexes, fallback: layout.auto, selected: NO_SELECTION, readOnly, capacity: capacityById }
        : undefined,
    [design, shape, index, doc.connectionIndexes, layout.auto, layout.complete, readOnly, capacityById],
  );
  // Unchanged blocks keep their objects from the previous document, so an edit redraws only what it touched.
  const previous = useRef<{ nodes: BlockNode[]; edges: ConnectionEdge[] }>({ nodes: [], edges: [] });
  // While a layout is pending there is nothing to draw, but the last blocks stay cached for when it lands.
  const baseNodes = useMemo(() => (flowInput ? (previous.current.nodes = reuseUnchanged(previous.current.nodes, toNodes(flowInput))) : []), [flowInput]);
  const baseEdges = useMemo(() => (flowInput ? (previous.current.edges = reuseUnchanged(previous.current.edges, toEdges(flowInput))) : []), [flowInput]);

  const topLevelPositions = useCallback((): Record<string, { x: number; y: number }> => {
    const out: Record<string, { x: number; y: number }> = {};
    for (const n of baseNodes) if (!n.parentId) out[n.id] = n.position;
    return out;
  }, [baseNodes]);

  const onMoved = useCallback(
    (moved: Record<string, { x: number; y: number }>) => {
      if (!design) return;
      // Blocks placed by the automatic layout are written along with the first move, so the picture the user
      // arranged is the one the file keeps.
      const unsaved = Object.fromEntries(Object.entries(topLevelPositions()).filter(([id]) => !design.layout[id]));
      const intent = gesture.moveBlocks(design, { ...unsaved, ...moved });
      if (intent && Object.keys(moved).some((id) => intent.type === 'moveComponents' && intent.positions[id])) send([intent]);
    },
    [design, send, topLevelPositions],
  );
  const moves = useMoves(doc.version, onMoved);

  const nodes = useMemo(
    () =>
      baseNodes.map((n) => {
        const sel = selected.has(n.id);
        const at = moves.live[n.id];
        return sel || at ? { ...n, selected: sel, ...(at ? { position: at } : {}) } : n;
      }),
    [baseNodes, selected, moves.live],
  );
  const edges = useMemo(() => baseEdges.map((e) => (selected.has(e.id) ? { ...e, selected: true } : e)), [baseEdges, selected]);

  const applySelection = useCallback(
    (changes: readonly (NodeChange<BlockNode> | EdgeChange<ConnectionEdge>)[]) => {
      let next: Set<string> | undefined;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        next ??= new Set(selected);
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      if (next) setSelected(next);
    },
    [selected, setSelected],
  );
  const onNodesChange = useCallback(
    (changes: NodeChange<BlockNode>[]) => {
      moves.onPositionChanges(changes);
      applySelection(changes);
    },
    [moves, applySelection],
  );

  const refuse = useCallback((g: gesture.Gesture | undefined) => {
    if (!g) return;
    if ('refused' in g) notify(g.refused, 'error');
    else send([g.intent]);
  }, [notify, send]);

  const { onConnect, isValidConnection, onConnectEnd } = useConnectGestures(design, refuse, notify);

  const placedBlocks = useCallback(
    (): gesture.PlacedBlock[] => nodes.filter((n) => !n.parentId).map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, width: n.width ?? 0, height: n.height ?? 0 })),
    [nodes],
  );
  const onDragOver = useCallback((e: React.DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const pattern = e.dataTransfer.getData(PALETTE_MIME) as PatternId;
      if (!pattern || !design || readOnly) return;
      e.preventDefault();
      refuse(gesture.dropBlock(design, pattern, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }), placedBlocks()));
    },
    [design, readOnly, flow, placedBlocks, refuse],
  );

  const paneCentre = useCallback(() => {
    const r = pane.current?.getBoundingClientRect();
    return flow.screenToFlowPosition(r ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : { x: 0, y: 0 });
  }, [flow]);

  const selectedComponents = useMemo(() => [...selected].filter((id) => design?.components[id]), [selected, design]);
  const selectedConnections = useMemo(() => edges.filter((e) => selected.has(e.id)).map((e) => e.data!.index), [edges, selected]);

  const onPaletteActivate = useCallback(
    (pattern: PatternId) => {
      if (!design || readOnly) return;
      if (patternDef(pattern)?.role !== 'attachment') return refuse(gesture.dropBlock(design, pattern, paneCentre(), []));
      const host = selectedComponents.length === 1 ? selectedComponents[0]! : undefined;
      if (!host) return notify(`Select the workload to attach ${aPattern(patternDef(pattern)?.title ?? pattern)} to, then press Enter on it again.`, 'error');
      refuse(gesture.attachTo(design, pattern, host));
    },
    [design, readOnly, selectedComponents, paneCentre, refuse, notify],
  );

  // The palette is memoised; it gets a callback that never changes and calls the current one.
  const activateRef = useRef(onPaletteActivate);
  activateRef.current = onPaletteActivate;
  const stableActivate = useCallback((pattern: PatternId) => activateRef.current(pattern), []);

  const deleteSelection = useCallback(() => {
    if (readOnly) return;
    const intents = gesture.deleteSelection(selectedComponents, selectedConnections);
    if (intents.length) send(intents);
  }, [readOnly, selectedComponents, selectedConnections, send]);

  const copy = useCallback(() => {
    if (!design) return undefined;
    const positions = topLevelPositions();
    return gesture.copySelection(design, selectedComponents, (id) => {
      const at = positions[id];
      return at ? ([at.x, at.y] as Point) : undefined;
    });
  }, [design, selectedComponents, topLevelPositions]);

  useClipboardKeys(pane, {
    deleteSelection,
    rename: () => (document.getElementById('inspector-id') as HTMLElement | null)?.focus(),
    selectAll: () => setSelected(new Set([...nodes.map((n) => n.id), ...edges.map((e) => e.id)])),
    clearSelection: () => setSelected(new Set()),
    copy,
    cut: deleteSelection,
    paste: (payload) => {
      if (readOnly) return;
      const c = paneCentre();
      send([gesture.paste(payload, { x: c.x - 120, y: c.y - 40 })]);
    },
  });

  const { exportAs, autoLayout, fit } = useCanvasCommands({ nodes, edges, design, readOnly, layoutAll: layout.layoutAll, send, notify, post: p.post, command: p.command });

  const initialView = useInitialView(pane, nodes, !!p.view.viewport);

  usePaintedSignal(doc.version, nodes.length);

  return (
    <div className={`designer${p.view.palette ? '' : ' no-palette'}${p.view.inspector ? '' : ' no-inspector'}${p.view.minimap ? '' : ' no-minimap'}`}>
      <Toolbar
        diagnostics={doc.diagnostics}
        minimap={p.view.minimap}
        palette={p.view.palette}
        inspector={p.view.inspector}
        onTogglePalette={() => p.onView({ palette: !p.view.palette })}
        onToggleInspector={() => p.onView({ inspector: !p.view.inspector })}
        readOnly={readOnly}
        onAutoLayout={() => {
          initialView.stopFollowing();
          void autoLayout();
        }}
        onFitView={() => {
          initialView.stopFollowing();
          fit();
        }}
        onZoomIn={() => {
          initialView.stopFollowing();
          void flow.zoomIn({ duration: 150 });
        }}
        onZoomOut={() => {
          initialView.stopFollowing();
          void flow.zoomOut({ duration: 150 });
        }}
        onToggleMinimap={() => p.onView({ minimap: !p.view.minimap })}
        onGenerate={() => p.post({ type: 'generateManifests' })}
        onExport={(f) => void exportAs(f)}
      />
      {p.view.palette && <Palette onActivate={stableActivate} disabled={readOnly || !design} />}
      <div className="pane" ref={pane} onDragOver={onDragOver} onDrop={onDrop}>
        {doc.error && <ParseErrorBanner error={doc.error} onOpenText={() => p.post({ type: 'openAsText' })} />}
        <ReactFlow<BlockNode, ConnectionEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={applySelection}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control']}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          {...(p.view.viewport ? { defaultViewport: p.view.viewport } : {})}
          onMoveStart={initialView.onMoveStart}
          onMoveEnd={(_, viewport) => p.onView({ viewport })}
          minZoom={0.1}
          maxZoom={2}
          onlyRenderVisibleElements
          colorMode={theme}
          className={readOnly ? 'read-only' : undefined}
          aria-label="Design canvas"
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1} />
        </ReactFlow>
      </div>
      {/* Beside the canvas, not over it: a minimap in the pane's corner hides the blocks under it. */}
      {p.view.minimap && (
        <div className="minimap-dock" data-testid="minimap-dock">
          <MiniMap pannable zoomable ariaLabel="Minimap" />
        </div>
      )}
      {design && p.view.inspector && (
        <Inspector
          design={design}
          diagnostics={index}
          connectionIndexes={doc.connectionIndexes}
          components={selectedComponents}
          connections={selectedConnections}
          readOnly={readOnly}
          onIntent={(i) => send([i])}
          onRename={(from, to) => refuse(gesture.rename(design, from, to))}
          onDelete={deleteSelection}
          onReveal={(path) => p.post({ type: 'reveal', path })}
          onConnect={(from, to) => refuse(gesture.connect(design, from, to))}
          general={index.general}
          capacity={capacity}
        />
      )}
    </div>
  );
}
