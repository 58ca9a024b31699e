import type { HrTime } from '@opentelemetry/api';
import { reportMisuse } from './report';

/**
 * A time as the bridge hands it to OpenTelemetry: an `HrTime` it built from milliseconds since the
 * epoch, or a `performance.now()` reading left as a number for the SDK to convert.
 * @internal
 */
export type BridgeTime = HrTime | number;

/**
 * How far a `performance.now()` reading, dated with the clock offset of this moment, may fall
 * before a span's start and still not count as "before the start". The SDK dates the reading with
 * the offset it took when the span started; the two offsets differ by up to a millisecond, as
 * `Date.now()` counts whole milliseconds.
 */
const CLOCK_OFFSET_SLACK_MS = 1;

/**
 * September 2001 in epoch milliseconds: a `performance.now()` reading that large would take a
 * process three decades old, so a number from here on is epoch milliseconds without a clock read.
 */
const SURELY_EPOCH_MS = 1e12;

/**
 * Converts an OpenTracing timestamp to a time OpenTelemetry accepts. Returns `undefined` (meaning
 * "now") for anything that is not a usable point in time.
 *
 * A number is read the way the OTel SDK's span reads one: no greater than `performance.now()`, it
 * is a `performance.now()` reading; above, milliseconds since the epoch (the OpenTracing
 * contract). Only an epoch time closer to 1970-01-01 than the process's age is taken for one. A
 * reading is passed on as it is, since the SDK dates it with the span's own clock offset; epoch
 * milliseconds become an `HrTime` built here, so that no implementation can take them for a
 * reading. `@opentelemetry/core`'s looser test (below half of `performance.timeOrigin`) is not
 * used: it would date an epoch time from before 1997 decades later.
 * @internal
 */
export function toBridgeTime(timestamp: unknown): BridgeTime | undefined {
  if (timestamp === undefined || timestamp === null) return undefined;
  if (isSurelyEpochMillis(timestamp)) return millisToHrTime(timestamp);
  return toBridgeTimeSlowly(timestamp);
}

/**
 * The common case in two comparisons, without a clock read: a finite number from
 * {@link SURELY_EPOCH_MS} on (NaN and Infinity fail the comparisons).
 */
function isSurelyEpochMillis(timestamp: unknown): timestamp is number {
  return typeof timestamp === 'number' && timestamp >= SURELY_EPOCH_MS && timestamp < Infinity;
}

/** {@link toBridgeTime} for the rest: small numbers, `Date`s and what is not a time at all. */
function toBridgeTimeSlowly(timestamp: unknown): BridgeTime | undefined {
  const ms = typeof timestamp === 'number' ? timestamp : dateMillis(timestamp);
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    reportMisuse(
      'timestamp',
      'a timestamp that is neither a finite, non-negative number of milliseconds since the epoch nor a performance.now() reading was replaced by the current time',
    );
    return undefined;
  }
  return typeof timestamp === 'number' && ms <= performance.now() ? ms : millisToHrTime(ms);
}

/**
 * Like {@link toBridgeTime} for a span's start: a start in the future is replaced by "now" too,
 * since the span would otherwise end before it starts and the SDK would warn on every such span.
 * A `performance.now()` reading is never in the future.
 * @internal
 */
export function toStartTime(timestamp: unknown): BridgeTime | undefined {
  if (isSurelyEpochMillis(timestamp)) {
    // Compared before the HrTime is built: the common case does the work once.
    return timestamp <= Date.now() ? millisToHrTime(timestamp) : futureStart();
  }
  const time = toBridgeTime(timestamp);
  if (time === undefined || typeof time === 'number' || hrTimeToMillis(time) <= Date.now())
    return time;
  return futureStart();
}

function futureStart(): undefined {
  reportMisuse('future-start', 'a start time in the future was replaced by the current time');
  return undefined;
}

/**
 * Whether `time` falls before `start`. A `performance.now()` reading is dated with the current
 * clock offset and compared with some slack (see {@link CLOCK_OFFSET_SLACK_MS}): within it the
 * SDK's own dating decides, and the SDK clamps a negative duration to zero.
 * @internal
 */
export function isBefore(time: BridgeTime, start: HrTime): boolean {
  if (typeof time !== 'number')
    return time[0] < start[0] || (time[0] === start[0] && time[1] < start[1]);
  // The monotonic clock first: a pause between the two reads then dates the reading later, never
  // earlier, so it cannot make a finish look as if it came before the start.
  const monotonicNow = performance.now();
  const epochMs = time + (Date.now() - monotonicNow);
  return epochMs < hrTimeToMillis(start) - CLOCK_OFFSET_SLACK_MS;
}

function millisToHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  // Clamp: rounding the sub-millisecond part can otherwise reach a full second.
  return [seconds, Math.min(Math.round((ms - seconds * 1000) * 1e6), 999_999_999)];
}

function hrTimeToMillis(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}

function dateMillis(value: unknown): number | undefined {
  return value instanceof Date ? value.getTime() : undefined;
}
