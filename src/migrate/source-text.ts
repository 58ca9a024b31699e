import { ts } from 'ts-morph';

// Source text the rewrite planner writes: names for the API imports, keys, literals.

/** The @opentelemetry/api values the rewritten code may use. */
export type ApiValue = 'trace' | 'context' | 'propagation' | 'SpanKind' | 'SpanStatusCode';
/** The @opentelemetry/api types the rewritten code may use. */
export type ApiType = 'Span' | 'Tracer';

/** Picks names for the API imports that no identifier in the file already uses. */
export function chooseNames(sourceFile: ts.SourceFile): Record<ApiValue | ApiType, string> {
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const pick = (name: string): string => {
    if (!used.has(name)) return name;
    let candidate = `otel${name[0].toUpperCase()}${name.slice(1)}`;
    for (let n = 2; used.has(candidate); n++)
      candidate = `otel${name[0].toUpperCase()}${name.slice(1)}${n}`;
    return candidate;
  };
  return {
    trace: pick('trace'),
    context: pick('context'),
    propagation: pick('propagation'),
    SpanKind: pick('SpanKind'),
    SpanStatusCode: pick('SpanStatusCode'),
    // Type names may shadow the OpenTracing ones they replace, which go away with the import.
    Span: 'Span',
    Tracer: 'Tracer',
  };
}

export function aliasSpecifier(name: string, local: string): string {
  return name === local ? name : `${name} as ${local}`;
}

/** `key: value` as the arguments `'key', value`. */
export function asStringKey(entry: string): string {
  const separator = entry.startsWith("'") ? entry.indexOf("': ") + 1 : entry.indexOf(': ');
  const name = entry.slice(0, separator);
  return `${name.startsWith("'") ? name : quote(name)}, ${entry.slice(separator + 2)}`;
}

/** Source text for a string, number or boolean value. */
export function literal(value: unknown): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyKey(text: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(text) ? text : quote(text);
}

export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
