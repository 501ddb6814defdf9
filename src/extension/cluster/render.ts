/** Plans and component details as text for the output channel and the details document. */
import { type PlannedChange, planLines } from '../../core/deploy/diff';
import type { StaleStatus } from '../../core/status/reachability';

export function renderPlan(design: string, context: string, changes: readonly PlannedChange[], failures: readonly { kind: string; name: string; message?: string }[]): string {
  const lines = [`Plan for ${design} on ${context} (server-side dry-run):`];
  for (const l of planLines(changes)) lines.push(`  ${l}`);
  for (const f of failures) lines.push(`  ! ${f.kind} ${f.name}: ${f.message ?? 'refused'}`);
  return lines.join('\n');
}

export function renderDetails(
  id: string,
  status: StaleStatus | undefined,
  d: { events: { time: string; type: string; reason: string; object: string; message: string }[]; logs: { pod: string; container: string; text: string }[]; problems: string[] },
  time: (ms: number) => string = (ms) => new Date(ms).toLocaleTimeString(),
): string {
  const out = [`# ${id}`, '', headline(status, d.problems, time), '', '## Events', ''];
  if (!d.events.length) out.push('_none_');
  for (const e of d.events) out.push(`- \`${e.time}\` ${e.type} **${e.reason}** ${e.object}: ${e.message}`);
  out.push('', '## Recent logs');
  // One section per container; a container without logs says why in a sentence, not an empty code block.
  for (const l of d.logs) {
    out.push('', `### ${l.pod} / ${l.container}`, '');
    if (/^\(no logs/.test(l.text)) out.push(`_${l.text.slice(1, -1)}_`);
    else out.push('```', l.text.trimEnd() || '(empty)', '```');
  }
  if (!d.logs.length) out.push('', '_no pods_');
  for (const p of d.problems) out.push('', `> ${p}`);
  return out.join('\n') + '\n';
}

/**
 * The health line above events and logs. What the watch saw is not repeated as fact when the cluster could not be
 * read just now (the watch may not have noticed yet): the details' own failure wins over a "ready".
 */
function headline(status: StaleStatus | undefined, problems: readonly string[], time: (ms: number) => string): string {
  if (!status) return problems.length ? '**unknown** — the cluster could not be read' : '_no live status yet_';
  // The summary ends "last seen <health>" (core/status/reachability); the time is local, so it is added here.
  if (status.health === 'unknown') return `**unknown** — ${status.summary}${status.lastSeen ? ` at ${time(status.lastSeen.at)}` : ''}`;
  if (problems.length) return `**unknown** — the cluster could not be read just now (the watch last saw ${status.health}: ${status.summary})`;
  return `**${status.health}** — ${status.summary}`;
}
