// Broken propagation hops: a call into another service that arrived there without the trace
// context, so the callee started a trace of its own. OTLP does not say which call a new trace
// answers, so the match is made from what each side recorded: kinds, services, times, and for
// messages the destination.
import { SPAN_KIND } from './otlp-codes';
import type { BrokenTrace, CollectedSpan } from './report-model';

const { SERVER, CLIENT, PRODUCER, CONSUMER } = SPAN_KIND;

/**
 * How long after its producer span ended a consumer may start and still be taken for the message's
 * receiver: a queue holds messages for a while, but matching by time over a longer span would name
 * unrelated traces on a busy fleet.
 */
export const QUEUE_WINDOW_NS = 10_000_000_000n;

/** Attributes of a database client span (current and older semantic conventions, OpenTracing). */
const DATASTORE_ATTRIBUTES = ['db.system.name', 'db.system', 'db.type'];
/** Where a client says it sent the call: OpenTelemetry's current and older names, OpenTracing's. */
const CALLED_HOST_ATTRIBUTES = ['server.address', 'net.peer.name', 'peer.hostname'];
/** Which host a server says the call was for (the Host header, in HTTP). */
const SERVING_HOST_ATTRIBUTES = ['server.address', 'net.host.name'];

/** The attributes that name a message's destination: OpenTelemetry's, and OpenTracing's tag. */
const DESTINATION_ATTRIBUTES = ['messaging.destination.name', 'message_bus.destination'];

interface Timed {
  span: CollectedSpan;
  start: bigint;
  end: bigint;
}

/**
 * The hops that did not carry context. A caller is a client or producer span that no span names
 * as its parent or links to, and that is not a database client span. A new trace is a root server
 * or consumer span that links to nothing. A client is matched to a new trace in another service
 * that started inside the client span's time (for the same host, when both name one); a producer, to a consumer root in another service that started from the producer's start
 * to {@link QUEUE_WINDOW_NS} after its end, with the same destination when both name one. Callers
 * are matched in start order, each to the earliest unclaimed root, so each new trace answers one
 * call at most. All spans take part, whatever the filters: a caller the filters leave out may still
 * be the one a kept new trace answers.
 */
export function hopsWithoutContext(allSpans: readonly CollectedSpan[]): BrokenTrace[] {
  const answered = new Set<string>();
  const newTraces: Timed[] = [];
  for (const span of allSpans) {
    if (span.parentSpanId !== '') answered.add(`${span.traceId}/${span.parentSpanId}`);
    for (const link of span.links ?? []) answered.add(`${link.traceId}/${link.spanId}`);
    const isRoot = span.parentSpanId === '' && (span.links ?? []).length === 0;
    if (isRoot && (span.kind === SERVER || span.kind === CONSUMER)) newTraces.push(timed(span));
  }
  if (newTraces.length === 0) return [];
  newTraces.sort(byStart);
  const unanswered = allSpans
    .filter(
      (span) =>
        (span.kind === CLIENT || span.kind === PRODUCER) &&
        !answered.has(`${span.traceId}/${span.spanId}`) &&
        !callsADatastore(span),
    )
    .map(timed)
    .sort(byStart);
  const claimed = new Set<Timed>();
  const broken: BrokenTrace[] = [];
  for (const caller of unanswered) {
    const latestStart = caller.span.kind === PRODUCER ? caller.end + QUEUE_WINDOW_NS : caller.end;
    for (let index = firstStartingAt(newTraces, caller.start); index < newTraces.length; index++) {
      const root = newTraces[index];
      if (root.start > latestStart) break;
      if (claimed.has(root) || !answers(caller.span, root.span)) continue;
      claimed.add(root);
      broken.push(brokenHop(caller.span, root.span));
      break;
    }
  }
  return broken;
}

/** Whether a new trace can be the callee's side of this call. */
function answers(caller: CollectedSpan, callee: CollectedSpan): boolean {
  if (callee.service === caller.service || callee.traceId === caller.traceId) return false;
  if (caller.kind !== PRODUCER) {
    // When both sides say which host the call was for, they must agree.
    const called = hostOf(caller, CALLED_HOST_ATTRIBUTES);
    const serving = hostOf(callee, SERVING_HOST_ATTRIBUTES);
    return called === undefined || serving === undefined || called === serving;
  }
  if (callee.kind !== CONSUMER) return false;
  const sent = destinationOf(caller);
  const received = destinationOf(callee);
  return sent === undefined || received === undefined || sent === received;
}

/**
 * A database or cache client span: its callee (the datastore) sends no spans, so it is never
 * answered, and matching it by time alone would name any new trace that started meanwhile.
 */
function callsADatastore(span: CollectedSpan): boolean {
  return DATASTORE_ATTRIBUTES.some((name) => span.attributes[name] !== undefined);
}

/** The host name a span names under the first of `names` it has, lower case, without a port. */
function hostOf(span: CollectedSpan, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = span.attributes[name];
    if (typeof value === 'string' && value !== '') return value.toLowerCase().replace(/:\d+$/, '');
  }
  return undefined;
}

function destinationOf(span: CollectedSpan): string | undefined {
  for (const name of DESTINATION_ATTRIBUTES) {
    const value = span.attributes[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function brokenHop(from: CollectedSpan, callee: CollectedSpan): BrokenTrace {
  return {
    traceId: from.traceId,
    kind: 'hop-without-context',
    services: [from.service, callee.service],
    operations: [from.name, callee.name],
    hop: {
      fromService: from.service,
      fromOperation: from.name,
      toService: callee.service,
      toOperation: callee.name,
      newTraceId: callee.traceId,
    },
    detail:
      `${from.service}/${from.name} called ${callee.service}/${callee.name}, which started ` +
      `a new trace (${callee.traceId}): the call did not carry the trace context`,
  };
}

function timed(span: CollectedSpan): Timed {
  return { span, start: BigInt(span.startTimeUnixNano), end: BigInt(span.endTimeUnixNano) };
}

function byStart(a: Timed, b: Timed): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.span.spanId < b.span.spanId ? -1 : a.span.spanId > b.span.spanId ? 1 : 0;
}

/** The index of the first of `sorted` starting at or after `time` (binary search). */
function firstStartingAt(sorted: readonly Timed[], time: bigint): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle].start < time) low = middle + 1;
    else high = middle;
  }
  return low;
}
