// Trace context in gRPC metadata, both ways.
import type { Span, SpanContext, Tracer } from 'opentracing';
import { FORMAT_TEXT_MAP } from 'opentracing';
import type { Metadata } from './grpc';

export function injectMetadata(tracer: Tracer, span: Span, metadata: Metadata): void {
  const carrier: Record<string, string> = {};
  tracer.inject(span, FORMAT_TEXT_MAP, carrier);
  for (const [key, value] of Object.entries(carrier)) metadata.set(key, value);
}

export function extractMetadata(tracer: Tracer, metadata: Metadata): SpanContext | null {
  return tracer.extract(FORMAT_TEXT_MAP, metadata.getMap());
}
