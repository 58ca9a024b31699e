// http: a server span per request, continuing the caller's trace; queries made while it is served
// are its children.
import type { Tracer } from 'opentracing';
import { FORMAT_HTTP_HEADERS, Tags } from 'opentracing';
import type { HttpServer } from './clients';
import { markError, runInSpan } from './common';

export function instrumentHttp(server: HttpServer, tracer: Tracer): HttpServer {
  const listener = server.listener;
  server.listener = async (req, res) => {
    const parent = tracer.extract(FORMAT_HTTP_HEADERS, req.headers);
    const span = tracer.startSpan(`HTTP ${req.method}`, {
      childOf: parent ?? undefined,
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER,
        [Tags.COMPONENT]: 'http',
        [Tags.HTTP_METHOD]: req.method,
        [Tags.HTTP_URL]: req.url,
      },
    });
    res.once('finish', () => {
      span.setTag(Tags.HTTP_STATUS_CODE, res.statusCode);
      span.finish();
    });
    try {
      await runInSpan(span, () => listener(req, res));
    } catch (err) {
      markError(span, err as Error);
      throw err;
    }
  };
  return server;
}
