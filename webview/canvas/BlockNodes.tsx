/** The blocks: a workload with its pod frame, an attachment inside a pod, an infrastructure component. */
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { memo } from 'react';
import { Icon } from '../ui';
import type { BlockData, BlockNode } from '../graph/toFlow';
import { LiveBadge } from './live';

function Problems({ data }: { data: BlockData }) {
  if (!data.severity) return null;
  const icon = data.severity === 'error' ? 'error' : data.severity === 'warning' ? 'warning' : 'info';
  return (
    <span className={`block-problems sev-${data.severity}`} title={data.messages.join('\n')} data-testid="block-problems">
      <Icon name={icon} />
      {data.messages.length}
    </span>
  );
}

function Handles({ data }: { data: BlockData }) {
  if (data.readOnly) return null;
  return (
    <>
      <Handle type="target" position={Position.Left} aria-label={`connect into ${data.id}`} />
      <Handle type="source" position={Position.Right} aria-label={`connect from ${data.id}`} />
    </>
  );
}

/** Icon, id and pattern, then the live status and the problems: the same on every kind of block. */
function Titles({ data }: { data: BlockData }) {
  return (
    <>
      <Icon name={data.icon} className="block-icon" />
      <div className="block-titles">
        <div className="block-id">{data.id}</div>
        <div className="block-pattern">{data.title}</div>
      </div>
      <LiveBadge id={data.id} />
      <Problems data={data} />
    </>
  );
}

function Header({ data }: { data: BlockData }) {
  return (
    <div className="block-header">
      <Titles data={data} />
    </div>
  );
}

const hover = (data: BlockData) => [`${data.title} '${data.id}'`, ...data.messages, ...data.capacityNotes].join('\n');

/** Utilisation, p99, stragglers, failover: under the block, so the block's size (and the layout) stays the same. */
function CapacityBadges({ data }: { data: BlockData }) {
  if (data.capacity.length === 0) return null;
  return (
    <div className={`block-capacity${data.overCapacity ? ' over' : ''}`} data-testid="block-capacity">
      {data.capacity.map((b) => (
        <span key={b} className="capacity-badge">
          {b}
        </span>
      ))}
    </div>
  );
}
const severityClass = (data: BlockData) => (data.severity ? ` sev-${data.severity}` : '');

/** A top-level block: a workload (with its pod frame when something is attached) or an infrastructure component. */
function TopBlock({ data, selected, kind }: { data: BlockData; selected: boolean; kind: 'workload' | 'infrastructure' }) {
  return (
    <div className={`block ${kind}${severityClass(data)}${selected ? ' selected' : ''}`} title={hover(data)} data-block={data.id}>
      <Handles data={data} />
      <Header data={data} />
      {data.facts.length > 0 && <div className="block-facts">{data.facts.join(' · ')}</div>}
      {kind === 'workload' && data.attachments > 0 && <div className="pod-frame" aria-hidden="true"><span className="pod-label">pod</span></div>}
      <CapacityBadges data={data} />
    </div>
  );
}

export const WorkloadNode = memo(function WorkloadNode({ data, selected }: NodeProps<BlockNode>) {
  return <TopBlock data={data} selected={!!selected} kind="workload" />;
});

export const AttachmentNode = memo(function AttachmentNode({ data, selected }: NodeProps<BlockNode>) {
  return (
    <div className={`block attachment${severityClass(data)}${selected ? ' selected' : ''}`} title={hover(data)} data-block={data.id}>
      <Handles data={data} />
      <Titles data={data} />
    </div>
  );
});

export const InfrastructureNode = memo(function InfrastructureNode({ data, selected }: NodeProps<BlockNode>) {
  return <TopBlock data={data} selected={!!selected} kind="infrastructure" />;
});

export const nodeTypes = { workload: WorkloadNode, attachment: AttachmentNode, infrastructure: InfrastructureNode };
