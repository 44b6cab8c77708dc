import { formatFigure, formatSpeed, trimNumber, unitAfter } from '../app/format';
import type { HeadlineFigure, LabSnapshot } from '../lab/snapshot';
import type { Speed } from '../runner/protocol';

/** What the stage's text alternative reads from the page's state. */
export interface StageSummaryInput {
  title: string;
  loaded: boolean;
  playing: boolean;
  finished: boolean;
  speed: Speed;
  /** Simulated time, ms. */
  now: number;
  snapshot: Pick<LabSnapshot, 'topology' | 'particles'> | null;
  headline: readonly HeadlineFigure[];
}

/** Headline figures read out: the first few are the lab's main ones; more would drown the rest. */
const FIGURES_READ = 4;

/**
 * The stage (diagram and particle canvas) in a few sentences for a screen reader: the clock and
 * whether it plays, the requests drawn by state, the nodes that are not up, the first headline
 * figures. E.g. "Replication at 12.3 s simulated, playing at 10×. Requests drawn: 30 in progress,
 * 10 waiting. Replica 1 is down. Throughput 95.2 /s; p95 latency 120 ms."
 */
export function stageSummaryText(input: StageSummaryInput): string {
  if (!input.loaded || input.snapshot === null) return `${input.title}: loading the lab.`;
  const playing = input.speed === 'max' ? 'playing as fast as possible' : `playing at ${formatSpeed(input.speed)}`;
  const state = input.finished ? 'finished' : input.playing ? playing : 'paused';
  const sentences = [`${input.title} at ${trimNumber(input.now / 1000, 1)} s simulated, ${state}.`];

  const counts = { ok: 0, waiting: 0, slow: 0, failed: 0 };
  for (const p of input.snapshot.particles) counts[p.state] += 1;
  const requests = [
    counts.ok > 0 ? `${counts.ok} in progress` : '',
    counts.waiting > 0 ? `${counts.waiting} waiting` : '',
    counts.slow > 0 ? `${counts.slow} connecting` : '',
    counts.failed > 0 ? `${counts.failed} failed` : '',
  ].filter((s) => s !== '');
  sentences.push(requests.length === 0 ? 'No requests drawn.' : `Requests drawn: ${requests.join(', ')}.`);

  for (const n of input.snapshot.topology.nodes) if (n.status !== 'up') sentences.push(`${n.label} is ${n.status}.`);

  const figures = input.headline.slice(0, FIGURES_READ).map((f) => `${f.label} ${formatFigure(f.value)}${f.unit === '' ? '' : f.unit === '%' ? '%' : ` ${unitAfter(f.value, f.unit)}`}`);
  if (figures.length > 0) sentences.push(`${figures.join('; ')}.`);
  return sentences.join(' ');
}
