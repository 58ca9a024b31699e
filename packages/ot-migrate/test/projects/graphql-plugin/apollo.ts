// A stand-in for the parts of Apollo Server a plugin sees: the request lifecycle hooks and the
// per-field hook, run over a schema of plain resolver functions. Nothing here knows about tracing.

/** An operation as it arrives, already parsed into the fields it selects. */
export interface GraphQLRequest {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  http?: { headers: Record<string, string> };
  selections: FieldSelection[];
}

export interface FieldSelection {
  field: string;
  args?: Record<string, unknown>;
  selections?: FieldSelection[];
}

export interface ResolveInfo {
  fieldName: string;
  parentType: string;
  returnType: string;
  path: ReadonlyArray<string | number>;
}

export interface GraphQLResponse {
  data?: Record<string, unknown>;
  errors?: string[];
}

export interface GraphQLRequestContext<TContext> {
  request: GraphQLRequest;
  contextValue: TContext;
  operationName?: string;
  errors?: Error[];
  response?: GraphQLResponse;
}

export type FieldEndHook = (error: Error | null, result?: unknown) => void;

export interface FieldResolverParams<TContext> {
  source: unknown;
  args: Record<string, unknown>;
  contextValue: TContext;
  info: ResolveInfo;
}

export interface GraphQLExecutionListener<TContext> {
  willResolveField?(params: FieldResolverParams<TContext>): FieldEndHook | void;
  executionDidEnd?(error?: Error): Promise<void>;
}

export interface GraphQLRequestListener<TContext> {
  didResolveOperation?(ctx: GraphQLRequestContext<TContext>): Promise<void>;
  executionDidStart?(
    ctx: GraphQLRequestContext<TContext>,
  ): Promise<GraphQLExecutionListener<TContext> | void>;
  didEncounterErrors?(ctx: GraphQLRequestContext<TContext>): Promise<void>;
  willSendResponse?(ctx: GraphQLRequestContext<TContext>): Promise<void>;
}

export interface ApolloServerPlugin<TContext> {
  requestDidStart?(
    ctx: GraphQLRequestContext<TContext>,
  ): Promise<GraphQLRequestListener<TContext> | void>;
}

export type Resolver<TContext> = (
  source: unknown,
  args: Record<string, unknown>,
  ctx: TContext,
  info: ResolveInfo,
) => unknown;

/** Each type's fields: the type a field returns, and its resolver (default: the property). */
export type Schema<TContext> = Record<
  string,
  Record<string, { type: string; resolve?: Resolver<TContext> }>
>;

export interface ServerConfig<TContext> {
  schema: Schema<TContext>;
  plugins: ApolloServerPlugin<TContext>[];
  context: (request: GraphQLRequest) => TContext;
}

/** Runs operations as Apollo Server would, calling every plugin hook on the way. */
export class ApolloServer<TContext> {
  constructor(private readonly config: ServerConfig<TContext>) {}

  async executeOperation(request: GraphQLRequest): Promise<GraphQLResponse> {
    const ctx: GraphQLRequestContext<TContext> = {
      request,
      contextValue: this.config.context(request),
    };
    const listeners: GraphQLRequestListener<TContext>[] = [];
    for (const plugin of this.config.plugins) {
      const listener = await plugin.requestDidStart?.(ctx);
      if (listener) listeners.push(listener);
    }
    ctx.operationName = request.operationName;
    for (const listener of listeners) await listener.didResolveOperation?.(ctx);
    const executions: GraphQLExecutionListener<TContext>[] = [];
    for (const listener of listeners) {
      const execution = await listener.executionDidStart?.(ctx);
      if (execution) executions.push(execution);
    }
    const errors: Error[] = [];
    const data = await this.resolveSelections(
      'Query',
      undefined,
      request.selections,
      [],
      ctx.contextValue,
      executions,
      errors,
    );
    for (const execution of executions) await execution.executionDidEnd?.();
    ctx.response = { data, ...(errors.length > 0 ? { errors: errors.map((e) => e.message) } : {}) };
    if (errors.length > 0) {
      ctx.errors = errors;
      for (const listener of listeners) await listener.didEncounterErrors?.(ctx);
    }
    for (const listener of listeners) await listener.willSendResponse?.(ctx);
    return ctx.response;
  }

  private async resolveSelections(
    typeName: string,
    source: unknown,
    selections: FieldSelection[],
    path: ReadonlyArray<string | number>,
    contextValue: TContext,
    executions: GraphQLExecutionListener<TContext>[],
    errors: Error[],
  ): Promise<Record<string, unknown>> {
    const result: Record<string, unknown> = {};
    for (const selection of selections) {
      const field = this.config.schema[typeName]?.[selection.field];
      if (field === undefined) throw new Error(`unknown field ${typeName}.${selection.field}`);
      const info: ResolveInfo = {
        fieldName: selection.field,
        parentType: typeName,
        returnType: field.type,
        path: [...path, selection.field],
      };
      const args = selection.args ?? {};
      const ends = executions
        .map((execution) => execution.willResolveField?.({ source, args, contextValue, info }))
        .filter((end): end is FieldEndHook => typeof end === 'function');
      let value: unknown;
      try {
        value = field.resolve
          ? await field.resolve(source, args, contextValue, info)
          : (source as Record<string, unknown> | undefined)?.[selection.field];
        for (const end of ends) end(null, value);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const end of ends) end(failure);
        errors.push(failure);
        value = null;
      }
      result[selection.field] = await this.resolveValue(
        field.type,
        value,
        selection,
        info.path,
        contextValue,
        executions,
        errors,
      );
    }
    return result;
  }

  private async resolveValue(
    type: string,
    value: unknown,
    selection: FieldSelection,
    path: ReadonlyArray<string | number>,
    contextValue: TContext,
    executions: GraphQLExecutionListener<TContext>[],
    errors: Error[],
  ): Promise<unknown> {
    if (value === null || value === undefined || !selection.selections) return value;
    const itemType = type.replace(/^\[(.*)\]$/, '$1');
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const [index, item] of value.entries()) {
        items.push(
          await this.resolveSelections(
            itemType,
            item,
            selection.selections,
            [...path, index],
            contextValue,
            executions,
            errors,
          ),
        );
      }
      return items;
    }
    return this.resolveSelections(
      itemType,
      value,
      selection.selections,
      path,
      contextValue,
      executions,
      errors,
    );
  }
}
