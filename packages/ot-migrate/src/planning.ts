import { ts } from '@ts-morph/common';
import { BoundaryPlan } from './adapters-plan';
import type { CrossFile } from './cross-file';
import type { PlanState } from './plan-state';
import { EditSet } from './planned-edits';
import type { ApiType, ApiValue } from './source-text';
import { chooseNames } from './source-text';
import {
  identifiersOf,
  importPosition,
  isBindingName,
  isStatementList,
  lineIndent,
} from './syntax';
import type { Blocker } from './todos';
import type { Usage } from './usages';

/**
 * Where a span kept in a field is followed (rules/stored-span-baggage.ts): the function that starts
 * it (`scope`), the field, and the `const` holding the incoming baggage (named after the span is
 * declared).
 * @internal
 */
export interface StoredSpan {
  readonly scope: ts.FunctionLikeDeclaration;
  readonly field: ts.Symbol;
  /** The parameter of `scope` the field is written on (`ctx` of `ctx.contextValue.span = span`). */
  readonly root: ts.ParameterDeclaration;
  readonly baggage: string;
  /** Where the baggage `const` stands: spans started before it cannot use it. */
  readonly from: number;
}

/**
 * What the rules planning one file's rewrite share: the file, the edits planned so far (see
 * {@link EditSet}), the reasons found not to rewrite it, what each rule took responsibility for,
 * the contexts the rewritten code carries baggage in, and the @opentelemetry/api names it uses.
 * @internal
 */
export class FilePlanning implements PlanState {
  readonly edits: EditSet;

  readonly blockers: Blocker[] = [];

  readonly notes: Blocker[] = [];

  /** Nodes a handler has rewritten or taken responsibility for. */
  readonly handled = new Set<ts.Node>();

  /** `const tracer = globalTracer()` calls, planned once the file's other usages are (global-tracer.ts). */
  readonly tracerDeclarations: ts.CallExpression[] = [];

  /** Variables holding an extracted context, and the references handlers accepted. */
  readonly extractVariables = new Set<ts.Symbol>();

  readonly acceptedReferences = new Set<ts.Node>();

  /**
   * `const` span variables started under an extracted context (directly, or through parent spans
   * started so), and that context's variable: the baggage the OpenTracing span carried is there,
   * not in the active context, so the span's inject and children must be based on it.
   */
  readonly baggageContexts = new Map<ts.Symbol, string>();

  /**
   * Spans with baggage set on them: after each statement that sets it (its end), the `const`
   * holding the context with the span's baggage from there on.
   */
  readonly baggageVariables = new Map<ts.Symbol, { end: number; name: string }[]>();

  /** Names the rewrite made up (fresh, so no other name hides them). */
  readonly madeUpNames = new Set<string>();

  /**
   * Calls of functions that return an extracted context (extracting-functions.ts), and the
   * `return tracer.extract(…)` of such functions: the rules follow where their value goes.
   */
  readonly extractingCalls = new Set<ts.Node>();

  /** Spans kept in a field whose descendants get the incoming baggage (stored-span-baggage.ts). */
  readonly storedSpans: StoredSpan[] = [];

  /** Extracted-context variables that may hold `undefined` (`h ? tracer.extract(…) : undefined`). */
  readonly optionalContexts = new Set<ts.Symbol>();

  /** Statements hoisted before a statement (by its start and value): their names. */
  private readonly hoisted = new Map<string, string>();

  /** Every identifier of the file and every name the rewrite added, once a new name is needed. */
  private usedNames: Set<string> | undefined;

  readonly neededValues = new Set<ApiValue>();

  /** The value-converting functions the rewritten file gets (value-helpers.ts), by their names. */
  readonly valueHelpers = new Map<string, string>();

  readonly neededTypes = new Set<ApiType>();

  readonly names: Record<ApiValue | ApiType, string>;

  /** API names the file already imports under `names`: the new import leaves them out. */
  readonly alreadyImported: ReadonlySet<ApiValue | ApiType>;

  /** The file's boundary adapters (adapters-plan.ts). */
  readonly boundary: BoundaryPlan;

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly checker: ts.TypeChecker,
    readonly usages: readonly Usage[],
    readonly tracerName: string,
    readonly crossFile?: CrossFile,
  ) {
    this.edits = new EditSet(sourceFile.text);
    const { names, imported } = chooseNames(sourceFile, checker, importPosition(usages));
    this.names = names;
    this.alreadyImported = imported;
    this.boundary = new BoundaryPlan({
      sourceFile,
      checker,
      crossFile,
      addEdit: (start, end, text) => this.edits.add(start, end, text),
      freshName: (base) => this.freshName(base),
      block: this.block.bind(this),
    });
  }

  /**
   * A `const` holding `value`, declared right before the statement that holds `site`, named after
   * `name`: the name. Undefined (with a blocker) when `site` is not in a statement of a list (or a
   * function lies between them).
   */
  hoist(site: ts.Node, name: string, value: string, reusable = false): string | undefined {
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

  /** The symbol of the `const` variable that `value` initialises, if it is one. */
  constVariableOf(value: ts.Expression): ts.Symbol | undefined {
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

  /** The name of a value-converting function the rewritten file gets (value-helpers.ts). */
  valueHelper(helper: string): string {
    let name = this.valueHelpers.get(helper);
    if (name === undefined) {
      name = this.freshName(helper);
      this.valueHelpers.set(helper, name);
    }
    return name;
  }

  use(name: ApiValue): string {
    this.neededValues.add(name);
    return this.names[name];
  }

  /**
   * Records why a site cannot be rewritten. `subject`: what the reason is about, when the same
   * reason about the same thing elsewhere is the same cause (see oneTodoPerCause).
   */
  block(node: ts.Node, reason: string, subject?: string): void {
    this.blockers.push(subject === undefined ? { node, reason } : { node, reason, subject });
  }

  /** Records a decision the rewritten code still needs at a site: a TODO in the rewritten file. */
  note(node: ts.Node, reason: string): void {
    this.notes.push({ node, reason });
  }

  replace(node: ts.Node, text: string): void {
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

  isHandled(node: ts.Node): boolean {
    return this.handled.has(node) || this.isInsideEdit(node);
  }

  referencesTo(symbol: ts.Symbol): ts.Identifier[] {
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
