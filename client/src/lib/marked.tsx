import type { ReactNode } from 'react';

/** The text with its highlighted ranges in <mark>: ranges out of order, overlapping or out of bounds are tolerated. */
export function marked(text: string, highlights: [number, number][]): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  const ranges = [...highlights]
    .map(([start, end]) => [Math.max(0, start), Math.min(text.length, end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) parts.push(text.slice(at, from));
    parts.push(<mark key={from}>{text.slice(from, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
