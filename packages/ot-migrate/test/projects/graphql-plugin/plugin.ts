// An Apollo Server plugin that traces each request, and each resolved field in a child span.
import type { Span, Tracer } from 'opentracing';
import { FORMAT_HTTP_HEADERS, Tags } from 'opentracing';
import type {
  ApolloServerPlugin,
  FieldResolverParams,
  GraphQLExecutionListener,
  GraphQLRequestContext,
  GraphQLRequestListener,
} from './apollo';
import type { TracingContext } from './context';
import { firstError, logError } from './errors';

export interface TracingPluginOptions {
  tracer: Tracer;
  /** Parent types whose fields get no span of their own (trivial property resolvers). */
  ignoreTypes?: string[];
  /** Whether a request is traced at all; default: every request. */
  shouldTrace?: (ctx: GraphQLRequestContext<TracingContext>) => boolean;
}

/** The path of the field a field's value belongs to: `user.orders.0.total` → `user.orders`. */
function parentPath(path: ReadonlyArray<string | number>): string {
  const parent = path.slice(0, -1);
  while (parent.length > 0 && typeof parent[parent.length - 1] === 'number') parent.pop();
  return parent.join('.');
}

export class TracingPlugin implements ApolloServerPlugin<TracingContext> {
  private readonly tracer: Tracer;
  private readonly ignoreTypes: Set<string>;

  constructor(private readonly options: TracingPluginOptions) {
    this.tracer = options.tracer;
    this.ignoreTypes = new Set(options.ignoreTypes ?? []);
  }

  async requestDidStart(
    ctx: GraphQLRequestContext<TracingContext>,
  ): Promise<GraphQLRequestListener<TracingContext> | void> {
    if (this.options.shouldTrace && !this.options.shouldTrace(ctx)) return;
    const headers = ctx.request.http?.headers;
    const parent = headers ? this.tracer.extract(FORMAT_HTTP_HEADERS, headers) : null;
    const span = this.tracer.startSpan('graphql.request', {
      childOf: parent ?? undefined,
      tags: {
        [Tags.SPAN_KIND]: Tags.SPAN_KIND_RPC_SERVER,
        [Tags.COMPONENT]: 'apollo-tracing',
        'graphql.query': ctx.request.query,
      },
    });
    ctx.contextValue.span = span;
    if (ctx.contextValue.user) span.setTag('enduser.id', ctx.contextValue.user);

    const fieldSpans = new Map<string, Span>();
    const tracer = this.tracer;
    const ignoreTypes = this.ignoreTypes;
    const execution: GraphQLExecutionListener<TracingContext> = {
      willResolveField({ info, contextValue }: FieldResolverParams<TracingContext>) {
        if (ignoreTypes.has(info.parentType)) return;
        const parentSpan = fieldSpans.get(parentPath(info.path)) ?? contextValue.span;
        const fieldSpan = tracer.startSpan(`${info.parentType}.${info.fieldName}`, {
          childOf: parentSpan,
          tags: {
            'graphql.field.path': info.path.join('.'),
            'graphql.field.type': info.returnType,
          },
        });
        fieldSpans.set(info.path.join('.'), fieldSpan);
        return (error) => {
          if (error) logError(fieldSpan, error);
          fieldSpan.finish();
        };
      },
    };

    return {
      async didResolveOperation(requestContext) {
        const name = requestContext.operationName ?? 'anonymous';
        requestContext.contextValue.span?.setOperationName(`graphql ${name}`);
        span.setTag('graphql.operation.name', name);
      },
      async executionDidStart() {
        return execution;
      },
      async didEncounterErrors(requestContext) {
        const err = firstError(requestContext.errors);
        if (err) logError(span, err);
        span.setTag('graphql.errors', requestContext.errors?.length ?? 0);
      },
      async willSendResponse(requestContext) {
        const requestSpan = requestContext.contextValue.span;
        if (requestSpan) {
          requestSpan.log({ event: 'response', fields: fieldSpans.size });
          requestSpan.finish();
        }
      },
    };
  }
}
