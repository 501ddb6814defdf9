/** Plans and component details as text for the output channel and the details document. */
import { type PlannedChange, planLines } from '../../core/deploy/diff';
import type { ComponentStatus } from '../../core/status/component';

export function renderPlan(design: string, context: string, changes: readonly PlannedChange[], failures: readonly { kind: string; name: string; message?: string }[]): string {
  const lines = [`Plan for ${design} on ${context} (server-side dry-run):`];
  for (const l of planLines(changes)) lines.push(`  ${l}`);
  for (const f of failures) lines.push(`  ! ${f.kind} ${f.name}: ${f.message ?? 'refused'}`);
  return lines.join('\n');
}

export function renderDetails(
  id: string,
  status: Pick<ComponentStatus, 'health' | 'summary'> | undefined,
  d: { events: { time: string; type: string; reason: string; object: string; message: string }[]; logs: { pod: string; container: string; text: string }[]; problems: string[] },
): string {
  const out = [`# ${id}`, '', status ? `**${status.health}** — ${status.summary}` : '_no live status yet_', '', '## Events', ''];
  if (!d.events.length) out.push('_none_');
  for (const e of d.events) out.push(`- \`${e.time}\` ${e.type} **${e.reason}** ${e.object}: ${e.message}`);
  out.push('', '## Recent logs');
  for (const l of d.logs) out.push('', `### ${l.pod} / ${l.container}`, '', '```', l.text.trimEnd() || '(empty)', '```');
  if (!d.logs.length) out.push('', '_no pods_');
  for (const p of d.problems) out.push('', `> ${p}`);
  return out.join('\n') + '\n';
}
