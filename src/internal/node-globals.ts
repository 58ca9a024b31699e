/*
 * Node's globals, for the few places that use them when they are there. They are read as
 * properties of `globalThis`, never by their bare names: in a browser a bare `process` or `Buffer`
 * throws a ReferenceError, and bundlers that see one may add a polyfill. The types are the little
 * the bridge uses, so the browser build type-checks without Node's declarations.
 */

/** The part of a Node `Buffer` the bridge uses. @internal */
export interface NodeBytes extends Uint8Array {
  toString(encoding?: 'utf8', start?: number, end?: number): string;
}

/** The part of Node's `Buffer` class the bridge uses. @internal */
export interface NodeBufferClass {
  byteLength(text: string, encoding: 'utf8'): number;
  allocUnsafe(size: number): NodeBytes;
  from(text: string, encoding: 'utf8'): NodeBytes;
  from(arrayBuffer: ArrayBufferLike, byteOffset: number, length: number): NodeBytes;
  isBuffer(value: unknown): boolean;
}

/** The part of Node's `process` the bridge uses. @internal */
export interface NodeProcess {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdout?: { write(text: string): unknown; isTTY?: boolean };
  cwd?(): string;
}

const nodeGlobals = globalThis as unknown as {
  Buffer?: NodeBufferClass;
  process?: NodeProcess;
};

/**
 * Node's `Buffer` class, or `undefined` outside Node (read once, at load).
 * @internal
 */
export const NodeBuffer: NodeBufferClass | undefined =
  typeof nodeGlobals.Buffer === 'function' ? nodeGlobals.Buffer : undefined;

/**
 * Node's `process`, or `undefined` outside Node. Read at each call, as the bare name was.
 * @internal
 */
export function nodeProcess(): NodeProcess | undefined {
  const candidate = nodeGlobals.process;
  return typeof candidate === 'object' && candidate !== null ? candidate : undefined;
}
