import { ts } from 'ts-morph';
import { isOpenTracingSymbol } from './usages';

// Source text the rewrite planner writes: names for the API imports, keys, literals.

/** The @opentelemetry/api values the rewritten code may use. */
export type ApiValue = 'trace' | 'context' | 'propagation' | 'SpanKind' | 'SpanStatusCode';
/** The @opentelemetry/api types the rewritten code may use. */
export type ApiType = 'Span' | 'Tracer';

/** Picks names for the API imports that no identifier in the file already uses. */
export function chooseNames(
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
): Record<ApiValue | ApiType, string> {
  const used = new Set<string>();
  // Names of something other than OpenTracing's own (a local `class Span`, say): the OpenTelemetry
  // type imported in place of OpenTracing's must not take them.
  const usedOtherwise = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      used.add(node.text);
      if (
        (node.text === 'Span' || node.text === 'Tracer') &&
        !isMemberName(node) &&
        !isOpenTracingSymbol(checker, checker.getSymbolAtLocation(node))
      )
        usedOtherwise.add(node.text);
    }
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
    Span: usedOtherwise.has('Span') ? pick('Span') : 'Span',
    Tracer: usedOtherwise.has('Tracer') ? pick('Tracer') : 'Tracer',
  };
}

/** A name after `.` or before `:` in an object literal: it names a member, not a binding. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isQualifiedName(parent) && parent.right === node)
  );
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
