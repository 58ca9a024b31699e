import type { Attributes, SpanStatus } from '@opentelemetry/api';
import { SpanKind } from '../internal/otel-api';
import { Tags } from 'opentracing';
import { isOwnField, readProperty } from '../internal/read-property';
import { reportMisuse } from '../internal/report';
import { hasNoValue, isPlainFieldSet, toAttributeValue } from './attribute-value';
import { errorTagToStatusCode } from './error-tag';
import { httpStatusToSpanStatus } from './http-status';
import { toSpanKind } from './span-kind';
import { writeTag, type SemanticConventionsMode } from './tag-translation';

/** What a span's start tags give: the attributes at creation, the kind and the status. @internal */
export interface StartTags {
  attributes: Attributes;
  kind: SpanKind;
  status: SpanStatus | undefined;
}

/**
 * Whether start tags can go to the SDK as they are, which {@link convertStartTags} would then
 * return unchanged: a plain field set ({@link isPlainFieldSet}, the rule log fields follow too)
 * without the tags the bridge interprets (`span.kind`, `error`).
 * @internal
 */
export function isPlainTagSet(tags: unknown): tags is Attributes {
  return isPlainFieldSet(tags, Tags.SPAN_KIND, Tags.ERROR);
}

/**
 * Converts start tags (the object's own enumerable properties, see {@link isOwnField}) into the
 * span's attributes, kind and status. `span.kind` gives the kind, `error: true`/`false` the status
 * (either is kept as an attribute when its value means nothing to the bridge); a tag without a
 * value (`undefined`, `null`, a getter that throws) or with an empty key is left out; the others
 * are converted by {@link toAttributeValue} and named by `mode`. In the translating modes an HTTP
 * status code may set the status too, but an explicit `error` tag says more and wins.
 * @internal
 */
export function convertStartTags(tags: object, mode: SemanticConventionsMode): StartTags {
  const converted: StartTags = { attributes: {}, kind: SpanKind.INTERNAL, status: undefined };
  // Translated peer.* names depend on the kind, whichever order the tags come in.
  if (mode !== 'opentracing') converted.kind = kindTag(tags) ?? SpanKind.INTERNAL;
  let httpStatus: SpanStatus | undefined;
  try {
    for (const key in tags) {
      if (!isOwnField(tags, key)) continue;
      const status = convertTag(converted, key, readProperty(tags, key), mode);
      if (status !== undefined) httpStatus = status;
    }
  } catch {
    // The tags object cannot be listed (a revoked Proxy): the span starts with the tags read so far.
    reportMisuse('unreadable-field', 'start tags that could not be read were left out');
  }
  converted.status ??= httpStatus;
  return converted;
}

/**
 * Adds one start tag to `converted`. Returns the status an HTTP status code implies, if any.
 * One tag that cannot be looked at costs that tag only, never the span and its trace.
 */
function convertTag(
  converted: StartTags,
  key: string,
  value: unknown,
  mode: SemanticConventionsMode,
): SpanStatus | undefined {
  if (key === '') {
    reportMisuse('tag-key', 'a tag whose key is not a non-empty string was ignored');
    return undefined;
  }
  if (hasNoValue(value)) return undefined;
  try {
    if (key === Tags.SPAN_KIND) {
      const kind = toSpanKind(value);
      if (kind !== undefined) {
        converted.kind = kind;
        return undefined;
      }
      reportMisuse('span-kind-value', 'an unknown `span.kind` value was kept as an attribute');
    } else if (key === Tags.ERROR) {
      const code = errorTagToStatusCode(value);
      if (code !== undefined) {
        converted.status = { code };
        return undefined;
      }
      reportMisuse('error-tag', 'an `error` tag that is not a boolean was kept as an attribute');
    }
    const attributes = converted.attributes;
    const httpStatus =
      key === Tags.HTTP_STATUS_CODE && mode !== 'opentracing'
        ? httpStatusToSpanStatus(value, converted.kind, attributes)
        : undefined;
    const attributeValue = toAttributeValue(value);
    if (attributeValue !== undefined)
      writeTag(attributes, key, attributeValue, mode, converted.kind);
    return httpStatus;
  } catch {
    reportMisuse('unreadable-field', 'a start tag that could not be read was left out');
    return undefined;
  }
}

/** The kind an own `span.kind` tag gives, if any; nothing that throws gets out. */
function kindTag(tags: object): SpanKind | undefined {
  try {
    return isOwnField(tags, Tags.SPAN_KIND)
      ? toSpanKind(readProperty(tags, Tags.SPAN_KIND))
      : undefined;
  } catch {
    return undefined;
  }
}
