// Ending a call's span: the gRPC status as a tag, an error for anything but OK.
import type { Span } from 'opentracing';
import { Tags } from 'opentracing';
import { Status } from './grpc';

export function finishWithStatus(span: Span, code: Status, details?: string): void {
  span.setTag('rpc.grpc.status_code', code);
  if (code !== Status.OK) {
    span.setTag(Tags.ERROR, true);
    span.log({ event: 'error', message: details ?? Status[code] });
  }
  span.finish();
}
