// How the team records a failure on a span: the error tag and OpenTracing's standard error log.
import type { Span } from 'opentracing';
import { Tags } from 'opentracing';

/** Marks the span failed and logs the error with its message and stack. */
export function logError(span: Span, err: Error): void {
  span.setTag(Tags.ERROR, true);
  span.log({ event: 'error', 'error.object': err, message: err.message, stack: err.stack });
}

/** The first error of a response, for the request span. */
export function firstError(errors: readonly Error[] | undefined): Error | undefined {
  return errors && errors.length > 0 ? errors[0] : undefined;
}
