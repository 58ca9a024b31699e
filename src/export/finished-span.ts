import type {
  Attributes,
  HrTime,
  Link,
  SpanContext,
  SpanKind,
  SpanStatus,
} from '@opentelemetry/api';

/**
 * What the development exporters read of a finished span: the parts of the SDK's `ReadableSpan`
 * that every SDK line has, so they work with whichever SDK the application uses.
 */
export interface FinishedSpan {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  /** SDK 2.x and later. */
  readonly parentSpanContext?: SpanContext;
  /** SDK 1.x. */
  readonly parentSpanId?: string;
  readonly startTime: HrTime;
  readonly duration: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: readonly Link[];
  readonly events: readonly { name: string; attributes?: Attributes }[];
  readonly resource: { readonly attributes: Attributes };
}

/** The result an exporter reports, shaped like the SDK's `ExportResult`. */
export interface ExportResultLike {
  /** 0: success, 1: failure (`ExportResultCode`). */
  code: 0 | 1;
  error?: Error;
}
