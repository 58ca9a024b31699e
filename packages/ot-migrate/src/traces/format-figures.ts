// Number formatting for the reports (text and HTML): the same figure reads the same everywhere, and
// is the same on every machine (no locale), so reports can be compared between runs.

/** A count with thousands separators: `12,345`; `—` for anything but a finite number. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+$)/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/**
 * A share from 0 to 1 as a percentage with one decimal. A share that is not 0 or 1 never rounds to
 * `0%` or `100%`, which would claim a migration is untouched or finished: it shows `<0.1%` or
 * `>99.9%`.
 */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  const clamped = Math.min(1, Math.max(0, share));
  if (clamped > 0 && clamped < 0.001) return '<0.1%';
  if (clamped < 1 && clamped > 0.999) return '>99.9%';
  const tenths = Math.round(clamped * 1000) / 10;
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`;
}

/** The width, 0 to 100, of a share's bar. */
export function barWidth(share: number): number {
  if (!Number.isFinite(share)) return 0;
  return Math.round(Math.min(1, Math.max(0, share)) * 1000) / 10;
}

/** Milliseconds with the precision that matters at their size: `0.042`, `3.25`, `812.5`, `12,034`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return ms.toFixed(3);
  if (ms < 100) return ms.toFixed(2);
  if (ms < 1000) return ms.toFixed(1);
  return formatCount(ms);
}

/** `1 call`, `2 calls`. */
export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
