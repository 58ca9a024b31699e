import { boundKeys } from './incoming-text';

/** What is read of a gRPC `Metadata` (or a look-alike) to list its keys. @internal */
export interface MetadataKeysSource {
  getMap(): Record<string, unknown>;
}

/**
 * The first keys of a gRPC `Metadata`, as many as a propagator may see (see incoming-text.ts).
 * `getMap()` copies every entry into a new object, and listing a large object's keys makes V8 sort
 * them: the cost of a hostile Metadata would grow faster than its size. @grpc/grpc-js's own class
 * keeps its entries in one Map (`internalRepr`, a protected member there), read here only as far
 * as needed. Anything else (a subclass that changes how entries are read, a look-alike, a Map
 * that cannot be read) is listed through `getMap()`, as the Metadata itself would list it.
 * @internal
 */
export function metadataKeys(carrier: MetadataKeysSource): string[] {
  const store = grpcStore(carrier);
  if (store !== undefined) {
    try {
      return boundKeys(store.keys() as Iterable<string>);
    } catch {
      // Listed below instead.
    }
  }
  return boundKeys(Object.keys(carrier.getMap()));
}

/**
 * The Map of a Metadata of @grpc/grpc-js's own class, whose methods read nothing else; undefined
 * for any other carrier. That class is known by the methods it defines together (`get`, `getMap`,
 * `toHttp2Headers`) on the prototype that gives the carrier its `getMap`: a subclass or an object
 * that defines its own `get` or `getMap` may hold entries elsewhere.
 */
function grpcStore(carrier: MetadataKeysSource): Map<unknown, unknown> | undefined {
  if (Object.hasOwn(carrier, 'get') || Object.hasOwn(carrier, 'getMap')) return undefined;
  let prototype = Object.getPrototypeOf(carrier) as object | null;
  while (prototype !== null && !Object.hasOwn(prototype, 'getMap')) {
    if (Object.hasOwn(prototype, 'get')) return undefined;
    prototype = Object.getPrototypeOf(prototype) as object | null;
  }
  if (
    prototype === null ||
    !Object.hasOwn(prototype, 'get') ||
    !Object.hasOwn(prototype, 'toHttp2Headers')
  ) {
    return undefined;
  }
  const store = (carrier as { internalRepr?: unknown }).internalRepr;
  return Object.prototype.toString.call(store) === '[object Map]'
    ? (store as Map<unknown, unknown>)
    : undefined;
}
