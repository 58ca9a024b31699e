// The runtime values of `@opentelemetry/api` that the bridge uses, read once at load.
//
// Why: the API package's CommonJS entry re-exports everything through property getters, so in our
// compiled code each `api.trace`, `api.SpanKind`... on a hot path is a getter call. Reading them
// once here turns those into plain property loads. The objects are the API's own singletons and
// enums, so nothing is copied or wrapped. Types still come from `@opentelemetry/api` directly.
import * as api from '@opentelemetry/api';

/** @internal */
export const context = api.context;
/** @internal */
export const propagation = api.propagation;
/** @internal */
export const trace = api.trace;
/** @internal */
export const diag = api.diag;
/** @internal */
export const isSpanContextValid = api.isSpanContextValid;
/** @internal */
export const createContextKey = api.createContextKey;
/** @internal */
export const createTraceState = api.createTraceState;
/** @internal */
export const baggageEntryMetadataFromString = api.baggageEntryMetadataFromString;
/** @internal */
export const INVALID_SPAN_CONTEXT = api.INVALID_SPAN_CONTEXT;
/** @internal */
export const ROOT_CONTEXT = api.ROOT_CONTEXT;
/** @internal */
export const SpanKind = api.SpanKind;
/** `@opentelemetry/api`'s own type (public there), named here beside its value. */
export type SpanKind = api.SpanKind;
/** @internal */
export const SpanStatusCode = api.SpanStatusCode;
/** `@opentelemetry/api`'s own type (public there), named here beside its value. */
export type SpanStatusCode = api.SpanStatusCode;
/** @internal */
export const TraceFlags = api.TraceFlags;
/** `@opentelemetry/api`'s own type (public there), named here beside its value. */
export type TraceFlags = api.TraceFlags;
