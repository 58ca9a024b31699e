import type { HrTime } from '@opentelemetry/api';
import { reportMisuse } from './report';

/**
 * Converts an OpenTracing timestamp (milliseconds since the epoch, or a `Date`) to OpenTelemetry's
 * `HrTime`. Returns `undefined` (meaning "now") for anything that is not a usable point in time.
 *
 * We build the `HrTime` ourselves instead of passing the number through: the OTel SDK reads a small
 * number as an offset from `performance.timeOrigin`, not as epoch milliseconds.
 * @internal
 */
export function toHrTime(timestamp: unknown): HrTime | undefined {
  if (timestamp === undefined || timestamp === null) return undefined;
  const ms = typeof timestamp === 'number' ? timestamp : dateMillis(timestamp);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    reportMisuse(
      'timestamp',
      'a timestamp that is not a finite, non-negative number of milliseconds since the epoch was replaced by the current time',
    );
    return undefined;
  }
  const seconds = Math.floor(ms / 1000);
  // Clamp: rounding the sub-millisecond part can otherwise reach a full second.
  return [seconds, Math.min(Math.round((ms - seconds * 1000) * 1e6), 999_999_999)];
}

/**
 * Like {@link toHrTime} for a span's start: a start in the future is replaced by "now" too, since
 * the span would otherwise end before it starts and the SDK would warn on every such span.
 * @internal
 */
export function toStartHrTime(timestamp: unknown): HrTime | undefined {
  const time = toHrTime(timestamp);
  if (time === undefined || time[0] * 1000 + time[1] / 1e6 <= Date.now()) return time;
  reportMisuse('future-start', 'a start time in the future was replaced by the current time');
  return undefined;
}

function dateMillis(value: unknown): number | undefined {
  return value instanceof Date ? value.getTime() : undefined;
}
