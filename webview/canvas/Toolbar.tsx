/** The canvas toolbar: layout, view, outputs, and the design's problem count. */
import type { Diagnostic } from '../../src/core/diagnostics';
import { countBySeverity } from '../../src/core/diagnostics';
import { useContext } from 'react';
import { Button, Icon } from '../ui';
import { LiveContext } from './live';

export interface ToolbarProps {
  diagnostics: readonly Diagnostic[];
  minimap: boolean;
  palette: boolean;
  inspector: boolean;
  readOnly: boolean;
  onAutoLayout(): void;
  onFitView(): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onToggleMinimap(): void;
  onTogglePalette(): void;
  onToggleInspector(): void;
  onGenerate(): void;
  onExport(format: 'svg' | 'png'): void;
}

export function Toolbar(p: ToolbarProps) {
  const counts = countBySeverity(p.diagnostics);
  const live = useContext(LiveContext);
  return (
    <div className="toolbar" role="toolbar" aria-label="Canvas">
      <Button appearance="icon" icon="layout-sidebar-left" label={p.palette ? 'Hide palette' : 'Show palette'} pressed={p.palette} onClick={p.onTogglePalette} testId="tool-palette" />
      <Button appearance="icon" icon="type-hierarchy-sub" label="Auto-layout (writes positions)" disabled={p.readOnly} onClick={p.onAutoLayout} testId="tool-autolayout" />
      <Button appearance="icon" icon="screen-full" label="Fit view" onClick={p.onFitView} testId="tool-fit" />
      <Button appearance="icon" icon="zoom-in" label="Zoom in" onClick={p.onZoomIn} />
      <Button appearance="icon" icon="zoom-out" label="Zoom out" onClick={p.onZoomOut} />
      <Button appearance="icon" icon="map" label={p.minimap ? 'Hide minimap' : 'Show minimap'} pressed={p.minimap} onClick={p.onToggleMinimap} testId="tool-minimap" />
      <span className="toolbar-sep" />
      <Button appearance="icon" icon="file-code" label="Generate manifests into a folder" disabled={p.readOnly} onClick={p.onGenerate} testId="tool-generate" />
      <Button appearance="icon" icon="file-media" label="Export as SVG" onClick={() => p.onExport('svg')} testId="tool-export-svg" />
      <Button appearance="icon" icon="device-camera" label="Export as PNG" onClick={() => p.onExport('png')} testId="tool-export-png" />
      <span className="toolbar-sep" />
      <Button appearance="icon" icon="cloud-upload" label="Deploy to the cluster of the current kube context" disabled={p.readOnly} onClick={live.deploy} testId="tool-deploy" />
      <Button
        appearance="icon"
        icon={live.state?.watching ? 'eye-closed' : 'pulse'}
        label={live.state?.watching ? 'Hide Live Status' : 'Show Live Status on the Canvas'}
        pressed={!!live.state?.watching}
        disabled={p.readOnly}
        onClick={() => live.setWatching(!live.state?.watching)}
        testId="tool-live"
      />
      {live.state?.context && live.state.watching && (
        <span
          className={`live-context${live.state.unreachable ? ' unreachable' : ''}`}
          title={live.state.unreachable ? `Cannot reach the API server since ${new Date(live.state.unreachable.since).toLocaleTimeString()}: ${live.state.unreachable.reason}` : 'Live status from this kube context'}
          data-testid="live-context"
          data-unreachable={live.state.unreachable ? 'true' : undefined}
        >
          <Icon name={live.state.unreachable ? 'debug-disconnect' : 'cloud'} /> {live.state.context}
          {live.state.unreachable ? `: unreachable${live.state.unreachable.lastSeen ? ` · last seen ${new Date(live.state.unreachable.lastSeen).toLocaleTimeString()}` : ''}` : ''}
        </span>
      )}
      <span className="toolbar-fill" />
      <Button appearance="icon" icon="layout-sidebar-right" label={p.inspector ? 'Hide inspector' : 'Show inspector'} pressed={p.inspector} onClick={p.onToggleInspector} testId="tool-inspector" />
      <span className="problem-counts" aria-label={`${counts.error} errors, ${counts.warning} warnings, ${counts.info} infos`} data-testid="problem-counts">
        <span className="sev-error"><Icon name="error" /> {counts.error}</span>
        <span className="sev-warning"><Icon name="warning" /> {counts.warning}</span>
        <span className="sev-info"><Icon name="info" /> {counts.info}</span>
      </span>
    </div>
  );
}
