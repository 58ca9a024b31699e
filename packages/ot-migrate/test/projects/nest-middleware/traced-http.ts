// The service's HTTP client: an axios-like client whose interceptors trace every call. The request
// interceptor starts a client span and injects it into the headers; the span travels on the
// request config to the response interceptor, which finishes it.
import type { Span, Tracer } from 'opentracing';
import { FORMAT_HTTP_HEADERS, Tags } from 'opentracing';
import type { HttpResponse, RequestConfig, Transport } from './http-client';
import { HttpClient, HttpError } from './http-client';
import { COMPONENT_NAME, Keys } from './keys';

export interface TracedRequestConfig extends RequestConfig {
  /** The span the call belongs to. */
  parent?: Span;
  /** The call's own span, from the request interceptor to the response interceptor. */
  span?: Span;
}

const PEER_KEY = 'peer.service';

export class TracedHttp {
  private readonly client: HttpClient;

  constructor(
    transport: Transport,
    private readonly tracer: Tracer,
    private readonly peer: string,
  ) {
    this.client = new HttpClient(transport);
    this.client.interceptors.request.use((config: TracedRequestConfig) => this.onRequest(config));
    this.client.interceptors.response.use(
      (response) => this.onResponse(response),
      (error) => this.onError(error),
    );
  }

  get<T>(url: string, parent?: Span): Promise<HttpResponse<T>> {
    const config: TracedRequestConfig = { method: 'GET', url, headers: {}, parent };
    return this.client.request(config) as Promise<HttpResponse<T>>;
  }

  private onRequest(config: TracedRequestConfig): TracedRequestConfig {
    const span = this.tracer.startSpan(`HTTP ${config.method}`, {
      childOf: config.parent,
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_CLIENT,
        [Tags.COMPONENT]: COMPONENT_NAME,
        [Tags.HTTP_METHOD]: config.method,
        [Tags.HTTP_URL]: config.url,
        [PEER_KEY]: this.peer,
        [Keys.EventType]: 'call',
      },
    });
    this.tracer.inject(span, FORMAT_HTTP_HEADERS, config.headers);
    config.span = span;
    return config;
  }

  private onResponse(response: HttpResponse): HttpResponse {
    const span = (response.config as TracedRequestConfig).span;
    if (span) {
      span.setTag(Tags.HTTP_STATUS_CODE, response.status);
      span.finish();
    }
    return response;
  }

  private onError(error: unknown): never {
    if (error instanceof HttpError) {
      const span = (error.config as TracedRequestConfig).span;
      if (span) {
        span.setTag(Tags.HTTP_STATUS_CODE, error.response.status);
        span.setTag(Tags.ERROR, true);
        span.log({ event: 'error', message: error.message });
        span.finish();
      }
    }
    throw error;
  }
}
