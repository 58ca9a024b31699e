// The middleware that starts a server span per request: it continues the caller's trace when the
// request carries one, and leaves the span on the request for the controllers.
import type { Span, Tracer } from 'opentracing';
import { FORMAT_HTTP_HEADERS, Tags } from 'opentracing';
import { COMPONENT_NAME, Keys } from './keys';
import type { NestMiddleware, NextFunction, Request, Response } from './nest';

export interface TracedRequest extends Request {
  span?: Span;
}

/** `/orders/12?x=1` → `/orders/:id`, so that span names stay few. */
function routeOf(url: string): string {
  return url.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id');
}

export class TracingMiddleware implements NestMiddleware {
  /** The span that requests without a trace of their own belong to, if any (the warm-up). */
  current: Span | undefined;

  constructor(private readonly tracer: Tracer) {}

  use(req: TracedRequest, res: Response, next: NextFunction): void {
    const headers = req.headers;
    const parent = headers ? this.tracer.extract(FORMAT_HTTP_HEADERS, headers) : undefined;
    const span = this.tracer.startSpan(`${req.method} ${routeOf(req.url)}`, {
      childOf: parent || this.current,
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER,
        [Tags.COMPONENT]: COMPONENT_NAME,
        [Tags.HTTP_METHOD]: req.method,
        [Tags.HTTP_URL]: req.url,
        [Keys.EventType]: 'request',
      },
    });
    req.span = span;
    res.on('finish', () => {
      span.setTag(Tags.HTTP_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500) span.setTag(Tags.ERROR, true);
      span.finish();
    });
    next();
  }
}
