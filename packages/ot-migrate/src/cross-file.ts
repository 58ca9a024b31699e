import { dirname, relative } from 'node:path';
import { ts } from '@ts-morph/common';
import { mentionsOpenTracing, openTracingObject } from './syntax';

// Where an OpenTracing object crosses from one file to another, and whether the file on the other
// side is one the rewrite changes too (a peer: both move together) or code it does not see (hard).
// Found by symbol resolution over an index of the identifiers of every file given, built once.

/** Where the other side of a crossing is: files of the rewrite, or why it cannot be followed. */
export type Crossing =
  | {
      peers: readonly string[];
      /** Through a field the rewrite retypes: span contexts move with it too. */
      field?: boolean;
    }
  | { hard: string };

/** A place where an OpenTracing object goes to or comes from other files of the rewrite. */
export interface PeerEdge {
  node: ts.Node;
  peers: readonly string[];
}

/** What the planner's cross-file checks need: the index, and where to record peer edges. @internal */
export interface CrossFile {
  readonly index: ProgramIndex;
  /** Records that `node` hands an OpenTracing object to or from `peers` (other files). */
  peer(node: ts.Node, peers: readonly string[]): void;
}

/** The peer edges of one file. @internal */
export class FileCrossings implements CrossFile {
  readonly edges: PeerEdge[] = [];

  constructor(
    readonly index: ProgramIndex,
    readonly file: string,
  ) {}

  peer(node: ts.Node, peers: readonly string[]): void {
    const others = peers.filter((peer) => peer !== this.file);
    if (others.length > 0) this.edges.push({ node, peers: others });
  }
}

/** How an identifier refers to what it names. */
type ReferenceKind =
  'declaration' | 'import' | 'export' | 'call' | 'type' | 'member' | 'heritage' | 'read' | 'value';

const ARRAY_CALLBACK_METHODS = new Set([
  'forEach',
  'map',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
]);

/**
 * The identifiers of every file given to the rewrite, by name, and the questions asked of them:
 * who refers to a declaration, what a call reaches. One walk per file, on first need; each
 * question then resolves only the identifiers of the right name.
 * @internal
 */
export class ProgramIndex {
  private byFile?: Map<ts.SourceFile, Map<string, ts.Identifier[]>>;
  private readonly users = new Map<ts.Symbol, Crossing>();
  private readonly fieldFiles = new Map<ts.Node, readonly string[]>();

  constructor(
    readonly program: ts.Program,
    readonly checker: ts.TypeChecker,
    private readonly sources: ReadonlySet<string>,
  ) {}

  /** Whether a file is one of those the rewrite was given. */
  isSource(fileName: string): boolean {
    return this.sources.has(fileName);
  }

  private legacy: ReadonlySet<string> = new Set();

  /**
   * The files of the rewrite that stay OpenTracing (they cannot move): the others move without
   * them, and convert where objects cross to them (boundary adapters), or stay too.
   */
  setLegacy(files: ReadonlySet<string>): void {
    this.legacy = files;
    this.users.clear();
  }

  /** Whether a file of the rewrite stays OpenTracing (see setLegacy). */
  staysLegacy(fileName: string): boolean {
    return this.legacy.has(fileName);
  }

  /**
   * A crossing to files of which some stay OpenTracing: hard, to code that does not change, so an
   * adapter may stand in (see adapters-plan.ts); the crossing as it is otherwise.
   */
  towardsLegacy(crossing: Crossing, from: string, what: string): Crossing {
    if (!('peers' in crossing)) return crossing;
    const legacy = crossing.peers.find((peer) => peer !== from && this.legacy.has(peer));
    return legacy === undefined
      ? crossing
      : { hard: `${what} crosses to ${shortPath(from, legacy)}, which stays OpenTracing` };
  }

  /** The symbol a name stands for, imports and `{ f }` shorthands followed to the declaration. */
  target(symbol: ts.Symbol | undefined): ts.Symbol | undefined {
    let current = symbol;
    for (let step = 0; current !== undefined && step < 8; step++) {
      if ((current.flags & ts.SymbolFlags.Alias) !== 0) {
        current = this.checker.getAliasedSymbol(current);
        continue;
      }
      const declaration = current.valueDeclaration;
      if (declaration !== undefined && ts.isShorthandPropertyAssignment(declaration)) {
        const value = this.checker.getShorthandAssignmentValueSymbol(declaration);
        if (value === undefined || value === current) break;
        current = value;
        continue;
      }
      if (
        declaration !== undefined &&
        ts.isPropertyAssignment(declaration) &&
        ts.isIdentifier(declaration.initializer)
      ) {
        const value = this.checker.getSymbolAtLocation(declaration.initializer);
        if (value === undefined || value === current) break;
        current = value;
        continue;
      }
      break;
    }
    return current;
  }

  /** The symbol an identifier refers to, followed to its declaration. */
  symbolAt(identifier: ts.Identifier): ts.Symbol | undefined {
    const parent = identifier.parent;
    const symbol =
      ts.isShorthandPropertyAssignment(parent) && parent.name === identifier
        ? this.checker.getShorthandAssignmentValueSymbol(parent)
        : ts.isExportSpecifier(parent)
          ? (this.checker.getExportSpecifierLocalTargetSymbol(parent) ??
            this.checker.getSymbolAtLocation(identifier))
          : this.checker.getSymbolAtLocation(identifier);
    return this.target(symbol);
  }

  /** The identifiers in the given files that refer to `symbol`, its declaration aside. */
  referencesTo(symbol: ts.Symbol): ts.Identifier[] {
    const wanted = this.target(symbol) ?? symbol;
    const names = new Set([wanted.getName(), symbol.getName()]);
    for (const declaration of wanted.declarations ?? []) {
      const name = ts.getNameOfDeclaration(declaration);
      if (name !== undefined && ts.isIdentifier(name)) names.add(name.text);
    }
    const found: ts.Identifier[] = [];
    for (const identifiers of this.identifiers().values()) {
      const candidates = new Set<ts.Identifier>();
      for (const name of names) for (const id of identifiers.get(name) ?? []) candidates.add(id);
      // A renamed import (`import { chargeCard as charge }`): its uses go by the new name.
      for (const name of names) {
        for (const id of identifiers.get(`import:${name}`) ?? []) {
          if (this.symbolAt(id) !== wanted) continue;
          for (const use of identifiers.get(id.text) ?? []) candidates.add(use);
        }
      }
      for (const id of candidates) {
        if (this.symbolAt(id) === wanted) found.push(id);
      }
    }
    return found;
  }

  private identifiers(): Map<ts.SourceFile, Map<string, ts.Identifier[]>> {
    if (this.byFile !== undefined) return this.byFile;
    this.byFile = new Map();
    for (const sourceFile of this.program.getSourceFiles()) {
      if (!this.isSource(sourceFile.fileName)) continue;
      const names = new Map<string, ts.Identifier[]>();
      const add = (key: string, id: ts.Identifier) => {
        const list = names.get(key);
        if (list === undefined) names.set(key, [id]);
        else list.push(id);
      };
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) {
          add(node.text, node);
          const parent = node.parent;
          if (ts.isImportSpecifier(parent) && parent.name === node && parent.propertyName)
            add(`import:${parent.propertyName.text}`, node);
          if (ts.isImportClause(parent) && parent.name === node) add('import:default', node);
        }
        ts.forEachChild(node, visit);
      };
      visit(sourceFile);
      this.byFile.set(sourceFile, names);
    }
    return this.byFile;
  }

  /**
   * The files whose code calls or reads a declaration (a function, method, constructor, class,
   * field, variable), when all of its uses can be followed: peers, else why not. A declaration
   * other code can reach (exported, or a public member of an exported class) that no other file
   * of the rewrite uses is for code the rewrite does not see: hard.
   */
  usersOf(declaration: ts.Node): Crossing {
    const symbol = declarationSymbol(declaration, this.checker);
    if (symbol === undefined) return { hard: 'a declaration the codemod cannot follow' };
    const cached = this.users.get(symbol);
    if (cached !== undefined) return cached;
    const result = this.findUsers(declaration, symbol);
    this.users.set(symbol, result);
    return result;
  }

  private findUsers(declaration: ts.Node, symbol: ts.Symbol): Crossing {
    const own = declaration.getSourceFile().fileName;
    const name = symbol.getName();
    const peers = new Set<string>();
    const holdsObject =
      ts.isVariableDeclaration(declaration) &&
      ['span', 'tracer'].includes(
        openTracingObject(this.checker, this.checker.getTypeAtLocation(declaration.name)) ?? '',
      );
    for (const reference of this.referencesTo(symbol)) {
      const file = reference.getSourceFile().fileName;
      let kind = referenceKind(reference);
      // A method read without a call (`this.onSpan.bind(this)`, `setTimeout(job.run)`) escapes.
      if (
        kind === 'read' &&
        (symbol.flags & (ts.SymbolFlags.Method | ts.SymbolFlags.Function)) !== 0
      )
        kind = 'value';
      // A span or tracer held in a variable (`export const tracer = globalTracer()`) used as a
      // value elsewhere (`new Interceptor(tracer)`): the file using it checks where it goes.
      if (kind === 'value' && holdsObject) kind = 'read';
      if (kind === 'value') {
        return {
          hard: `\`${name}\` is used as a value${file === own ? '' : ` in ${shortPath(own, file)}`}, not only called`,
        };
      }
      if (kind !== 'declaration') peers.add(file);
    }
    peers.delete(own);
    const container = exportedContainer(declaration);
    if (container !== undefined && this.isExported(container)) {
      const containerSymbol = declarationSymbol(container, this.checker);
      const outside =
        containerSymbol === undefined
          ? []
          : this.referencesTo(containerSymbol).filter(
              (reference) => reference.getSourceFile().fileName !== own,
            );
      if (outside.length === 0)
        return { hard: `\`${name}\` is exported, and no other file among the paths uses it` };
      for (const reference of outside) peers.add(reference.getSourceFile().fileName);
    }
    return { peers: [...peers].sort() };
  }

  /** Whether other modules can reach a top-level declaration: an export, or module.exports. */
  private isExported(declaration: ts.Node): boolean {
    if (
      ts.canHaveModifiers(declaration) &&
      (ts.getCombinedModifierFlags(declaration as ts.Declaration) & ts.ModifierFlags.Export) !== 0
    )
      return true;
    const symbol = declarationSymbol(declaration, this.checker);
    if (symbol === undefined) return false;
    return this.referencesTo(symbol).some((reference) => referenceKind(reference) === 'export');
  }

  /**
   * A method of a container of OpenTracing objects (`spans.get(id)`, `active.getStore()`,
   * `stack.pop()`) whose variable or field is declared in the files given: the rewrite changes
   * its type argument, and every use with it. Peers: the file declaring it; undefined otherwise.
   */
  containerCall(call: ts.CallExpression | ts.NewExpression): Crossing | undefined {
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression))
      return undefined;
    const declaration = this.containerDeclaration(call.expression.expression);
    return declaration === undefined
      ? undefined
      : { peers: [declaration.getSourceFile().fileName] };
  }

  /** The variable or field of a container of OpenTracing objects, when the files given declare it. */
  containerDeclaration(receiver: ts.Expression): ts.Node | undefined {
    if (!isContainerOfOpenTracing(this.checker, this.checker.getTypeAtLocation(receiver)))
      return undefined;
    let name: ts.Node = receiver;
    while (ts.isParenthesizedExpression(name) || ts.isNonNullExpression(name))
      name = name.expression;
    const symbol = ts.isIdentifier(name)
      ? this.target(this.checker.getSymbolAtLocation(name))
      : ts.isPropertyAccessExpression(name)
        ? this.target(this.checker.getSymbolAtLocation(name.name))
        : undefined;
    const declaration = symbol?.valueDeclaration;
    if (declaration === undefined || !this.isSource(declaration.getSourceFile().fileName))
      return undefined;
    return ts.isVariableDeclaration(declaration) || isField(declaration) ? declaration : undefined;
  }

  /**
   * Where a call or `new` sends its arguments (and gets its result): the file of the function it
   * reaches, when that is code of the rewrite; for a callback parameter (`work(span)` in
   * `traced(name, work)`), the files that pass the callback; else why it cannot be followed.
   */
  callTarget(call: ts.CallExpression | ts.NewExpression): Crossing {
    const callee = call.expression.getText(call.getSourceFile());
    const container = this.containerCall(call);
    if (container !== undefined) return container;
    // A callback parameter (`fn(span)` in `traced(name, fn)`, typed in TypeScript or in JSDoc):
    // the function comes from whoever calls the enclosing one.
    const parameter = ts.isIdentifier(call.expression)
      ? this.checker.getSymbolAtLocation(call.expression)?.valueDeclaration
      : undefined;
    if (
      parameter !== undefined &&
      ts.isParameter(parameter) &&
      ts.isFunctionLike(parameter.parent) &&
      hasBody(parameter.parent) &&
      this.isSource(parameter.getSourceFile().fileName)
    ) {
      const users = this.functionUsers(parameter.parent);
      if ('hard' in users) return users;
      return { peers: [...users.peers, parameter.getSourceFile().fileName] };
    }
    let declaration: ts.Node | undefined = this.checker.getResolvedSignature(call)?.declaration;
    if (declaration === undefined && ts.isNewExpression(call)) {
      // A class without a constructor of its own.
      declaration = this.checker.getSymbolAtLocation(call.expression)?.valueDeclaration;
      const resolved = this.target(this.checker.getSymbolAtLocation(call.expression));
      declaration = resolved?.valueDeclaration ?? declaration;
    }
    if (declaration === undefined) return { hard: `\`${callee}\` cannot be followed` };
    const file = declaration.getSourceFile().fileName;
    if (!this.isSource(file)) {
      return {
        hard: /[\\/]node_modules[\\/]/.test(file)
          ? `\`${callee}\` is a dependency's (node_modules)`
          : `\`${callee}\` is declared outside the paths given`,
      };
    }
    if (ts.isFunctionTypeNode(declaration) || ts.isConstructorTypeNode(declaration)) {
      // The type of a parameter: the function comes from whoever calls the enclosing one.
      const parameter = declaration.parent;
      if (ts.isParameter(parameter) && parameter.type === declaration) {
        const owner = parameter.parent;
        if (ts.isFunctionLike(owner)) {
          const users = this.functionUsers(owner);
          return 'hard' in users ? users : { peers: [...users.peers, file] };
        }
      }
      return { hard: `\`${callee}\` is a function value the codemod cannot follow` };
    }
    if (ts.isFunctionLike(declaration) && 'body' in declaration && declaration.body !== undefined)
      return { peers: [file] };
    if (ts.isClassLike(declaration) && !isAmbient(declaration)) return { peers: [file] };
    // Overloads and ambient declarations of the rewrite's own code: the code is in that file.
    if (
      (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) &&
      !isAmbient(declaration)
    )
      return { peers: [file] };
    return { hard: `\`${callee}\` is a function value the codemod cannot follow` };
  }

  /**
   * Who calls a function-like declaration, for its parameters and its result: the users of its
   * name; for a callback written inline, the function it is given to.
   */
  functionUsers(fn: ts.SignatureDeclaration): Crossing {
    const users = this.functionUsersAmongAll(fn);
    if (!('peers' in users) || this.legacy.size === 0) return users;
    const own = fn.getSourceFile().fileName;
    const others = users.peers.filter((peer) => peer !== own);
    const legacy = others.filter((peer) => this.legacy.has(peer));
    if (legacy.length === 0) return users;
    const name = declarationSymbol(fn, this.checker)?.getName() ?? 'the function';
    // Called only by code that stays OpenTracing: an API of that code, whose entry converts.
    return legacy.length === others.length
      ? {
          hard: `\`${name}\` is called only from files that stay OpenTracing (${shortPath(own, legacy[0])})`,
        }
      : {
          hard: `\`${name}\` is called from ${shortPath(own, legacy[0])}, which stays OpenTracing, and from files that move`,
        };
  }

  private functionUsersAmongAll(fn: ts.SignatureDeclaration): Crossing {
    if (isArrayCallback(fn, this.checker)) return { peers: [] };
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
      let outer: ts.Node = fn.parent;
      while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
      if ((ts.isCallExpression(outer) || ts.isNewExpression(outer)) && outer.expression !== fn) {
        return this.callTarget(outer);
      }
      if (ts.isVariableDeclaration(outer) || ts.isPropertyDeclaration(outer))
        return this.usersOf(outer);
      return { hard: 'a function value the codemod cannot follow' };
    }
    return this.usersOf(fn);
  }

  /**
   * Where the value of a property comes from: the class that declares the field (its file), the
   * callers of the function whose parameter type lists it, the users of the interface; else why
   * not (a property of a dependency's object, say).
   */
  propertySource(access: ts.PropertyAccessExpression): Crossing {
    const symbol = this.target(this.checker.getSymbolAtLocation(access.name));
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    const text = access.getText(access.getSourceFile());
    if (declaration === undefined) return { hard: `\`${text}\` cannot be followed` };
    const file = declaration.getSourceFile().fileName;
    if (!this.isSource(file)) {
      return {
        hard: /[\\/]node_modules[\\/]/.test(file)
          ? `\`${text}\` is a dependency's (node_modules)`
          : `\`${text}\` is declared outside the paths given`,
      };
    }
    if (ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) {
      return { peers: [file] };
    }
    if (ts.isPropertySignature(declaration)) {
      // `options.tracer` with `options` a parameter: the object comes from the function's callers.
      const owner = access.expression;
      const bound = ts.isIdentifier(owner)
        ? this.checker.getSymbolAtLocation(owner)?.valueDeclaration
        : undefined;
      if (bound !== undefined && ts.isParameter(bound) && ts.isFunctionLike(bound.parent)) {
        // Hard when the callers are code the rewrite does not see (a library's API).
        const users = this.functionUsers(bound.parent);
        return 'hard' in users ? users : { peers: [...users.peers, file], field: true };
      }
      // A field of an interface of the rewrite (`ctx.contextValue.span`): its declaration changes
      // type with the rewrite, and every file that reads or writes it moves with that one.
      return { peers: [file], field: true };
    }
    return { hard: `\`${text}\` cannot be followed` };
  }

  /**
   * A field (of an interface, a type literal or a class of the files given) that a property
   * access, an object literal's property or a destructuring names, when its declared type is
   * OpenTracing's: the rewrite changes that type, so whoever reads or writes it moves with it.
   */
  sharedField(name: ts.Node): ts.Declaration | undefined {
    let declaration: ts.Node | undefined;
    if (isField(name.parent) && name.parent.name === name) declaration = name.parent;
    else {
      const symbol = this.propertySymbol(name);
      declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    }
    if (declaration === undefined || !isField(declaration)) return undefined;
    if (!this.isSource(declaration.getSourceFile().fileName)) return undefined;
    const type = this.checker.getTypeAtLocation(declaration.name);
    return mentionsOpenTracing(this.checker, type) ? declaration : undefined;
  }

  /** The property a name stands for: in a property access, an object literal, a destructuring. */
  private propertySymbol(name: ts.Node): ts.Symbol | undefined {
    const parent = name.parent;
    if (parent === undefined || !ts.isIdentifier(name)) return undefined;
    if (ts.isPropertyAccessExpression(parent) && parent.name === name)
      return this.target(this.checker.getSymbolAtLocation(name));
    if (
      (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) &&
      parent.name === name &&
      ts.isObjectLiteralExpression(parent.parent)
    ) {
      const contextual = this.checker.getContextualType(parent.parent);
      return contextual?.getNonNullableType().getProperty(name.text);
    }
    if (ts.isBindingElement(parent) && ts.isObjectBindingPattern(parent.parent)) {
      const key = parent.propertyName ?? parent.name;
      if (key !== name || !ts.isIdentifier(key)) return undefined;
      return this.checker
        .getTypeAtLocation(parent.parent)
        .getNonNullableType()
        .getProperty(key.text);
    }
    return undefined;
  }

  /** The files that read or write a field (see sharedField), its own aside. */
  fieldUsers(declaration: ts.Declaration): readonly string[] {
    const cached = this.fieldFiles.get(declaration);
    if (cached !== undefined) return cached;
    const name = ts.getNameOfDeclaration(declaration);
    const own = declaration.getSourceFile().fileName;
    const files = new Set<string>();
    if (name !== undefined && ts.isIdentifier(name)) {
      for (const [sourceFile, identifiers] of this.identifiers()) {
        if (sourceFile.fileName === own) continue;
        for (const id of identifiers.get(name.text) ?? []) {
          const symbol = this.propertySymbol(id);
          if (symbol === undefined) continue;
          if ((symbol.valueDeclaration ?? symbol.declarations?.[0]) === declaration) {
            files.add(sourceFile.fileName);
            break;
          }
        }
      }
    }
    const result = [...files].sort();
    this.fieldFiles.set(declaration, result);
    return result;
  }
}

function hasBody(fn: ts.SignatureDeclaration): boolean {
  return 'body' in fn && fn.body !== undefined;
}

/** A field: of an interface or type literal, of a class, or a constructor's parameter property. */
function isField(
  node: ts.Node,
): node is ts.PropertySignature | ts.PropertyDeclaration | ts.ParameterDeclaration {
  return (
    ts.isPropertySignature(node) ||
    ts.isPropertyDeclaration(node) ||
    (ts.isParameter(node) &&
      ts.isConstructorDeclaration(node.parent) &&
      ts.isParameterPropertyDeclaration(node, node.parent))
  );
}

/** Whether a declaration has no code of its own: `declare`d, or in a declaration file. */
function isAmbient(node: ts.Node): boolean {
  if (node.getSourceFile().isDeclarationFile) return true;
  for (let current: ts.Node | undefined = node; current !== undefined; current = current.parent) {
    if (
      ts.canHaveModifiers(current) &&
      (ts.getCombinedModifierFlags(current as ts.Declaration) & ts.ModifierFlags.Ambient) !== 0
    )
      return true;
  }
  return false;
}

/** A callback over a list of OpenTracing objects: `spans.forEach((span) => …)`. */
export function isArrayCallback(fn: ts.Node, checker: ts.TypeChecker): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let outer: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
  if (!ts.isCallExpression(outer) || !ts.isPropertyAccessExpression(outer.expression)) return false;
  if (!ARRAY_CALLBACK_METHODS.has(outer.expression.name.text)) return false;
  const receiver = checker.getTypeAtLocation(outer.expression.expression);
  return (
    checker.isArrayType(receiver) ||
    checker.isTupleType(receiver) ||
    (outer.expression.name.text === 'forEach' && isContainerOfOpenTracing(checker, receiver))
  );
}

/** The containers whose methods keep what they are given: the rewrite changes their type argument. */
const CONTAINERS = new Set([
  'Array',
  'ReadonlyArray',
  'Map',
  'ReadonlyMap',
  'WeakMap',
  'Set',
  'ReadonlySet',
  'WeakSet',
  'AsyncLocalStorage',
]);

/** `Map<string, Span>`, `Span[]`, `AsyncLocalStorage<Span>`: a container of OpenTracing objects. */
export function isContainerOfOpenTracing(checker: ts.TypeChecker, type: ts.Type): boolean {
  const target = type.getNonNullableType();
  const symbol = target.getSymbol();
  if (symbol === undefined || !CONTAINERS.has(symbol.getName())) return false;
  const declared = symbol.declarations?.[0]?.getSourceFile();
  if (declared === undefined || !(declared.isDeclarationFile || checker.isArrayType(target)))
    return false;
  return mentionsOpenTracing(checker, target);
}

/** The symbol a declaration declares: for a constructor, its class. */
function declarationSymbol(declaration: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  if (ts.isConstructorDeclaration(declaration)) {
    const owner = declaration.parent;
    return owner.name === undefined ? undefined : checker.getSymbolAtLocation(owner.name);
  }
  if (ts.isVariableStatement(declaration)) {
    const [first] = declaration.declarationList.declarations;
    return first === undefined ? undefined : checker.getSymbolAtLocation(first.name);
  }
  const name = ts.getNameOfDeclaration(declaration as ts.Declaration);
  if (name !== undefined) return checker.getSymbolAtLocation(name);
  if (ts.isArrowFunction(declaration) || ts.isFunctionExpression(declaration)) {
    const parent = declaration.parent;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent))
      return checker.getSymbolAtLocation(parent.name);
  }
  return undefined;
}

/**
 * The top-level declaration through which other modules reach a declaration: itself, or for a
 * member, its class; none for a private or protected member, which only its class and subclasses
 * reach.
 */
function exportedContainer(declaration: ts.Node): ts.Node | undefined {
  let node: ts.Node = declaration;
  if (ts.isConstructorDeclaration(node)) node = node.parent;
  if (
    ts.isClassElement(node) ||
    (ts.isParameter(node) && ts.isConstructorDeclaration(node.parent))
  ) {
    const flags = ts.getCombinedModifierFlags(node);
    if ((flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0) return undefined;
    if (ts.isClassElement(node) && node.name !== undefined && ts.isPrivateIdentifier(node.name))
      return undefined;
    node = ts.isParameter(node) ? node.parent.parent : node.parent;
  }
  if (ts.isVariableDeclaration(node)) node = node.parent.parent;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent)) node = parent.parent.parent;
  }
  return ts.isSourceFile(node.parent) ? node : undefined;
}

/** How an identifier refers to what it names. */
function referenceKind(id: ts.Identifier): ReferenceKind {
  const parent = id.parent;
  if (
    ts.isImportSpecifier(parent) ||
    ts.isImportClause(parent) ||
    ts.isNamespaceImport(parent) ||
    ts.isImportEqualsDeclaration(parent)
  )
    return 'import';
  if (ts.isBindingElement(parent) && parent.name === id) {
    const declaration = parent.parent.parent;
    return ts.isVariableDeclaration(declaration) && isRequire(declaration.initializer)
      ? 'import'
      : 'declaration';
  }
  if (ts.isExportSpecifier(parent) || ts.isExportAssignment(parent)) return 'export';
  if (isCommonJsExport(id)) return 'export';
  const declared = ts.getNameOfDeclaration(parent as ts.Declaration);
  if (declared === id && !ts.isPropertyAccessExpression(parent)) return 'declaration';
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === id)
    return 'call';
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) {
    const outer = parent.parent;
    if ((ts.isCallExpression(outer) || ts.isNewExpression(outer)) && outer.expression === parent)
      return 'call';
    return 'read';
  }
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword &&
    parent.right === id
  )
    return 'type';
  if (ts.isPropertyAccessExpression(parent) && parent.expression === id) return 'member';
  if (ts.isExpressionWithTypeArguments(parent) && ts.isHeritageClause(parent.parent))
    return parent.parent.token === ts.SyntaxKind.ExtendsKeyword ? 'heritage' : 'type';
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent))
    return 'type';
  if (ts.isJSDoc(parent) || isInJsDoc(id)) return 'type';
  return 'value';
}

function isInJsDoc(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node; current !== undefined; current = current.parent) {
    if (ts.isJSDoc(current) || ts.isJSDocTypeExpression(current)) return true;
    if (ts.isStatement(current)) return false;
  }
  return false;
}

export function isRequire(node: ts.Node | undefined): boolean {
  return (
    node !== undefined &&
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'require'
  );
}

/** `module.exports = { f }`, `module.exports = f`, `exports.f = f`: f is exported. */
export function isCommonJsExport(id: ts.Identifier): boolean {
  let node: ts.Node = id;
  if (ts.isShorthandPropertyAssignment(node.parent)) node = node.parent.parent;
  else if (ts.isPropertyAssignment(node.parent) && node.parent.initializer === node)
    node = node.parent.parent;
  const assignment = node.parent;
  if (
    !ts.isBinaryExpression(assignment) ||
    assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
    assignment.right !== node
  )
    return false;
  const text = assignment.left.getText(id.getSourceFile());
  return /^(module\.)?exports\b/.test(text);
}

/** A file's path as the TODOs of another file name it: relative to that file's directory. */
export function shortPath(from: string, to: string): string {
  return relative(dirname(from), to).replace(/\\/g, '/');
}
