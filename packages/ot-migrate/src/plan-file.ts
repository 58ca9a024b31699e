import type { Attributes } from '@opentelemetry/api';
import { ts } from 'ts-morph';
import { toSpanKind } from '../../../src/conventions/span-kind';
import { tagTranslation } from '../../../src/conventions/tag-translation';
import type { CrossFile } from './cross-file';
import { REF_TYPE_ATTRIBUTE } from '../../../src/reference-links';
import type { PlanState } from './file-checks';
import { checkDataFlow, checkExports, checkImportBindings } from './file-checks';
import type { TextEdit } from './edits';
import { EditSet } from './planned-edits';
import { staticPropertyName, staticString } from './static-values';
import type { ApiType, ApiValue } from './source-text';
import {
  aliasSpecifier,
  asStringKey,
  chooseNames,
  isApiType,
  literal,
  propertyKey,
  quote,
} from './source-text';
import {
  afterStatement,
  identifiersOf,
  isBindingName,
  isNamed,
  isStatementList,
  isTruthinessTest,
  lineEnd,
  lineIndent,
  requireStatement,
  spanDeclaration,
  withoutUndefinedFallback,
} from './syntax';
import type { Usage } from './usages';
import { planErrorLog } from './rules/error-log';
import { knownSpanKindName, planStatusCode } from './rules/status-code';
import { optionalSpanContext } from './rules/span-context';
import { parentByType } from './rules/parent-context';
import type { OptionVariable } from './rules/start-options';
import {
  conditionalChildOf,
  optionVariable,
  replaceOptionLiteral,
  tagsSpread,
} from './rules/start-options';
import { isOpenTracingSymbol, isOpenTracingType } from './usages';

/** A reason a site cannot be rewritten safely. */
export interface Blocker {
  node: ts.Node;
  reason: string;
}

/** What the rewrite will do to one file. */
export interface FilePlan {
  /** Edits that turn the file into @opentelemetry/api code; empty when `blockers` is not. */
  edits: TextEdit[];
  /** Why the file stays as it is; each becomes a TODO comment. */
  blockers: Blocker[];
  /**
   * Decisions the rewritten code still needs (a behaviour OpenTelemetry cannot keep): each becomes
   * a TODO comment in the rewritten file. Empty when `blockers` is not.
   */
  notes: Blocker[];
}

/** An OpenTracing reference type, as the bridge writes it in `opentracing.ref_type`. */
type ReferenceType = 'child_of' | 'follows_from';

/** What a reference points at, as the rewritten code reaches it. */
interface Referent {
  /** The context a child of it starts in. */
  context: string;
  /** Its OpenTelemetry SpanContext (when `test` holds). */
  spanContext: string;
  /** What must hold for it to be a valid reference, when that is known only as the code runs. */
  test?: string;
  /** An extracted context: with nothing in the carrier, it is still a context (the active one). */
  extracted?: boolean;
  /** The `const` holding the context with the baggage it carries, when known. */
  baggageContext?: string;
}

const SPAN_KIND_MEMBER = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const TEXT_FORMATS = new Set([
  opentracingFormat('FORMAT_HTTP_HEADERS'),
  opentracingFormat('FORMAT_TEXT_MAP'),
]);

function opentracingFormat(name: 'FORMAT_HTTP_HEADERS' | 'FORMAT_TEXT_MAP'): string {
  return name === 'FORMAT_HTTP_HEADERS' ? 'http_headers' : 'text_map';
}

/**
 * Plans the rewrite of one file from OpenTracing to @opentelemetry/api. A file is rewritten whole
 * or not at all: OpenTracing and OpenTelemetry objects are not interchangeable, so a half-rewritten
 * file would mix them. It is rewritten only when every usage has a safe equivalent and no
 * OpenTracing object crosses the file's boundary (exports, imports, callbacks of other code);
 * otherwise each obstacle becomes a blocker with its reason.
 * @internal
 */
export class FilePlanner implements PlanState {
  private readonly edits: EditSet;
  private readonly blockers: Blocker[] = [];
  private readonly notes: Blocker[] = [];
  /** Nodes a handler has rewritten or taken responsibility for. */
  private readonly handled = new Set<ts.Node>();
  /** Variables holding an extracted context, and the references handlers accepted. */
  private readonly extractVariables = new Set<ts.Symbol>();
  readonly acceptedReferences = new Set<ts.Node>();
  /**
   * `const` span variables started under an extracted context (directly, or through parent spans
   * started so), and that context's variable: the baggage the OpenTracing span carried is there,
   * not in the active context, so the span's inject and children must be based on it.
   */
  private readonly baggageContexts = new Map<ts.Symbol, string>();
  /**
   * Spans with baggage set on them: after each statement that sets it (its end), the `const`
   * holding the context with the span's baggage from there on.
   */
  private readonly baggageVariables = new Map<ts.Symbol, { end: number; name: string }[]>();
  /** Names the rewrite made up (fresh, so no other name hides them). */
  private readonly madeUpNames = new Set<string>();
  /** Extracted-context variables that may hold `undefined` (`h ? tracer.extract(…) : undefined`). */
  private readonly optionalContexts = new Set<ts.Symbol>();
  /** Statements hoisted before a statement (by its start and value): their names. */
  private readonly hoisted = new Map<string, string>();
  /** Every identifier of the file and every name the rewrite added, once a new name is needed. */
  private usedNames: Set<string> | undefined;
  private readonly neededValues = new Set<ApiValue>();
  private readonly neededTypes = new Set<ApiType>();
  private readonly names: Record<ApiValue | ApiType, string>;
  /** API names the file already imports under `names`: the new import leaves them out. */
  private readonly alreadyImported: ReadonlySet<ApiValue | ApiType>;

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly checker: ts.TypeChecker,
    readonly usages: readonly Usage[],
    private readonly tracerName: string,
    readonly crossFile?: CrossFile,
  ) {
    this.edits = new EditSet(sourceFile.text);
    const { names, imported } = chooseNames(sourceFile, checker, importPosition(usages));
    this.names = names;
    this.alreadyImported = imported;
  }

  /** Plans the file. */
  plan(): FilePlan {
    const extracts = this.usages.filter((usage) => usage.kind === 'extract');
    for (const usage of extracts) this.planExtract(usage);
    for (const usage of this.usages) {
      if (usage.untyped) {
        this.block(usage.node, `no type information for \`${usage.name}\`: rewrite by hand`);
        continue;
      }
      switch (usage.kind) {
        case 'globalTracer':
          this.planGlobalTracer(usage);
          break;
        case 'startSpan':
          this.planStartSpan(usage);
          break;
        case 'setTag':
          this.planSetTag(usage);
          break;
        case 'log':
          this.planLog(usage);
          break;
        case 'finish':
          this.rename(usage, 'end');
          break;
        case 'inject':
          this.planInject(usage);
          break;
        case 'other':
          this.planOther(usage);
          break;
        case 'initGlobalTracer':
          this.block(
            usage.node,
            'set up the OpenTelemetry SDK instead (MIGRATION.md, step 1) and remove this call',
          );
          break;
        case 'baggage':
          this.planBaggage(usage);
          break;
        case 'references':
          // Those in `startSpan` options are rewritten with them (planReferences).
          if (!this.isHandled(usage.node)) {
            this.block(
              usage.node,
              'a reference made outside the `references` list of `startSpan`: write it there and run again',
            );
          }
          break;
        case 'import':
          if (ts.isExportDeclaration(usage.node)) this.planReexport(usage.node);
          break;
        case 'extract':
        case 'tags':
        case 'formats':
          break;
      }
    }
    this.checkTypeReferences();
    this.checkBaggageSpans();
    checkDataFlow(this);
    checkExports(this);
    // What follows only finds consequences of the obstacles above; report them alone if there are any.
    if (this.blockers.length > 0) return { edits: [], blockers: this.blockers, notes: [] };
    this.checkExtractVariables();
    this.checkConstants();
    this.planImports();
    checkImportBindings(this);
    return this.blockers.length > 0
      ? { edits: [], blockers: this.blockers, notes: [] }
      : { edits: this.edits.resolve(), blockers: [], notes: this.notes };
  }

  // ----- handlers -----

  private planGlobalTracer(usage: Usage): void {
    this.replace(usage.node, `${this.use('trace')}.getTracer(${quote(this.tracerName)})`);
  }

  private planStartSpan(usage: Usage): void {
    const call = usage.node as ts.CallExpression;
    if (call.arguments.length > 2)
      return this.block(call, 'startSpan with more than two arguments');
    const options = call.arguments[1];
    if (options === undefined) return;
    const onlyParent = conditionalChildOf(this, options);
    if (onlyParent !== undefined) {
      const resolved = this.parentContext(onlyParent.condition);
      if (resolved === undefined) return;
      this.acceptedReferences.add(onlyParent.value);
      this.replace(options, `{}, ${resolved.text}`);
      const spanSymbol = this.constVariableOf(call);
      if (spanSymbol !== undefined && resolved.baggageContext !== undefined)
        this.baggageContexts.set(spanSymbol, resolved.baggageContext);
      return;
    }
    if (!ts.isObjectLiteralExpression(options)) {
      return this.block(options, 'startSpan options the codemod cannot read: rewrite by hand');
    }
    let parent: string | undefined;
    let baggageContext: string | undefined;
    let kind = 'INTERNAL';
    let tags: ts.ObjectLiteralExpression | undefined;
    let startTime: string | undefined;
    let childOf: ts.Expression | undefined;
    let references: ts.Expression | undefined;
    let tagsVariable: OptionVariable | undefined;
    for (const property of options.properties) {
      const variable = optionVariable(this, property);
      if (variable?.name === 'tags' && ts.isObjectLiteralExpression(variable.literal)) {
        [tags, tagsVariable] = [variable.literal, variable];
        continue;
      }
      const name = ts.isPropertyAssignment(property)
        ? staticPropertyName(property.name, this.checker)
        : undefined;
      if (!ts.isPropertyAssignment(property) || name === undefined) {
        return this.block(property, 'startSpan options the codemod cannot read: rewrite by hand');
      }
      if (name === 'childOf') {
        childOf = property.initializer;
      } else if (name === 'tags') {
        if (!ts.isObjectLiteralExpression(property.initializer)) {
          return this.block(property, 'tags that are not an object literal: rewrite by hand');
        }
        tags = property.initializer;
      } else if (name === 'startTime') {
        startTime = this.text(property.initializer);
      } else if (name === 'references') {
        references = property.initializer;
      } else {
        return this.block(property, `unknown startSpan option \`${name}\``);
      }
    }
    let links: string | undefined;
    if (references !== undefined) {
      const planned = this.planReferences(call, references, childOf);
      if (planned === undefined) return;
      ({ parent, links, baggageContext } = planned);
    } else if (childOf !== undefined) {
      const resolved = this.parentContext(childOf);
      if (resolved === undefined) return;
      parent = resolved.text;
      baggageContext = resolved.baggageContext;
    }
    if (tags !== undefined) {
      const kindProperty = tags.properties.find(
        (property) =>
          ts.isPropertyAssignment(property) &&
          staticPropertyName(property.name, this.checker) === 'span.kind',
      ) as ts.PropertyAssignment | undefined;
      if (kindProperty !== undefined) {
        const mapped = toSpanKind(staticString(kindProperty.initializer, this.checker));
        if (mapped === undefined)
          return this.block(kindProperty, '`span.kind` that is not a known constant');
        kind = SPAN_KIND_MEMBER[mapped];
      }
      if (!this.planStartStatus(call, tags)) return;
    }
    const attributes = tags === undefined ? [] : this.attributes(tags, kind, 'start');
    if (attributes === undefined) return;
    const entries: string[] = [];
    if (kind !== 'INTERNAL') entries.push(`kind: ${this.use('SpanKind')}.${kind}`);
    if (tagsVariable !== undefined) {
      const multiline = tagsVariable.literal.getText(this.sourceFile).includes('\n');
      const text = this.objectText(attributes, multiline, tagsVariable.literal);
      replaceOptionLiteral(this, tagsVariable, text);
      entries.push(`attributes: ${tagsVariable.variable.text}`);
    } else if (attributes.length > 0) {
      const multiline = tags !== undefined && tags.getText(this.sourceFile).includes('\n');
      entries.push(`attributes: ${this.objectText(attributes, multiline, undefined)}`);
    }
    if (links !== undefined) entries.push(`links: ${links}`);
    if (startTime !== undefined) entries.push(`startTime: ${startTime}`);
    const multiline = options.getText(this.sourceFile).includes('\n');
    const optionsText = this.objectText(entries, multiline, options);
    this.replace(options, parent === undefined ? optionsText : `${optionsText}, ${parent}`);
    const spanSymbol = baggageContext === undefined ? undefined : this.constVariableOf(call);
    if (spanSymbol !== undefined && baggageContext !== undefined)
      this.baggageContexts.set(spanSymbol, baggageContext);
  }

  /**
   * `references` (with `childOf`, which counts as a ChildOf reference after the list): the parent
   * and the links the bridge makes of them. The parent is the first valid ChildOf reference, else
   * the first valid FollowsFrom one, else the active context; every valid reference but a ChildOf
   * parent is a link with the `opentracing.ref_type` attribute. References that may be empty (an
   * extracted context, a span that may be missing) decide when the code runs, as they did.
   * Undefined (with a blocker) when a reference is not one the codemod can follow.
   */
  private planReferences(
    call: ts.CallExpression,
    list: ts.Expression,
    childOf: ts.Expression | undefined,
  ): { parent?: string; links?: string; baggageContext?: string } | undefined {
    const elements = this.referenceElements(list);
    if (elements === undefined) return undefined;
    const references: { type: ReferenceType; referent: Referent }[] = [];
    for (const element of elements) {
      const parsed = this.reference(element);
      if (parsed === undefined) return undefined;
      if (parsed.referent !== undefined)
        references.push({ type: parsed.type, referent: parsed.referent });
    }
    if (childOf !== undefined) {
      const referent = this.referent(childOf, call);
      if (referent === undefined) return undefined;
      if (referent !== 'nothing') references.push({ type: 'child_of', referent });
    }
    // The parent: each candidate in the bridge's order, the first valid one chosen as the code runs.
    const candidates = [
      ...references.filter((reference) => reference.type === 'child_of'),
      ...references.filter((reference) => reference.type === 'follows_from'),
    ];
    let parent: string | undefined;
    for (const { referent } of [...candidates].reverse()) {
      parent =
        referent.test === undefined || (parent === undefined && referent.extracted)
          ? referent.context
          : `${referent.test} ? ${referent.context} : ${parent ?? 'undefined'}`;
    }
    const entries: string[] = [];
    const childOfs = candidates.filter((reference) => reference.type === 'child_of');
    for (const reference of references) {
      const { type, referent } = reference;
      const entry = `{ context: ${referent.spanContext}, attributes: { ${quote(REF_TYPE_ATTRIBUTE)}: ${quote(type)} } }`;
      const tests = referent.test === undefined ? [] : [referent.test];
      if (type === 'child_of') {
        // The first valid ChildOf reference is the parent, and no link: a later one is a link
        // only when an earlier one is valid.
        const before = childOfs.slice(0, childOfs.indexOf(reference));
        if (before.length === 0) continue;
        if (before.every((earlier) => earlier.referent.test !== undefined)) {
          const earlier = before.map((other) => other.referent.test);
          tests.unshift(earlier.length === 1 ? earlier[0]! : `(${earlier.join(' || ')})`);
        }
      }
      entries.push(tests.length === 0 ? entry : `...(${tests.join(' && ')} ? [${entry}] : [])`);
    }
    let links: string | undefined;
    if (entries.length === 1 && entries[0].startsWith('...(')) {
      // One link that may be missing: `test ? [link] : []`.
      links = entries[0].slice(4, -1);
    } else if (entries.length > 0) {
      links = `[${entries.join(', ')}]`;
    }
    // The span's baggage is its references' (the bridge merges them): followed for one only.
    const baggageContext =
      references.length === 1 ? references[0].referent.baggageContext : undefined;
    return { parent, links, baggageContext };
  }

  /** The entries of a `references` value; undefined (with a blocker) when it is not a list here. */
  private referenceElements(list: ts.Expression): readonly ts.Expression[] | undefined {
    const value = skipParentheses(list);
    if (ts.isArrayLiteralExpression(value)) return value.elements;
    // `producer ? [followsFrom(producer)] : []`: an extracted context is never missing after the
    // rewrite, and a reference to one without a span makes no link, as the missing one made none.
    if (
      ts.isConditionalExpression(value) &&
      ts.isIdentifier(skipParentheses(value.condition)) &&
      this.isExtractVariable(skipParentheses(value.condition)) &&
      ts.isArrayLiteralExpression(skipParentheses(value.whenTrue)) &&
      ts.isArrayLiteralExpression(skipParentheses(value.whenFalse)) &&
      (skipParentheses(value.whenFalse) as ts.ArrayLiteralExpression).elements.length === 0
    ) {
      const condition = skipParentheses(value.condition);
      this.acceptedReferences.add(condition);
      return (skipParentheses(value.whenTrue) as ts.ArrayLiteralExpression).elements;
    }
    this.block(list, 'references the codemod cannot follow: rewrite by hand');
    return undefined;
  }

  /**
   * One entry of `references`: `childOf(x)`, `followsFrom(x)` or `new Reference(type, x)`, with its
   * referent (none for `undefined` or `null`, which the bridge ignores). Undefined (with a blocker)
   * otherwise.
   */
  private reference(
    element: ts.Expression,
  ): { type: ReferenceType; referent: Referent | undefined } | undefined {
    const cannot = () => {
      this.block(element, 'references the codemod cannot follow: rewrite by hand');
      return undefined;
    };
    if (!ts.isCallExpression(element) && !ts.isNewExpression(element)) return cannot();
    const callee = element.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    if (
      !ts.isIdentifier(name) ||
      !isOpenTracingSymbol(this.checker, this.checker.getSymbolAtLocation(name))
    )
      return cannot();
    const args = element.arguments ?? [];
    let type: string | undefined;
    let target: ts.Expression | undefined;
    if (ts.isNewExpression(element) && name.text === 'Reference' && args.length === 2) {
      type = staticString(args[0], this.checker);
      target = args[1];
    } else if (ts.isCallExpression(element) && args.length === 1) {
      type =
        name.text === 'childOf'
          ? 'child_of'
          : name.text === 'followsFrom'
            ? 'follows_from'
            : undefined;
      target = args[0];
    }
    if (target === undefined || (type !== 'child_of' && type !== 'follows_from')) return cannot();
    const referent = this.referent(target, element);
    if (referent === undefined) return undefined;
    return { type, referent: referent === 'nothing' ? undefined : referent };
  }

  /**
   * What a reference points at, as the rewritten code reaches it: a span (or its `context()`), an
   * extracted context, a span that may be missing, a span context; `nothing` for `undefined` and
   * `null`. Each is read more than once, so it must be a name or a property read. Undefined (with a
   * blocker) otherwise.
   */
  private referent(node: ts.Expression, site: ts.Node): Referent | 'nothing' | undefined {
    let target = skipParentheses(node);
    // `childOf(parent!)`: what it may hold is read from its type below.
    while (ts.isNonNullExpression(target)) target = skipParentheses(target.expression);
    if (isNothing(target)) return 'nothing';
    const read =
      ts.isCallExpression(target) && ts.isPropertyAccessExpression(target.expression)
        ? target.expression.expression
        : target;
    if (!ts.isIdentifier(read) && !isPropertyRead(read)) {
      this.block(
        node,
        'a reference to something other than a name or a property read: put it in a variable and run again',
      );
      return undefined;
    }
    if (ts.isIdentifier(target) && this.isExtractVariable(target)) {
      this.acceptedReferences.add(target);
      const symbol = this.checker.getSymbolAtLocation(target)!;
      const text = target.getText(this.sourceFile);
      const spanContext = this.hoist(
        site,
        `${text}SpanContext`,
        `${this.use('trace')}.getSpanContext(${text})`,
        isConstVariable(symbol),
      );
      if (spanContext === undefined) return undefined;
      const fixed = isConstVariable(symbol) && !this.optionalContexts.has(symbol);
      return {
        context: text,
        spanContext,
        // A span context from the carrier, not the active span the extracted context holds too.
        test: `${spanContext}?.isRemote`,
        extracted: true,
        baggageContext: fixed ? text : undefined,
      };
    }
    const optional = this.optionalSpan(target);
    if (optional !== undefined) {
      return {
        context: this.withSpan(optional),
        spanContext: `${optional}.spanContext()`,
        test: optional,
      };
    }
    const span = this.spanExpression(target);
    if (span !== undefined) {
      const base = this.baggageContextOf(target);
      return {
        context: `${this.use('trace')}.setSpan(${base ?? `${this.use('context')}.active()`}, ${span})`,
        spanContext: `${span}.spanContext()`,
        baggageContext: base,
      };
    }
    if (this.isSpanContextValue(target)) {
      this.acceptedReferences.add(target);
      const text = target.getText(this.sourceFile);
      const type = this.checker.getTypeAtLocation(target);
      return {
        context: `${this.use('trace')}.setSpanContext(${this.use('context')}.active(), ${text})`,
        spanContext: text,
        test: type.isUnion() ? text : undefined,
      };
    }
    this.block(node, 'references the codemod cannot follow: rewrite by hand');
    return undefined;
  }

  /** Whether a name is a variable holding an extracted context. */
  private isExtractVariable(node: ts.Expression): boolean {
    const symbol = ts.isIdentifier(node) ? this.checker.getSymbolAtLocation(node) : undefined;
    return symbol !== undefined && this.extractVariables.has(symbol);
  }

  /**
   * A `const` holding `value`, declared right before the statement that holds `site`, named after
   * `name`: the name. Undefined (with a blocker) when `site` is not in a statement of a list (or a
   * function lies between them).
   */
  private hoist(site: ts.Node, name: string, value: string, reusable = false): string | undefined {
    let statement: ts.Node = site;
    while (!isStatementList(statement.parent)) {
      const parent = statement.parent;
      if (ts.isFunctionLike(parent) || ts.isClassLike(parent) || ts.isSourceFile(parent)) {
        this.block(site, 'references the codemod cannot follow: rewrite by hand');
        return undefined;
      }
      statement = parent;
    }
    const start = statement.getStart(this.sourceFile);
    // A value that cannot change is named once for the statements after it in the same list.
    const key = `${reusable ? statement.parent.pos : start}:${value}`;
    const known = this.hoisted.get(key);
    if (known !== undefined) return known;
    const fresh = this.freshName(name);
    this.hoisted.set(key, fresh);
    const indent = lineIndent(this.sourceFile, start);
    this.replaceRange(start, start, `const ${fresh} = ${value};\n${indent}`);
    return fresh;
  }

  /** A name no identifier of the file has, nor any name the rewrite gave: `base`, `base2`… */
  freshName(base: string): string {
    this.usedNames ??= new Set([...identifiersOf(this.sourceFile), ...Object.values(this.names)]);
    let name = base;
    for (let n = 2; this.usedNames.has(name); n++) name = `${base}${n}`;
    this.usedNames.add(name);
    this.madeUpNames.add(name);
    return name;
  }

  /**
   * An `error` tag at start is the span's status, as the bridge has it: `const span =
   * tracer.startSpan(…)` is followed by `span.setStatus(…)`. False (with a blocker) when the value
   * is not a literal boolean or the span has no variable to call it on.
   */
  private planStartStatus(call: ts.CallExpression, tags: ts.ObjectLiteralExpression): boolean {
    const errors = tags.properties.filter(
      (property): property is ts.PropertyAssignment =>
        ts.isPropertyAssignment(property) &&
        staticPropertyName(property.name, this.checker) === 'error',
    );
    if (errors.length === 0) return true;
    const value = errors[0].initializer;
    const code =
      value.kind === ts.SyntaxKind.TrueKeyword
        ? 'ERROR'
        : value.kind === ts.SyntaxKind.FalseKeyword
          ? 'OK'
          : undefined;
    const declared = spanDeclaration(call);
    if (errors.length > 1 || code === undefined || declared === undefined) {
      this.block(value, 'an `error` tag here: set the span status with setStatus by hand');
      return false;
    }
    const position = afterStatement(this.sourceFile, declared.statement);
    const indent = lineIndent(this.sourceFile, declared.statement.getStart(this.sourceFile));
    this.replaceRange(
      position,
      position,
      `\n${indent}${declared.name}.setStatus({ code: ${this.use('SpanStatusCode')}.${code} });`,
      errors[0],
    );
    return true;
  }

  /** The symbol of the `const` variable that `value` initialises, if it is one. */
  private constVariableOf(value: ts.Expression): ts.Symbol | undefined {
    const declaration = value.parent;
    if (
      !ts.isVariableDeclaration(declaration) ||
      declaration.initializer !== value ||
      !ts.isIdentifier(declaration.name) ||
      !ts.isVariableDeclarationList(declaration.parent) ||
      (declaration.parent.flags & ts.NodeFlags.Const) === 0
    )
      return undefined;
    return this.checker.getSymbolAtLocation(declaration.name);
  }

  /** The context holding the baggage of a span given as `span` or `span.context()`, if known. */
  private baggageContextOf(node: ts.Expression): string | undefined {
    const spanNode =
      ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)
        ? node.expression.expression
        : node;
    if (!ts.isIdentifier(spanNode)) return undefined;
    const symbol = this.checker.getSymbolAtLocation(spanNode);
    if (symbol === undefined) return undefined;
    // Baggage set on the span before this point: the context the last such statement made.
    const start = node.getStart(this.sourceFile);
    const set = this.baggageVariables
      .get(symbol)
      ?.filter((variable) => variable.end <= start)
      .pop();
    const text = set?.name ?? this.baggageContexts.get(symbol);
    if (text === undefined) return undefined;
    // A name the rewrite made up hides nothing and is hidden by nothing.
    if (this.madeUpNames.has(text)) return text;
    // The name must still mean the extracted context here, not a variable that hides it.
    const visible = this.checker.resolveName(text, node, ts.SymbolFlags.Value, false);
    if (visible === undefined || !this.extractVariables.has(visible)) {
      this.block(
        node,
        `the extracted context \`${text}\` is hidden by another \`${text}\` here: rewrite by hand`,
      );
      return undefined;
    }
    return text;
  }

  /**
   * An object literal from entries: on one line, or one entry per line (when the code it replaces
   * was written that way), indented from the line where `anchor` starts (nested objects have no
   * anchor: the enclosing object indents them).
   */
  private objectText(
    entries: readonly string[],
    multiline: boolean,
    anchor: ts.Node | undefined,
  ): string {
    if (entries.length === 0) return '{}';
    if (!multiline) return `{ ${entries.join(', ')} }`;
    let base = '';
    if (anchor !== undefined) {
      const start = anchor.getStart(this.sourceFile);
      const line = this.sourceFile.text.slice(
        this.sourceFile.text.lastIndexOf('\n', start) + 1,
        start,
      );
      base = /^\s*/.exec(line)?.[0] ?? '';
    }
    const inner = entries
      .map((entry) => `${base}  ${entry.replace(/\n/g, `\n${base}  `)},`)
      .join('\n');
    return `{\n${inner}\n${base}}`;
  }

  /** OTel attribute entries (`'key': value`) for tags; undefined when one cannot be rewritten. */
  private attributes(
    tags: ts.ObjectLiteralExpression,
    kind: string,
    where: 'start' | 'later',
  ): string[] | undefined {
    const entries: string[] = [];
    const names: string[] = [];
    for (const property of tags.properties) {
      const spread = !ts.isSpreadAssignment(property)
        ? undefined
        : tagsSpread(this, property, kind, (literal) => {
            const inner = this.attributes(literal, kind, where);
            const multiline = literal.getText(this.sourceFile).includes('\n');
            return inner && this.objectText(inner, multiline, literal);
          });
      if (spread !== undefined) {
        entries.push(spread);
        continue;
      }
      const field = this.field(property);
      if (field === undefined) {
        this.block(property, 'a tag whose name is not known before the code runs');
        return undefined;
      }
      const [key, value, keyText] = field;
      // At start these two are the span's kind and status (planStartSpan), not attributes.
      if ((key === 'span.kind' || key === 'error') && where === 'start') continue;
      const translated = this.attribute(key, value, kind, where, keyText);
      if (translated === undefined) return undefined;
      entries.push(...translated);
      // Compared as written: a kept constant is compared by the name it stands for.
      names.push(
        ...translated.map((entry) =>
          entry.startsWith('[') ? propertyKey(key) : entry.slice(0, entry.indexOf(': ')),
        ),
      );
    }
    if (new Set(names).size !== names.length) {
      this.block(tags, 'two tags translate to the same OpenTelemetry attribute: rewrite by hand');
      return undefined;
    }
    return entries;
  }

  /**
   * The name and value of a property of a tags or log-fields object: `key: value`, `[Keys.A]:
   * value`, or shorthand `{ cents }`. Undefined when the name is not known before the code runs
   * (a spread, a method, a computed name of no one value).
   */
  private field(
    property: ts.ObjectLiteralElementLike,
  ): [key: string, value: ts.Expression, keyText: string | undefined] | undefined {
    if (ts.isShorthandPropertyAssignment(property))
      return property.objectAssignmentInitializer === undefined
        ? [property.name.text, property.name, undefined]
        : undefined;
    if (!ts.isPropertyAssignment(property)) return undefined;
    const key = staticPropertyName(property.name, this.checker);
    const keyText = ts.isComputedPropertyName(property.name)
      ? this.ownConstant(property.name.expression)
      : undefined;
    return key === undefined ? undefined : [key, property.initializer, keyText];
  }

  /**
   * The text of a key that is a constant of the code itself (`Keys.EventType`, `ORDER_ID`): the
   * rewrite keeps it rather than its value, so the constant stays in use. OpenTracing's own
   * constants go, with the import they come from.
   */
  private ownConstant(key: ts.Expression): string | undefined {
    const name = ts.isPropertyAccessExpression(key) ? key.name : key;
    if (!ts.isIdentifier(name)) return undefined;
    if (isOpenTracingSymbol(this.checker, this.checker.getSymbolAtLocation(name))) return undefined;
    return key.getText(this.sourceFile);
  }

  /**
   * One tag as OTel attribute entries; undefined (with a blocker) when it is not an attribute.
   * `keyText`: a constant of the code's own naming the key, kept as `[keyText]` when OpenTelemetry
   * has the same name.
   */
  private attribute(
    key: string,
    value: ts.Expression,
    kind: string,
    where: 'start' | 'later',
    keyText?: string,
  ): string[] | undefined {
    if (key === 'error') {
      this.block(value, 'an `error` tag here: set the span status with setStatus by hand');
      return undefined;
    }
    if (key === 'span.kind') {
      this.block(
        value,
        'OpenTelemetry fixes the span kind at start: pass it in startSpan options by hand',
      );
      return undefined;
    }
    if (key === 'sampling.priority' && where === 'later') {
      // The bridge keeps it as an attribute (with a warning): the sampler has decided already.
      this.note(
        value,
        '`sampling.priority` set after start cannot change the sampling decision in OpenTelemetry (a sampler decides when the span starts): it is kept as an attribute; to keep traces with errors, sample in the Collector (tail sampling), set it in the `startSpan` tags, or write a custom sampler',
      );
    }
    if (!this.isAttributeValue(value)) {
      this.block(
        value,
        `the value of \`${key}\` is not a string, number or boolean: convert it by hand`,
      );
      return undefined;
    }
    const translation = tagTranslation(key);
    const serverSide = kind === 'SERVER' || kind === 'CONSUMER';
    const name =
      translation?.otel === undefined
        ? key
        : (serverSide && translation.otelServerSide) || translation.otel;
    const text = this.text(value);
    if (
      translation?.otel !== undefined &&
      translation.value !== undefined &&
      ts.isStringLiteral(value)
    ) {
      // A literal is converted now, by the bridge's own table (so `'get'` becomes `'GET'`).
      const extra: Record<string, unknown> = {};
      const converted = translation.value(value.text, extra as Attributes);
      return [name, ...Object.keys(extra)].map(
        (attribute, index) =>
          `${propertyKey(attribute)}: ${literal(index === 0 ? converted : extra[attribute])}`,
      );
    }
    const kept = keyText !== undefined && name === key;
    return [`${kept ? `[${keyText}]` : propertyKey(name)}: ${text}`];
  }

  /**
   * Whether a value is one OpenTelemetry attributes hold. Values without type information (`any`,
   * plain JavaScript) are let through: OpenTelemetry drops what it cannot hold, with a warning.
   */
  isAttributeValue(value: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(value);
    const primitive =
      ts.TypeFlags.StringLike |
      ts.TypeFlags.NumberLike |
      ts.TypeFlags.BooleanLike |
      ts.TypeFlags.Any;
    const isPrimitive = (member: ts.Type) => (member.flags & primitive) !== 0;
    return type.isUnion() ? type.types.every(isPrimitive) : isPrimitive(type);
  }

  /**
   * Baggage lives in the Context in OpenTelemetry, not on the span. `span.getBaggageItem(k)` reads
   * it from the context the span's baggage is in (see baggageContextOf); `span.setBaggageItem(k,
   * v);` makes a new context with the item, kept in a `const` that what the span starts, injects
   * and reads from then on is based on: the baggage goes on to its children and to what is injected
   * from it, as it did. Statements that set items one after the other make one context.
   */
  private planBaggage(usage: Usage): void {
    const call = usage.node as ts.CallExpression;
    if (this.isHandled(call)) return;
    const callee = call.expression as ts.PropertyAccessExpression;
    const span = callee.expression;
    const type = this.checker.getTypeAtLocation(span);
    if (!ts.isPropertyAccessExpression(call.expression) || type.isUnion() || !isNamed(type, 'Span'))
      return this.block(call, `\`${usage.name}\` on something the codemod cannot follow`);
    if (usage.name === 'getBaggageItem') {
      const [key] = call.arguments;
      if (key === undefined || call.arguments.length !== 1)
        return this.block(call, `\`${usage.name}\` on something the codemod cannot follow`);
      const base = this.baggageContextOf(span) ?? `${this.use('context')}.active()`;
      this.replace(
        call,
        `${this.use('propagation')}.getBaggage(${base})?.getEntry(${this.text(key)})?.value`,
      );
      return;
    }
    const group = this.baggageStatements(call);
    if (group === undefined) {
      return this.block(
        call,
        'baggage set where the rewrite cannot carry it to what the span starts and injects: set it in a statement of its own, in the block that declares the span (a `const`), and run again',
      );
    }
    const symbol = this.checker.getSymbolAtLocation(span)!;
    const base = this.baggageContextOf(span) ?? `${this.use('context')}.active()`;
    const entries = group.map(({ expression }) => {
      const [key, value] = (expression as ts.CallExpression).arguments;
      return `.setEntry(${this.asText(key)}, { value: ${this.asText(value)} })`;
    });
    const name = this.freshName(`${span.getText(this.sourceFile)}Ctx`);
    const propagation = this.use('propagation');
    this.replace(
      group[0],
      `const ${name} = ${propagation}.setBaggage(${base}, (${propagation}.getBaggage(${base}) ?? ${propagation}.createBaggage())${entries.join('')});`,
    );
    for (const statement of group.slice(1)) this.removeStatement(statement);
    const variables = this.baggageVariables.get(symbol) ?? [];
    variables.push({ end: group[group.length - 1].end, name });
    this.baggageVariables.set(symbol, variables);
  }

  /**
   * For `span.setBaggageItem(k, v);` standing in the list of statements that declares `const span`:
   * it and the statements right after it that set baggage on the same span. Undefined otherwise.
   */
  private baggageStatements(call: ts.CallExpression): ts.ExpressionStatement[] | undefined {
    const statement = call.parent;
    const span = (call.expression as ts.PropertyAccessExpression).expression;
    const symbol = ts.isIdentifier(span) ? this.checker.getSymbolAtLocation(span) : undefined;
    const declaration = symbol?.valueDeclaration;
    if (
      !ts.isExpressionStatement(statement) ||
      call.arguments.length !== 2 ||
      symbol === undefined ||
      declaration === undefined ||
      !isConstVariable(symbol) ||
      declaration.getSourceFile() !== this.sourceFile ||
      declaration.parent.parent.parent !== statement.parent
    )
      return undefined;
    const siblings = (statement.parent as ts.Block).statements;
    const group: ts.ExpressionStatement[] = [statement];
    for (let index = siblings.indexOf(statement) + 1; index < siblings.length; index++) {
      const next = siblings[index];
      const nextCall = ts.isExpressionStatement(next) ? next.expression : undefined;
      if (
        nextCall === undefined ||
        !ts.isCallExpression(nextCall) ||
        !ts.isPropertyAccessExpression(nextCall.expression) ||
        nextCall.expression.name.text !== 'setBaggageItem' ||
        nextCall.arguments.length !== 2 ||
        !ts.isIdentifier(nextCall.expression.expression) ||
        this.checker.getSymbolAtLocation(nextCall.expression.expression) !== symbol
      )
        break;
      group.push(next as ts.ExpressionStatement);
      this.handled.add(nextCall);
    }
    return group;
  }

  /** A key or value as a string, as the bridge converts it: `String(v)` unless it is one already. */
  private asText(node: ts.Expression): string {
    const type = this.checker.getTypeAtLocation(node);
    const members = type.isUnion() ? type.types : [type];
    const text = this.text(node);
    return members.every((member) => (member.flags & ts.TypeFlags.StringLike) !== 0)
      ? text
      : `String(${text})`;
  }

  /** Removes a statement, with its line when it stands alone on it. */
  private removeStatement(statement: ts.Statement): void {
    const text = this.sourceFile.text;
    const start = statement.getStart(this.sourceFile);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const end = lineEnd(this.sourceFile, statement.end);
    const alone =
      /^[^\S\n]*$/.test(text.slice(lineStart, start)) &&
      /^[^\S\n]*\r?\n?$/.test(text.slice(statement.end, end));
    if (alone) this.replaceRange(lineStart, end, '', statement);
    else this.replaceRange(start, statement.end, '', statement);
    this.handled.add(statement);
  }

  private planSetTag(usage: Usage): void {
    const call = usage.node as ts.CallExpression;
    const callee = call.expression as ts.PropertyAccessExpression;
    if (usage.name === 'addTags') {
      const [tags] = call.arguments;
      if (
        tags === undefined ||
        !ts.isObjectLiteralExpression(tags) ||
        call.arguments.length !== 1
      ) {
        return this.block(call, 'addTags without an object literal: rewrite by hand');
      }
      const entries = this.attributes(tags, 'INTERNAL', 'later');
      if (entries === undefined) return;
      this.replaceRange(
        callee.name.getStart(this.sourceFile),
        call.end,
        `setAttributes({ ${entries.join(', ')} })`,
        call,
      );
      return;
    }
    const [keyNode, value] = call.arguments;
    const key = keyNode === undefined ? undefined : staticString(keyNode, this.checker);
    if (key === undefined || value === undefined)
      return this.block(call, 'a tag whose name is not known before the code runs');
    if (
      key === 'error' &&
      (value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword)
    ) {
      const code = value.kind === ts.SyntaxKind.TrueKeyword ? 'ERROR' : 'OK';
      this.replaceRange(
        callee.name.getStart(this.sourceFile),
        call.end,
        `setStatus({ code: ${this.use('SpanStatusCode')}.${code} })`,
        call,
      );
      return;
    }
    const translation = tagTranslation(key);
    const harmlessStatus =
      key === 'http.status_code' && ts.isNumericLiteral(value) && Number(value.text) < 400;
    if (key === 'http.status_code' && !harmlessStatus) return planStatusCode(this, call, value);
    // A name that depends on the span's kind (`peer.hostname`): the kind the file shows.
    const kind =
      translation?.otelServerSide === undefined
        ? 'INTERNAL'
        : knownSpanKindName(this, callee.expression);
    if (kind === undefined || (key === 'http.status_code' && !harmlessStatus)) {
      return this.block(
        call,
        `\`${key}\` after start depends on the span kind or sets the status: rewrite by hand`,
      );
    }
    const keyText = keyNode === undefined ? undefined : this.ownConstant(keyNode);
    const entries = this.attribute(key, value, kind, 'later', keyText);
    if (entries === undefined) return;
    const text =
      entries.length !== 1
        ? `setAttributes({ ${entries.join(', ')} })`
        : entries[0].startsWith('[')
          ? `setAttribute(${keyText}, ${this.text(value)})`
          : `setAttribute(${asStringKey(entries[0])})`;
    this.replaceRange(callee.name.getStart(this.sourceFile), call.end, text, call);
  }

  private planLog(usage: Usage): void {
    const call = usage.node as ts.CallExpression;
    const callee = call.expression as ts.PropertyAccessExpression;
    if (usage.name === 'logEvent') {
      const [name, payload] = call.arguments;
      if (name === undefined || payload !== undefined)
        return this.block(call, 'logEvent with a payload: rewrite by hand');
      this.replaceRange(
        callee.name.getStart(this.sourceFile),
        call.end,
        `addEvent(${this.text(name)})`,
        call,
      );
      return;
    }
    const [fields, timestamp] = call.arguments;
    if (fields === undefined || !ts.isObjectLiteralExpression(fields)) {
      return this.block(call, 'log fields that are not an object literal: rewrite by hand');
    }
    let eventName = 'log';
    const rest: [string, ts.Expression, string][] = [];
    for (const property of fields.properties) {
      const field = this.field(property);
      if (field === undefined) {
        return this.block(property, 'a log field whose name is not known before the code runs');
      }
      const [key, value, keyText] = field;
      if (key === 'event') {
        const name = staticString(value, this.checker);
        if (name === undefined) return this.block(property, 'an event name that is not a literal');
        eventName = name;
      } else {
        rest.push([key, value, logKey(property, key, keyText)]);
      }
    }
    const time = timestamp === undefined ? '' : `, ${this.text(timestamp)}`;
    if (eventName === 'error') return planErrorLog(this, call, rest, time);
    const attributes: string[] = [];
    for (const [key, value, keyText] of rest) {
      if (!this.isAttributeValue(value)) {
        return this.block(
          value,
          `the value of \`${key}\` is not a string, number or boolean: convert it by hand`,
        );
      }
      // Shorthand stays shorthand.
      const same = keyText === value.getText(this.sourceFile);
      attributes.push(same ? keyText : `${keyText}: ${this.text(value)}`);
    }
    const attributesText =
      attributes.length === 0 ? (time ? ', {}' : '') : `, { ${attributes.join(', ')} }`;
    this.replaceRange(
      callee.name.getStart(this.sourceFile),
      call.end,
      `addEvent(${quote(eventName)}${attributesText}${time})`,
      call,
    );
  }

  private planInject(usage: Usage): void {
    const call = usage.node as ts.CallExpression;
    const [spanNode, format, carrier] = call.arguments;
    if (
      spanNode === undefined ||
      format === undefined ||
      carrier === undefined ||
      !this.isTextFormat(format)
    ) {
      return this.block(
        call,
        'inject in a format other than HTTP headers or text map: rewrite by hand',
      );
    }
    const span = this.spanExpression(spanNode);
    if (span === undefined)
      return this.block(spanNode, 'inject of something the codemod cannot follow');
    // The span's own start context when known: it holds the baggage the span carried (from an
    // extracted parent, say), which the active context may not.
    const base = this.baggageContextOf(spanNode) ?? `${this.use('context')}.active()`;
    this.replace(
      call,
      `${this.use('propagation')}.inject(${this.use('trace')}.setSpan(${base}, ${span}), ${this.text(carrier)})`,
    );
  }

  private planExtract(usage: Usage): void {
    const call = usage.node as ts.CallExpression;
    const [format, carrier] = call.arguments;
    if (format === undefined || carrier === undefined || !this.isTextFormat(format)) {
      return this.block(
        call,
        'extract in a format other than HTTP headers or text map: rewrite by hand',
      );
    }
    const { initializer, replaced, optional } = extractInitializer(call);
    const declaration = initializer.parent;
    if (
      !ts.isVariableDeclaration(declaration) ||
      declaration.initializer !== initializer ||
      !ts.isIdentifier(declaration.name) ||
      declaration.type !== undefined
    ) {
      return this.block(call, 'an extracted context the codemod cannot follow: rewrite by hand');
    }
    const symbol = this.checker.getSymbolAtLocation(declaration.name);
    if (symbol === undefined)
      return this.block(call, 'an extracted context the codemod cannot follow');
    this.extractVariables.add(symbol);
    if (optional) this.optionalContexts.add(symbol);
    // `: null` becomes `: undefined`, which OpenTelemetry takes for no context (the active one).
    const otherwise = ts.isConditionalExpression(initializer) ? initializer.whenFalse : undefined;
    if (optional && otherwise?.kind === ts.SyntaxKind.NullKeyword)
      this.replace(otherwise, 'undefined');
    this.handled.add(declaration.name);
    this.handled.add(call);
    this.replace(
      replaced,
      `${this.use('propagation')}.extract(${this.use('context')}.active(), ${this.text(carrier)})`,
    );
  }

  private planOther(usage: Usage): void {
    const call = usage.node as ts.CallExpression;
    if (this.isHandled(call)) return;
    if (usage.name === 'setOperationName') return this.rename(usage, 'updateName');
    if (
      (usage.name === 'toTraceId' || usage.name === 'toSpanId') &&
      ts.isPropertyAccessExpression(call.expression)
    ) {
      const receiver = call.expression.expression;
      const field = usage.name === 'toTraceId' ? 'traceId' : 'spanId';
      const span = ts.isCallExpression(receiver) ? this.contextOfSpan(receiver) : undefined;
      if (span !== undefined) {
        this.handled.add(receiver);
        this.replace(call, `${span}.spanContext().${field}`);
        return;
      }
      // A span context kept in a variable or a field: an OpenTelemetry SpanContext after the
      // rewrite (its type too, see checkTypeReferences), whose ids are fields.
      if (this.isSpanContextValue(receiver)) {
        const dot = call.expression.questionDotToken === undefined ? '.' : '?.';
        this.replace(call, `${receiver.getText(this.sourceFile)}${dot}${field}`);
        return;
      }
    }
    if (usage.name === 'context') {
      // Followed by `.toTraceId()`: that call decides. Else `span.spanContext()`, the ids of the
      // span as an OpenTelemetry SpanContext, where the types say SpanContext too.
      if (call.parent && ts.isPropertyAccessExpression(call.parent)) return;
      if (this.contextOfSpan(call) !== undefined) return this.rename(usage, 'spanContext');
      const renamed = optionalSpanContext(this, call);
      if (renamed !== undefined) return this.rename(usage, renamed);
    }
    this.block(
      call,
      `\`${usage.name}\` has no direct OpenTelemetry equivalent here: rewrite by hand`,
    );
  }

  private rename(usage: Usage, name: string): void {
    const call = usage.node as ts.CallExpression;
    if (!ts.isPropertyAccessExpression(call.expression))
      return this.block(call, `\`${usage.name}\` the codemod cannot follow`);
    this.replace(call.expression.name, name);
  }

  // ----- values -----

  /**
   * The parent-context argument for a `childOf` value, or undefined (with a blocker).
   * `baggageContext`: the `const` variable holding the extracted context whose baggage the new
   * span carries, when there is one.
   */
  private parentContext(
    value: ts.Expression,
  ): { text: string; baggageContext: string | undefined } | undefined {
    const core = withoutUndefinedFallback(value);
    const symbol = ts.isIdentifier(core) ? this.checker.getSymbolAtLocation(core) : undefined;
    if (symbol !== undefined && this.extractVariables.has(symbol)) {
      // After the rewrite the variable holds a Context, never null: no fallback needed.
      this.acceptedReferences.add(core);
      const text = core.getText(this.sourceFile);
      const fixed = isConstVariable(symbol) && !this.optionalContexts.has(symbol);
      return { text, baggageContext: fixed ? text : undefined };
    }
    if (ts.isBinaryExpression(core) && isFallbackOperator(core.operatorToken.kind))
      return this.fallbackParent(core);
    const optional = this.optionalSpanParent(core);
    if (optional !== undefined) return { text: optional, baggageContext: undefined };
    const span = this.spanExpression(core);
    if (span !== undefined) {
      const base = this.baggageContextOf(core);
      return {
        text: `${this.use('trace')}.setSpan(${base ?? `${this.use('context')}.active()`}, ${span})`,
        baggageContext: base,
      };
    }
    const byType = parentByType(this, core);
    if (byType !== undefined) return { text: byType, baggageContext: undefined };
    this.block(value, 'a parent the codemod cannot follow: rewrite by hand');
    return undefined;
  }

  /**
   * `childOf: span || other`: the span when there is one, else the other parent, as OpenTracing
   * picks it. An extracted context cannot stand first: OpenTelemetry's extract gives a context
   * even when the carrier holds none, so the other parent would never be used.
   */
  private fallbackParent(
    value: ts.BinaryExpression,
  ): { text: string; baggageContext: string | undefined } | undefined {
    const first = this.optionalSpan(skipParentheses(value.left));
    if (first === undefined) {
      this.block(value, 'a parent with a fallback the codemod cannot follow: rewrite by hand');
      return undefined;
    }
    const second = this.parentContext(value.right);
    if (second === undefined) return undefined;
    return {
      text: `${first} ? ${this.withSpan(first)} : ${second.text}`,
      baggageContext: undefined,
    };
  }

  /**
   * For a span that may be undefined or null (`span?: Span`): the context with the span when there
   * is one, else `undefined`, which starts the span under the active context as OpenTracing does
   * without a parent. Undefined when `node` is not such a span.
   */
  private optionalSpanParent(node: ts.Expression): string | undefined {
    const span = this.optionalSpan(node);
    return span === undefined ? undefined : `${span} ? ${this.withSpan(span)} : undefined`;
  }

  /** The text of a variable or property read holding an OpenTracing span or nothing. */
  private optionalSpan(node: ts.Expression): string | undefined {
    // The text is read twice: only names and property reads, which give the same value both times.
    if (!ts.isIdentifier(node) && !isPropertyRead(node)) return undefined;
    const type = this.checker.getTypeAtLocation(node);
    if (!type.isUnion()) return undefined;
    const span = this.checker.getNonNullableType(type);
    if (span.isUnion() || !isOpenTracingType(this.checker, span) || !isNamed(span, 'Span'))
      return undefined;
    this.acceptedReferences.add(node);
    return node.getText(this.sourceFile);
  }

  /** The active context with this span in it. */
  private withSpan(span: string): string {
    return `${this.use('trace')}.setSpan(${this.use('context')}.active(), ${span})`;
  }

  /** Source text for an OpenTracing span given as a span or as `span.context()`. */
  private spanExpression(node: ts.Expression): string | undefined {
    if (ts.isCallExpression(node)) {
      const span = this.contextOfSpan(node);
      if (span !== undefined) {
        this.handled.add(node);
        return span;
      }
    }
    const type = this.checker.getTypeAtLocation(node);
    if (type.isUnion() || !isOpenTracingType(this.checker, type) || !isNamed(type, 'Span'))
      return undefined;
    this.acceptedReferences.add(node);
    return this.text(node);
  }

  /**
   * Whether a node is a name or property read holding an OpenTracing span context (or nothing)
   * that is not an extracted context: the rewrite makes it an OpenTelemetry SpanContext.
   */
  private isSpanContextValue(node: ts.Expression): boolean {
    if (!ts.isIdentifier(node) && !isPropertyRead(node)) return false;
    const symbol = ts.isIdentifier(node) ? this.checker.getSymbolAtLocation(node) : undefined;
    if (symbol !== undefined && this.extractVariables.has(symbol)) return false;
    const type = this.checker.getNonNullableType(this.checker.getTypeAtLocation(node));
    return !type.isUnion() && isOpenTracingType(this.checker, type) && isNamed(type, 'SpanContext');
  }

  /** For `span.context()` with `span` an OpenTracing span: the text of `span`. */
  private contextOfSpan(call: ts.CallExpression): string | undefined {
    if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'context')
      return undefined;
    const receiver = call.expression.expression;
    const type = this.checker.getTypeAtLocation(receiver);
    if (type.isUnion() || !isOpenTracingType(this.checker, type) || !isNamed(type, 'Span'))
      return undefined;
    this.acceptedReferences.add(receiver);
    return this.text(receiver);
  }

  private isTextFormat(format: ts.Expression): boolean {
    const value = staticString(format, this.checker);
    if (value === undefined || !TEXT_FORMATS.has(value)) return false;
    this.handled.add(format);
    return true;
  }

  // ----- whole-file checks -----

  private checkExtractVariables(): void {
    for (const symbol of this.extractVariables) {
      for (const reference of this.referencesTo(symbol)) {
        if (!this.acceptedReferences.has(reference) && !this.handled.has(reference)) {
          this.block(
            reference,
            'an extracted context used other than as `childOf`: rewrite by hand',
          );
        }
      }
    }
  }

  /**
   * A span with baggage set on it goes only where the rewrite carries that baggage along (its
   * methods, `childOf`, references, inject, tests), and no function that may run later reads it
   * before the last statement that sets baggage: one TODO, at the first place it does not.
   */
  private checkBaggageSpans(): void {
    for (const [symbol, variables] of this.baggageVariables) {
      const last = variables[variables.length - 1].end;
      const home = enclosingFunction(symbol.valueDeclaration!);
      for (const reference of this.referencesTo(symbol)) {
        const later =
          enclosingFunction(reference) !== home && reference.getStart(this.sourceFile) < last;
        if (!later && this.carriesBaggage(reference)) continue;
        this.block(
          reference,
          `\`${reference.text}\` has baggage set on it, which the rewrite keeps in a context of its own and cannot carry here: rewrite by hand (pass the context with the span, or start what needs the baggage where the span is)`,
        );
        break;
      }
    }
  }

  /** Whether a reference to a span is one of the uses the rewrite bases on the span's baggage. */
  private carriesBaggage(reference: ts.Identifier): boolean {
    const parent = reference.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === reference) {
      if (parent.name.text !== 'context') return true;
      // `span.context()` as a parent or injected (its baggage goes on), or for its ids.
      return this.handled.has(parent.parent);
    }
    return this.acceptedReferences.has(reference) || isTruthinessTest(reference);
  }

  private checkConstants(): void {
    for (const usage of this.usages) {
      if ((usage.kind === 'tags' || usage.kind === 'formats') && !this.isInsideEdit(usage.node)) {
        this.block(
          usage.node,
          `\`${usage.name}\` is an OpenTracing constant: use the OpenTelemetry name by hand`,
        );
      }
    }
  }

  /**
   * Types written with OpenTracing's `Span`, `Tracer` and `SpanContext` (annotations, interface and
   * class fields, type arguments such as `Map<string, Span>`, `import('opentracing').Span`, JSDoc
   * types) become the @opentelemetry/api types of the same name: the values the rewrite puts there
   * are of those types (`span.context()` becomes `span.spanContext()`, an OpenTelemetry
   * `SpanContext`). Other OpenTracing types have no equivalent a value could be rewritten to.
   */
  private checkTypeReferences(): void {
    const visit = (node: ts.Node): void => {
      // JSDoc types (the real types of a `// @ts-check` JavaScript file) are not child nodes.
      for (const doc of ts.getJSDocCommentsAndTags(node)) visitJsDoc(doc);
      if (ts.isTypeReferenceNode(node)) {
        const name = ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName;
        if (isOpenTracingSymbol(this.checker, this.checker.getSymbolAtLocation(name))) {
          if (isApiType(name.text)) {
            this.neededTypes.add(name.text);
            this.replace(node.typeName, this.names[name.text]);
          } else {
            this.block(
              node,
              `the OpenTracing type \`${name.text}\` has no direct OpenTelemetry equivalent`,
            );
          }
        }
      } else if (ts.isImportTypeNode(node) && this.rewriteImportType(node, false)) {
        return;
      }
      ts.forEachChild(node, visit);
    };
    const seenDocs = new Set<ts.Node>();
    // In a comment no import is in scope, so the type is named through `import(...)`.
    const visitJsDoc = (node: ts.Node): void => {
      // A @param tag comes both with its comment (for the function) and alone (for the
      // parameter): each node is looked at once.
      if (seenDocs.has(node)) return;
      seenDocs.add(node);
      if (ts.isImportTypeNode(node) && this.rewriteImportType(node, true)) return;
      if (ts.isTypeReferenceNode(node)) {
        const name = ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName;
        if (isOpenTracingSymbol(this.checker, this.checker.getSymbolAtLocation(name))) {
          if (isApiType(name.text)) {
            this.replace(node, `import('@opentelemetry/api').${name.text}`);
          } else {
            this.block(
              node,
              `the OpenTracing type \`${name.text}\` in a doc comment has no direct OpenTelemetry equivalent`,
            );
          }
          return;
        }
      }
      ts.forEachChild(node, visitJsDoc);
    };
    visit(this.sourceFile);
  }

  /**
   * `import('opentracing').Span` (in code or a doc comment): the same type of @opentelemetry/api.
   * False when the node names another module.
   */
  private rewriteImportType(node: ts.ImportTypeNode, inDoc: boolean): boolean {
    const qualifier = node.qualifier;
    if (qualifier === undefined) return false;
    const name = ts.isQualifiedName(qualifier) ? qualifier.right : qualifier;
    if (!isOpenTracingSymbol(this.checker, this.checker.getSymbolAtLocation(name))) return false;
    if (isApiType(name.text) && node.typeArguments === undefined && !node.isTypeOf) {
      this.replace(node, `import('@opentelemetry/api').${name.text}`);
    } else if (inDoc) {
      this.block(
        node,
        `the OpenTracing type \`${name.text}\` in a doc comment has no direct OpenTelemetry equivalent`,
      );
    } else {
      this.block(
        node,
        `the OpenTracing type \`${name.text}\` has no direct OpenTelemetry equivalent`,
      );
    }
    return true;
  }

  /**
   * `export { Span, Tracer } from 'opentracing'` (an index file's): the @opentelemetry/api types
   * of the same names, which the rewritten code uses; as types only, since OpenTelemetry's are
   * interfaces. OpenTracing's values (`Tags`, `FORMAT_*`, `globalTracer`…) have no equivalent to
   * re-export.
   */
  private planReexport(declaration: ts.ExportDeclaration): void {
    const clause = declaration.exportClause;
    if (clause === undefined || !ts.isNamedExports(clause)) {
      return this.block(
        declaration,
        're-exports all of opentracing: list the types the importing files use (`export type { Span, Tracer } from …`) and run again',
      );
    }
    const specifiers: string[] = [];
    const values: string[] = [];
    for (const element of clause.elements) {
      const name = (element.propertyName ?? element.name).text;
      if (isApiType(name)) specifiers.push(aliasSpecifier(name, element.name.text));
      else values.push(name);
    }
    if (values.length > 0) {
      return this.block(
        declaration,
        `re-exports \`${values.join('`, `')}\` from opentracing, which OpenTelemetry has no equivalent of: export what the importing files need from @opentelemetry/api (\`Tags\`: the \`ATTR_*\` names of @opentelemetry/semantic-conventions), or nothing, and run again`,
      );
    }
    this.replace(
      declaration,
      specifiers.length === 0
        ? 'export {};'
        : `export type { ${specifiers.join(', ')} } from '@opentelemetry/api';`,
    );
  }

  private planImports(): void {
    const imports = this.usages.filter(isImport);
    if (imports.length === 0) return;
    const values = [...this.neededValues]
      .filter((name) => !this.alreadyImported.has(name))
      .sort()
      .map((name) => aliasSpecifier(name, this.names[name]));
    const types = [...this.neededTypes]
      .filter((name) => !this.alreadyImported.has(name))
      .sort()
      .map((name) => aliasSpecifier(name, this.names[name]));
    const first = imports[0].node;
    const isRequire = ts.isCallExpression(first);
    let replacement: string;
    if (isRequire) {
      const specifiers = values.map((specifier) => specifier.replace(' as ', ': '));
      replacement =
        specifiers.length === 0
          ? ''
          : `const { ${specifiers.join(', ')} } = require('@opentelemetry/api');`;
    } else {
      const specifiers = [...values, ...types.map((type) => `type ${type}`)];
      replacement =
        specifiers.length === 0
          ? ''
          : `import { ${specifiers.join(', ')} } from '@opentelemetry/api';`;
    }
    imports.forEach((usage, index) => {
      const statement = isRequire ? requireStatement(usage.node) : usage.node;
      if (statement === undefined) {
        this.block(usage.node, 'a require of opentracing the codemod cannot replace');
        return;
      }
      const text = index === 0 ? replacement : '';
      const end = text === '' ? lineEnd(this.sourceFile, statement.end) : statement.end;
      this.replaceRange(statement.getStart(this.sourceFile), end, text);
    });
  }

  // ----- helpers -----

  use(name: ApiValue): string {
    this.neededValues.add(name);
    return this.names[name];
  }

  /** Records why a site cannot be rewritten. */
  block(node: ts.Node, reason: string): void {
    this.blockers.push({ node, reason });
  }

  /** Records a decision the rewritten code still needs at a site: a TODO in the rewritten file. */
  private note(node: ts.Node, reason: string): void {
    this.notes.push({ node, reason });
  }

  private replace(node: ts.Node, text: string): void {
    this.replaceRange(node.getStart(this.sourceFile), node.end, text, node);
    this.handled.add(node);
  }

  replaceRange(start: number, end: number, text: string, anchor?: ts.Node): void {
    if (anchor !== undefined && containsComment(this.edits.droppedText(start, end, text))) {
      this.block(anchor, 'comments inside this call would be lost: rewrite by hand');
      return;
    }
    // Two rewrites of overlapping code cannot both apply (unless one lies in a part the other
    // keeps): keep the file as it is.
    if (!this.edits.add(start, end, text) && anchor !== undefined)
      this.block(anchor, 'nested OpenTracing calls in one expression: rewrite by hand');
  }

  /**
   * A node's text for the new text of an edit around it: other edits inside the node still apply
   * (`span.setTag('id', other.context().toSpanId())` rewrites both calls).
   */
  text(node: ts.Node): string {
    return this.edits.keep(node.getStart(this.sourceFile), node.end);
  }

  /** Whether a node lies inside a site already blocked. */
  isInsideBlocker(node: ts.Node): boolean {
    const start = node.getStart(this.sourceFile);
    return this.blockers.some(
      (blocker) => blocker.node.getStart(this.sourceFile) <= start && node.end <= blocker.node.end,
    );
  }

  /** Whether a node lies inside text the rewrite replaces (not in a part an edit keeps). */
  isInsideEdit(node: ts.Node): boolean {
    return this.edits.covers(node.getStart(this.sourceFile), node.end);
  }

  /** Whether a handler took responsibility for this node. */
  isAccepted(node: ts.Node): boolean {
    return this.acceptedReferences.has(node) || this.handled.has(node);
  }

  private isHandled(node: ts.Node): boolean {
    return this.handled.has(node) || this.isInsideEdit(node);
  }

  private referencesTo(symbol: ts.Symbol): ts.Identifier[] {
    const found: ts.Identifier[] = [];
    const visit = (node: ts.Node): void => {
      if (
        ts.isIdentifier(node) &&
        !isBindingName(node) &&
        this.checker.getSymbolAtLocation(node) === symbol
      ) {
        found.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(this.sourceFile);
    return found;
  }
}

/** How a log field's key is written in the event's attributes: shorthand stays shorthand. */
function logKey(property: ts.ObjectLiteralElementLike, key: string, keyText?: string): string {
  if (ts.isShorthandPropertyAssignment(property)) return property.name.text;
  return keyText === undefined ? propertyKey(key) : `[${keyText}]`;
}

/** An import or require of opentracing (not a re-export). */
function isImport(usage: Usage): boolean {
  return usage.kind === 'import' && !ts.isExportDeclaration(usage.node);
}

/** Where the new import goes: the first import (or require statement) of opentracing. */
function importPosition(usages: readonly Usage[]): number {
  const first = usages.find(isImport)?.node;
  if (first === undefined) return 0;
  const statement = ts.isCallExpression(first) ? (requireStatement(first) ?? first) : first;
  return statement.getStart();
}

/** Whether source text holds a comment (outside strings). */
function containsComment(text: string): boolean {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    false,
    ts.LanguageVariant.Standard,
    text,
  );
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (
      token === ts.SyntaxKind.SingleLineCommentTrivia ||
      token === ts.SyntaxKind.MultiLineCommentTrivia
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The expression an extract call initialises a variable with, and the part the rewrite replaces:
 * the call, or with its fallback (`tracer.extract(…) || undefined`), which OpenTelemetry's extract
 * never needs. `optional` for `carrier ? tracer.extract(…) : undefined` (or `: null`), which may
 * stay undefined.
 */
function extractInitializer(call: ts.CallExpression): {
  initializer: ts.Expression;
  replaced: ts.Expression;
  optional: boolean;
} {
  let node: ts.Expression = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    isFallbackOperator(parent.operatorToken.kind) &&
    isNothing(parent.right)
  )
    return { initializer: parent, replaced: parent, optional: false };
  if (ts.isConditionalExpression(parent) && parent.whenTrue === node && isNothing(parent.whenFalse))
    return { initializer: parent, replaced: call, optional: true };
  return { initializer: node, replaced: call, optional: false };
}

function isFallbackOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

/** `undefined` or `null`. */
function isNothing(node: ts.Expression): boolean {
  return (
    node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined')
  );
}

function skipParentheses(node: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(node) ? skipParentheses(node.expression) : node;
}

/** `a.b`, `this.b`, `a.b.c`: a read of a property of a name, no call. */
function isPropertyRead(node: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(node)) return false;
  const owner = node.expression;
  return (
    owner.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(owner) || isPropertyRead(owner)
  );
}

/** The function a node is in, or its source file. */
function enclosingFunction(node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isSourceFile(current) && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}

/** Whether a symbol is a variable declared with `const`. */
function isConstVariable(symbol: ts.Symbol): boolean {
  const declaration = symbol.valueDeclaration;
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Const) !== 0
  );
}
