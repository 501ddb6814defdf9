/** The toolbar's actions (also started from VS Code commands): auto-layout, fit view, export as SVG or PNG. */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import type { Intent, Point } from '../../src/core/design/intents';
import type { Design } from '../../src/core/design/model';
import type { CanvasCommand, WebviewToHost } from '../../src/protocol';
import { svgToPng } from '../export/png';
import { canvasSvg } from '../export/svg';
import * as gesture from '../graph/gestures';
import type { BlockNode, ConnectionEdge } from '../graph/toFlow';
import { exportGeometry, themeColors } from './exportCanvas';

export interface CanvasCommandDeps {
  nodes: BlockNode[];
  edges: ConnectionEdge[];
  design: Design | undefined;
  readOnly: boolean;
  layoutAll(): Promise<Record<string, Point>>;
  send(intents: Intent[]): void;
  notify(text: string, kind?: 'error' | 'info'): void;
  post(message: WebviewToHost): void;
  command: { name: CanvasCommand; seq: number } | undefined;
}

export function useCanvasCommands(d: CanvasCommandDeps) {
  const flow = useReactFlow<BlockNode, ConnectionEdge>();
  const { nodes, edges, design, readOnly, layoutAll, send, notify, post, command } = d;

  const fit = useCallback(() => void flow.fitView({ padding: 0.1, duration: 200 }), [flow]);

  const exportAs = useCallback(
    async (format: 'svg' | 'png') => {
      const { blocks, links } = exportGeometry(nodes, edges);
      const { svg, width, height } = canvasSvg(blocks, links, themeColors());
      try {
        post({ type: 'export', format, data: format === 'svg' ? svg : await svgToPng(svg, width, height) });
      } catch (e) {
        post({ type: 'reportError', message: `Export failed: ${e instanceof Error ? e.message : String(e)}` });
      }
    },
    [nodes, edges, post],
  );

  // After an auto-layout the view is fitted once the document with the new positions is drawn.
  const fitWhenDrawn = useRef(false);
  useEffect(() => {
    if (!fitWhenDrawn.current) return;
    fitWhenDrawn.current = false;
    requestAnimationFrame(fit);
  }, [nodes, fit]);

  const autoLayout = useCallback(async () => {
    if (!design || readOnly) return;
    try {
      const positions = await layoutAll();
      const intent = gesture.moveBlocks(design, Object.fromEntries(Object.entries(positions).map(([id, [x, y]]) => [id, { x, y }])));
      if (intent) {
        fitWhenDrawn.current = true;
        send([intent]);
      } else fit();
    } catch (e) {
      notify(`Layout failed: ${e instanceof Error ? e.message : String(e)}`, 'error');
    }
  }, [design, readOnly, layoutAll, send, fit, notify]);

  const lastCommand = useRef(0);
  useEffect(() => {
    if (!command || command.seq === lastCommand.current) return;
    lastCommand.current = command.seq;
    if (command.name === 'autoLayout') void autoLayout();
    else if (command.name === 'fitView') fit();
    else void exportAs(command.name === 'exportSvg' ? 'svg' : 'png');
  }, [command, autoLayout, fit, exportAs]);

  return { exportAs, autoLayout, fit };
}
