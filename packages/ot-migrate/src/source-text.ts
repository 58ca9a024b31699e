import { ts } from '@ts-morph/common';
import { isOpenTracingSymbol } from './usages';

// Source text the rewrite planner writes: names for the API imports, keys, literals.

/** The @opentelemetry/api values the rewritten code may use. */
export type ApiValue = 'trace' | 'context' | 'propagation' | 'SpanKind' | 'SpanStatusCode';
/** The @opentelemetry/api types the rewritten code may use. */
export type ApiType = 'Span' | 'SpanContext' | 'Tracer' | 'Context' | 'Attributes' | 'Baggage';

const API_VALUES: readonly ApiValue[] = [
  'trace',
  'context',
  'propagation',
  'SpanKind',
  'SpanStatusCode',
];
const API_TYPES: readonly ApiType[] = [
  'Span',
  'SpanContext',
  'Tracer',
  'Context',
  'Attributes',
  'Baggage',
];
const API_MODULE = '@opentelemetry/api';

/** The names the rewritten code uses for the API, and which of them the file already imports. */
export interface ApiNames {
  names: Record<ApiValue | ApiType, string>;
  /** Names an import of @opentelemetry/api in the file already binds: not imported again. */
  imported: ReadonlySet<ApiValue | ApiType>;
}

/** A name an existing import of @opentelemetry/api binds. */
interface ApiBinding {
  local: ts.Identifier;
  /** False for `import type`: it names a type only. */
  value: boolean;
  /** False for a `require`: it binds a value only. */
  type: boolean;
}

/**
 * Picks names for the API imports: the file's own import of a name when it has one (`trace as
 * otelTrace` is used as `otelTrace`, not imported a second time), else a name no identifier in the
 * file already uses. `insertAt`: where the new import goes; a `require` below it is not in effect
 * there yet.
 */
export function chooseNames(
  sourceFile: ts.SourceFile,
  checker: ts.TypeChecker,
  insertAt: number,
): ApiNames {
  const bindings = existingApiBindings(sourceFile, insertAt);
  const used = new Set<string>();
  // Names of something other than OpenTracing's own (a local `class Span`, say): the OpenTelemetry
  // type imported in place of OpenTracing's must not take them.
  const usedOtherwise = new Set<string>();
  // Names an existing API import binds that also name something else somewhere (a parameter that
  // hides the import, say): code written there would not reach the import.
  const hidden = new Set<string>();
  const bound = new Map(
    [...bindings.values()].map((binding) => [
      binding.local.text,
      checker.getSymbolAtLocation(binding.local),
    ]),
  );
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      // `span.context()` leaves the name `context` free: a member name binds nothing.
      if (!isMemberName(node)) used.add(node.text);
      const symbol = isMemberName(node) ? undefined : checker.getSymbolAtLocation(node);
      if (bound.has(node.text) && !isMemberName(node) && symbol !== bound.get(node.text))
        hidden.add(node.text);
      if (isApiType(node.text) && !isMemberName(node) && !isOpenTracingSymbol(checker, symbol))
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
  const imported = new Set<ApiValue | ApiType>();
  const reuse = (name: ApiValue | ApiType, as: 'value' | 'type'): string | undefined => {
    const binding = bindings.get(name);
    if (binding === undefined || !binding[as] || hidden.has(binding.local.text)) return undefined;
    imported.add(name);
    return binding.local.text;
  };
  const names = {} as Record<ApiValue | ApiType, string>;
  for (const name of API_VALUES) names[name] = reuse(name, 'value') ?? pick(name);
  for (const name of API_TYPES) {
    // Type names may shadow the OpenTracing ones they replace, which go away with the import.
    names[name] = reuse(name, 'type') ?? (usedOtherwise.has(name) ? pick(name) : name);
  }
  return { names, imported };
}

/** What the file's top-level imports (and requires above `insertAt`) of the API bind, by name. */
function existingApiBindings(sourceFile: ts.SourceFile, insertAt: number): Map<string, ApiBinding> {
  const bindings = new Map<string, ApiBinding>();
  const add = (name: string, binding: ApiBinding) => {
    if (!bindings.has(name)) bindings.set(name, binding);
  };
  for (const statement of sourceFile.statements) {
    if (
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text === API_MODULE &&
      statement.importClause?.namedBindings !== undefined &&
      ts.isNamedImports(statement.importClause.namedBindings)
    ) {
      const typeOnly = statement.importClause.isTypeOnly;
      for (const element of statement.importClause.namedBindings.elements) {
        add((element.propertyName ?? element.name).text, {
          local: element.name,
          value: !typeOnly && !element.isTypeOnly,
          type: true,
        });
      }
    } else if (ts.isVariableStatement(statement) && statement.end <= insertAt) {
      for (const [name, local] of requiredApiNames(statement)) {
        add(name, { local, value: true, type: false });
      }
    }
  }
  return bindings;
}

/** For `const { trace, context: ctx } = require('@opentelemetry/api')`: each name and binding. */
function requiredApiNames(statement: ts.VariableStatement): [string, ts.Identifier][] {
  const declarations = statement.declarationList.declarations;
  const [declaration] = declarations;
  const initializer = declaration?.initializer;
  if (
    declarations.length !== 1 ||
    !ts.isObjectBindingPattern(declaration.name) ||
    initializer === undefined ||
    !ts.isCallExpression(initializer) ||
    !ts.isIdentifier(initializer.expression) ||
    initializer.expression.text !== 'require' ||
    initializer.arguments.length !== 1 ||
    !ts.isStringLiteral(initializer.arguments[0]) ||
    initializer.arguments[0].text !== API_MODULE
  )
    return [];
  const found: [string, ts.Identifier][] = [];
  for (const element of declaration.name.elements) {
    if (element.dotDotDotToken || element.initializer || !ts.isIdentifier(element.name)) continue;
    const property = element.propertyName;
    const name =
      property === undefined
        ? element.name.text
        : ts.isIdentifier(property) || ts.isStringLiteral(property)
          ? property.text
          : undefined;
    if (name !== undefined) found.push([name, element.name]);
  }
  return found;
}

/** Whether a name is one of the @opentelemetry/api types the rewritten code may use. */
export function isApiType(name: string): name is ApiType {
  return (API_TYPES as readonly string[]).includes(name);
}

/** A name after `.` or before `:` in an object literal: it names a member, not a binding. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isQualifiedName(parent) && parent.right === node) ||
    // `import { Tracer as LegacyTracer }`: the other module's name, bound here as `LegacyTracer`.
    ((ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) && parent.propertyName === node)
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
