import type { AttributeValue, Attributes, SpanStatus } from '@opentelemetry/api';
import type { SpanKind } from '../internal/otel-api';
import { Tags } from 'opentracing';
import { reportMisuse } from '../internal/report';
import { hasNoValue, isPlainAttributeValue, toAttributeValue } from './attribute-value';
import { errorTagToStatusCode } from './error-tag';
import { httpStatusToSpanStatus } from './http-status';
import { toSpanKind } from './span-kind';
import { simpleTranslation, writeTag, type SemanticConventionsMode } from './tag-translation';

/**
 * Where a tag's meaning goes: an OpenTelemetry span after start (which has these methods), or the
 * options of a span being started (see `convertStartTags`).
 * @internal
 */
export interface TagSink {
  setAttribute(key: string, value: AttributeValue): unknown;
  setAttributes(attributes: Attributes): unknown;
  /**
   * Sets the status an `error` tag or an HTTP status code gives (`fromErrorTag` says which: at
   * start an explicit `error` tag wins, whichever order the tags come in).
   */
  setStatus(status: SpanStatus, fromErrorTag?: boolean): unknown;
  /** At start only: the span kind a `span.kind` tag gives. Absent after start, when it is too late. */
  setKind?(kind: SpanKind): void;
}

/**
 * Applies one tag, at start or after: the one home of what a tag means. `error: true`/`false`
 * sets the status, `span.kind` the kind (at start; after start it cannot, and says so), the other
 * tags become attributes named by `mode` (see `writeTag`), and in the translating modes an HTTP
 * status code may set the status too. A tag without a value (`undefined`, `null`) or with a key that
 * is not a non-empty string is left out; a value OTel cannot hold is converted by
 * {@link toAttributeValue}. Reading `value` has been done by the caller, who also catches.
 * @param kind - the span's kind, which decides how some tags translate.
 * @internal
 */
export function applyTag(
  sink: TagSink,
  key: string,
  value: unknown,
  mode: SemanticConventionsMode,
  kind: SpanKind,
): void {
  if (typeof key !== 'string' || key === '') {
    reportMisuse('tag-key', 'a tag whose key is not a non-empty string was ignored');
    return;
  }
  if (hasNoValue(value)) return;
  if (key === Tags.ERROR) {
    const code = errorTagToStatusCode(value);
    if (code !== undefined) {
      sink.setStatus({ code }, true);
      return;
    }
    reportMisuse('error-tag', 'an `error` tag that is not a boolean was kept as an attribute');
  } else if (key === Tags.SPAN_KIND) {
    if (sink.setKind === undefined) {
      reportMisuse(
        'span-kind-after-start',
        '`span.kind` set after start cannot change the OpenTelemetry span kind; pass it in `tags` at `startSpan`. It was kept as an attribute',
      );
    } else {
      const startKind = toSpanKind(value);
      if (startKind !== undefined) {
        sink.setKind(startKind);
        return;
      }
      reportMisuse('span-kind-value', 'an unknown `span.kind` value was kept as an attribute');
    }
  } else if (key === Tags.SAMPLING_PRIORITY && sink.setKind === undefined) {
    reportMisuse(
      'sampling-priority-after-start',
      '`sampling.priority` set after start cannot change the sampling decision; pass it in `tags` at `startSpan`. It was kept as an attribute',
    );
  }
  const attributeValue = isPlainAttributeValue(value)
    ? (value as AttributeValue)
    : toAttributeValue(value);
  if (attributeValue === undefined) return;
  if (mode === 'opentracing') {
    sink.setAttribute(key, attributeValue);
    return;
  }
  const name = simpleTranslation(key, kind);
  if (name !== undefined) {
    // One attribute under one name (or two, in `both` mode): no object to build.
    if (mode === 'both' && name !== key) sink.setAttribute(key, attributeValue);
    sink.setAttribute(name, attributeValue);
    return;
  }
  const attributes: Attributes = {};
  if (key === Tags.HTTP_STATUS_CODE) {
    const status = httpStatusToSpanStatus(value, kind, attributes);
    if (status !== undefined) sink.setStatus(status, false);
  }
  writeTag(attributes, key, attributeValue, mode, kind);
  sink.setAttributes(attributes);
}
