// Three operations through the server: a plain query, one sent by a traced caller (trace context
// and baggage in its headers), and one whose resolver fails.
import type { FieldSelection } from './apollo';
import { ApolloServer } from './apollo';
import { TracingPlugin } from './plugin';
import { createContext, schema } from './resolvers';
import { serviceTracer } from './tracing';

const USER_QUERY: FieldSelection[] = [
  {
    field: 'user',
    args: { id: 'u-1' },
    selections: [
      { field: 'name' },
      { field: 'orders', selections: [{ field: 'id' }, { field: 'total' }] },
    ],
  },
];

export async function run(): Promise<void> {
  const server = new ApolloServer({
    schema,
    context: createContext,
    plugins: [new TracingPlugin({ tracer: serviceTracer(), ignoreTypes: ['Order'] })],
  });

  await server.executeOperation({
    operationName: 'GetUser',
    query: 'query GetUser { user(id: "u-1") { name orders { id total } } }',
    selections: USER_QUERY,
  });

  await server.executeOperation({
    operationName: 'GetUserFromGateway',
    query: 'query GetUserFromGateway { user(id: "u-1") { name orders { id total } } }',
    selections: USER_QUERY,
    http: {
      headers: {
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        baggage: 'tenant=acme',
        'x-user': 'gateway',
      },
    },
  });

  await server.executeOperation({
    operationName: 'GetMissingUser',
    query: 'query GetMissingUser { user(id: "u-404") { name } }',
    selections: [{ field: 'user', args: { id: 'u-404' }, selections: [{ field: 'name' }] }],
  });
}
