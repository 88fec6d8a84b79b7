// What names mean in a Python file: module-level assignments, imports (also of project modules,
// through a loader), classes and their attributes, `self.x`, Enum members, function parameters,
// and what an expression evaluates to as far as DynamoDB code cares (a client, a table, a string).
import { HOLE } from '../syntax/hole';
import type { PyNode } from './parser';

/** Gives the text of a project module: `module` is dotted, with leading dots when relative (`..db`). */
export type PythonModuleResolver = (fromFile: string, module: string) => { fileName: string; text: string } | undefined;

/** Parses a project module (cached by the caller); undefined when it cannot be read. */
export type PythonModuleLoader = (fromFile: string, module: string) => PyModule | undefined;

/** Where an expression is evaluated: its module, the function it is in, the class of `self`, and bound arguments. */
export interface Scope {
  module: PyModule;
  fn?: PyNode;
  cls?: PyNode;
  /** Arguments bound to the function's parameters when a factory call is followed (one level). */
  args?: ReadonlyMap<string, { node: PyNode; scope: Scope }>;
}

export type Binding =
  | { kind: 'assign'; value: PyNode; scope: Scope }
  /** `submodule`: the dotted name of `import pkg.sub` (which binds `pkg`). */
  | { kind: 'import'; module: string; name?: string; submodule?: string }
  | { kind: 'def'; node: PyNode; scope: Scope }
  | { kind: 'class'; node: PyNode; scope: Scope }
  | { kind: 'param'; name: string; position: number; node: PyNode }
  | { kind: 'opaque' };

/** What an expression is, for the purposes of finding DynamoDB calls. */
export type PyValue =
  | { kind: 'str'; value: string }
  | { kind: 'external'; path: string }
  | { kind: 'project-module'; module: PyModule }
  /** A package folder without `__init__.py` (a namespace package) whose submodules `from` imports. */
  | { kind: 'namespace'; name: string; from: PyModule }
  | { kind: 'resource' }
  | { kind: 'client' }
  | { kind: 'table'; name?: { node: PyNode; scope: Scope } }
  | { kind: 'batch-writer'; table: Extract<PyValue, { kind: 'table' }> }
  | {
      kind: 'paginator';
      operation: 'scan' | 'query';
      /** The operation name as written (`"scan"` in `get_paginator("scan")`). */
      nameNode?: PyNode;
      module?: PyModule;
      /** Made by a receiver that did not resolve to a boto3 client. */
      unbound?: boolean;
    }
  | { kind: 'class'; node: PyNode; scope: Scope }
  | { kind: 'instance'; cls: Extract<PyValue, { kind: 'class' }>; call: PyNode; scope: Scope }
  | { kind: 'function'; node: PyNode; scope: Scope }
  | { kind: 'param'; name: string; position: number }
  | { kind: 'env'; name: string }
  | { kind: 'unknown' };

const UNKNOWN: PyValue = { kind: 'unknown' };
const MAX_DEPTH = 16;
const MAX_STEPS = 50_000;

/** One parsed Python file and its lazily collected bindings. */
export class PyModule {
  private topLevel: Map<string, Binding[]> | undefined;
  private readonly functionBindings = new Map<number, Map<string, Binding[]>>();
  private readonly selfBindings = new Map<number, Map<string, Binding[]>>();
  private readonly classBindings = new Map<number, Map<string, Binding[]>>();

  constructor(
    readonly fileName: string,
    readonly text: string,
    readonly root: PyNode,
    readonly load: PythonModuleLoader,
  ) {}

  get scope(): Scope {
    return { module: this };
  }

  names(): Map<string, Binding[]> {
    if (!this.topLevel) {
      this.topLevel = new Map();
      collectBlock(this.root, { module: this }, this.topLevel);
    }
    return this.topLevel;
  }

  functionNames(fn: PyNode, scope: Scope): Map<string, Binding[]> {
    let m = this.functionBindings.get(fn.id);
    if (!m) {
      m = new Map();
      let position = 0;
      const params = fn.childForFieldName('parameters');
      for (const p of params?.namedChildren ?? []) {
        if (!p) continue;
        const name = paramName(p);
        if (!name) continue;
        add(m, name, { kind: 'param', name, position: position++, node: p });
      }
      const body = fn.childForFieldName('body');
      if (body) collectBlock(body, { ...scope, fn }, m);
      this.functionBindings.set(fn.id, m);
    }
    return m;
  }

  /** `self.x = ...` in any method of the class, each with its method's scope. */
  selfNames(cls: PyNode): Map<string, Binding[]> {
    let m = this.selfBindings.get(cls.id);
    if (!m) {
      m = new Map();
      const body = cls.childForFieldName('body');
      for (const fn of body ? body.descendantsOfType('function_definition') : []) {
        if (!fn) continue;
        const fnScope: Scope = { module: this, fn, cls };
        for (const a of fn.descendantsOfType('assignment')) {
          const left = a?.childForFieldName('left');
          const right = a?.childForFieldName('right');
          if (!a || !left || !right || left.type !== 'attribute') continue;
          const obj = left.childForFieldName('object');
          const attr = left.childForFieldName('attribute');
          if (obj?.type === 'identifier' && obj.text === 'self' && attr)
            add(m, attr.text, { kind: 'assign', value: right, scope: fnScope });
        }
      }
      this.selfBindings.set(cls.id, m);
    }
    return m;
  }

  /** Class-body assignments (`TABLE = 'x'`, Enum members, nested `class Meta`). */
  classNames(cls: PyNode, scope: Scope): Map<string, Binding[]> {
    let m = this.classBindings.get(cls.id);
    if (!m) {
      m = new Map();
      const body = cls.childForFieldName('body');
      if (body) collectBlock(body, { ...scope, cls }, m);
      this.classBindings.set(cls.id, m);
    }
    return m;
  }
}

function add(m: Map<string, Binding[]>, name: string, b: Binding): void {
  const list = m.get(name);
  if (list) list.push(b);
  else m.set(name, [b]);
}

export function paramName(p: PyNode): string | undefined {
  switch (p.type) {
    case 'identifier':
      return p.text;
    case 'typed_parameter':
      return p.namedChildren.find((c) => c?.type === 'identifier')?.text;
    case 'default_parameter':
    case 'typed_default_parameter':
      return p.childForFieldName('name')?.text;
    default:
      return undefined;
  }
}

/** Names bound by the statements of a block (not inside nested functions or classes). */
function collectBlock(block: PyNode, scope: Scope, out: Map<string, Binding[]>): void {
  const stack: PyNode[] = [block];
  while (stack.length > 0) {
    const n = stack.pop() as PyNode;
    switch (n.type) {
      case 'function_definition': {
        const name = n.childForFieldName('name');
        if (name) add(out, name.text, { kind: 'def', node: n, scope });
        continue;
      }
      case 'class_definition': {
        const name = n.childForFieldName('name');
        if (name) add(out, name.text, { kind: 'class', node: n, scope });
        continue;
      }
      case 'assignment': {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (left?.type === 'identifier')
          add(out, left.text, right ? { kind: 'assign', value: right, scope } : { kind: 'opaque' });
        else if (left)
          for (const id of left.descendantsOfType('identifier'))
            if (id && left.type !== 'attribute' && left.type !== 'subscript') add(out, id.text, { kind: 'opaque' });
        if (right?.type === 'assignment') stack.push(right);
        continue;
      }
      case 'augmented_assignment': {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier') add(out, left.text, { kind: 'opaque' });
        continue;
      }
      case 'for_statement': {
        const left = n.childForFieldName('left');
        for (const id of left?.descendantsOfType('identifier') ?? []) if (id) add(out, id.text, { kind: 'opaque' });
        break;
      }
      case 'with_item': {
        const v = n.childForFieldName('value');
        if (v?.type === 'as_pattern') {
          const value = v.namedChildren[0];
          const alias = v.childForFieldName('alias');
          const id = alias?.namedChildren[0];
          if (value && id?.type === 'identifier') add(out, id.text, { kind: 'assign', value, scope });
        }
        continue;
      }
      case 'import_statement':
        for (const c of n.childrenForFieldName('name')) {
          if (!c) continue;
          if (c.type === 'aliased_import') {
            const name = c.childForFieldName('name')?.text;
            const alias = c.childForFieldName('alias')?.text;
            if (name && alias) add(out, alias, { kind: 'import', module: name });
          } else {
            // `import boto3.session` binds `boto3`.
            const dotted = c.text.replace(/\s+/g, '');
            const first = dotted.split('.')[0] as string;
            add(out, first, { kind: 'import', module: first, ...(dotted !== first ? { submodule: dotted } : {}) });
          }
        }
        continue;
      case 'import_from_statement': {
        const module = n.childForFieldName('module_name')?.text.replace(/\s+/g, '');
        if (!module) continue;
        for (const c of n.childrenForFieldName('name')) {
          if (!c) continue;
          const name = c.type === 'aliased_import' ? c.childForFieldName('name')?.text : c.text;
          const alias = c.type === 'aliased_import' ? c.childForFieldName('alias')?.text : c.text;
          if (name && alias) add(out, alias, { kind: 'import', module, name });
        }
        continue;
      }
      case 'lambda':
      case 'list_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
      case 'set_comprehension':
        continue;
      default:
        break;
    }
    // One call for all children: `namedChild(i)` walks the siblings before i each time.
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) stack.push(c);
    }
  }
}

/** The function and class a node is in (nearest enclosing `def`, and the class of that method). */
export function scopeAt(module: PyModule, node: PyNode): Scope {
  let fn: PyNode | undefined;
  let cls: PyNode | undefined;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition' && !fn) fn = p;
    else if (p.type === 'class_definition' && fn && !cls) {
      cls = p;
      break;
    } else if (p.type === 'class_definition') break;
  }
  return { module, ...(fn ? { fn } : {}), ...(cls ? { cls } : {}) };
}

/** The class a method whose first parameter is `node` is defined in, when the method is a `@classmethod`. */
function classmethodOwner(node: PyNode): PyNode | undefined {
  const fn = node.parent?.parent;
  if (fn?.type !== 'function_definition') return undefined;
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  if (!decorated?.namedChildren.some((d) => d?.type === 'decorator' && /^@\s*classmethod\b/.test(d.text)))
    return undefined;
  const block = decorated.parent;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** Resolves names and evaluates expressions symbolically; depth-limited, never throws on odd code. */
export class Evaluator {
  private recording: { module: PyModule; reads: Map<string, string> } | undefined;
  private steps = 0;

  /**
   * Records which module-level names of `module` are read until `stopRecording`, with their
   * signatures; also starts a new step allowance, one per statement.
   */
  startRecording(module: PyModule): void {
    this.recording = { module, reads: new Map() };
    this.steps = 0;
  }

  stopRecording(): Map<string, string> {
    const reads = this.recording?.reads ?? new Map<string, string>();
    this.recording = undefined;
    return reads;
  }

  /** Looks a plain name up: the function's own names (or bound arguments), then the module's. */
  lookup(name: string, scope: Scope): Binding[] {
    if (scope.fn) {
      const arg = scope.args?.get(name);
      if (arg) return [{ kind: 'assign', value: arg.node, scope: arg.scope }];
      const local = scope.module.functionNames(scope.fn, scope).get(name);
      if (local) return local;
      // A nested function reads its outer function's names.
      const outer = scopeAt(scope.module, scope.fn);
      if (outer.fn) return this.lookup(name, outer);
    }
    const found = scope.module.names().get(name) ?? [];
    if (this.recording?.module === scope.module) this.recording.reads.set(name, signatureOf(found));
    return found;
  }

  value(node: PyNode | null | undefined, scope: Scope, depth = 0): PyValue {
    // Depth bounds one chain; the step allowance bounds code whose names fan out (many assignments, each a call).
    if (!node || depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return UNKNOWN;
    switch (node.type) {
      case 'parenthesized_expression':
        return this.value(node.namedChildren[0], scope, depth + 1);
      case 'await':
        return this.value(node.namedChildren[0], scope, depth + 1);
      case 'string':
      case 'concatenated_string':
      case 'integer':
      case 'binary_operator': {
        const s = this.fold(node, scope, depth);
        return s === undefined ? UNKNOWN : { kind: 'str', value: s };
      }
      case 'boolean_operator': {
        // `os.environ.get('T') or 'orders'`: the environment wins at run time when it is set.
        const left = this.value(node.childForFieldName('left'), scope, depth + 1);
        return left.kind !== 'unknown' ? left : this.value(node.childForFieldName('right'), scope, depth + 1);
      }
      case 'identifier':
        return this.nameValue(node.text, scope, depth);
      case 'attribute':
        return this.attributeValue(node, scope, depth);
      case 'subscript': {
        const obj = this.value(node.childForFieldName('value'), scope, depth + 1);
        const key = this.fold(node.childForFieldName('subscript'), scope, depth + 1);
        if (obj.kind === 'external' && obj.path === 'os.environ' && key !== undefined)
          return { kind: 'env', name: key };
        return UNKNOWN;
      }
      case 'call':
        return this.callValue(node, scope, depth);
      default:
        return UNKNOWN;
    }
  }

  private nameValue(name: string, scope: Scope, depth: number): PyValue {
    const bindings = this.lookup(name, scope);
    if (bindings.length === 0) return BUILTINS.has(name) ? { kind: 'external', path: name } : UNKNOWN;
    const values = bindings.map((b) => this.bindingValue(b, scope, depth));
    // A string must be the same on every path; an object (client, table) is whichever one is assigned.
    const strings = values.filter((v) => v.kind === 'str');
    if (strings.length > 0) return bindings.length === 1 ? (strings[0] as PyValue) : UNKNOWN;
    // `import pkg.a` and `import pkg.b` both bind `pkg`: the one that names project code says what it is.
    return values.find((v) => v.kind === 'namespace') ?? values.find((v) => v.kind !== 'unknown') ?? UNKNOWN;
  }

  private bindingValue(b: Binding, scope: Scope, depth: number): PyValue {
    switch (b.kind) {
      case 'assign': {
        const v = this.value(b.value, b.scope, depth + 1);
        return v.kind === 'unknown' ? this.annotated(b.value.parent, b.scope, depth) : v;
      }
      case 'param': {
        // `cls` in a classmethod is the class the method is defined in (`cls.scan()` on a model).
        const owner = b.position === 0 && b.name === 'cls' ? classmethodOwner(b.node) : undefined;
        if (owner) return { kind: 'class', node: owner, scope: scopeAt(scope.module, owner) };
        return { kind: 'param', name: b.name, position: b.position };
      }
      case 'def':
        return { kind: 'function', node: b.node, scope: b.scope };
      case 'class':
        return { kind: 'class', node: b.node, scope: b.scope };
      case 'import':
        return this.importValue(scope.module, b.module, b.name, depth, b.submodule);
      case 'opaque':
        return UNKNOWN;
      default: {
        const never: never = b;
        return never;
      }
    }
  }

  /** `self.table: Table = factory()`: the boto3 type stubs' annotation says what the value is. */
  private annotated(assignment: PyNode | null, scope: Scope, depth: number): PyValue {
    const type = assignment?.type === 'assignment' ? assignment.childForFieldName('type') : undefined;
    if (!type) return UNKNOWN;
    const t = this.value(type.namedChildren[0] ?? type, scope, depth + 1);
    if (t.kind !== 'external' || !t.path.startsWith('mypy_boto3_dynamodb.')) return UNKNOWN;
    const name = t.path.slice(t.path.lastIndexOf('.') + 1);
    if (name === 'Table') return { kind: 'table' };
    if (name === 'DynamoDBServiceResource') return { kind: 'resource' };
    if (name === 'DynamoDBClient') return { kind: 'client' };
    return UNKNOWN;
  }

  private importValue(
    from: PyModule,
    module: string,
    name: string | undefined,
    depth: number,
    submodule?: string,
  ): PyValue {
    const project = from.load(from.fileName, module);
    // `import pkg.sub` of a project module in a package folder without `__init__.py`.
    if (!project && submodule !== undefined && from.load(from.fileName, submodule))
      return { kind: 'namespace', name: module, from };
    if (!project) return { kind: 'external', path: name ? `${module}.${name}` : module };
    if (name === undefined) return { kind: 'project-module', module: project };
    if (project.names().has(name)) return this.memberOfModule(project, name, depth);
    // `from . import orders` names a submodule.
    const sub = from.load(from.fileName, module.endsWith('.') ? `${module}${name}` : `${module}.${name}`);
    return sub ? { kind: 'project-module', module: sub } : UNKNOWN;
  }

  private memberOfModule(module: PyModule, name: string, depth: number): PyValue {
    if (depth > MAX_DEPTH) return UNKNOWN;
    return this.nameValue(name, module.scope, depth + 1);
  }

  private attributeValue(node: PyNode, scope: Scope, depth: number): PyValue {
    const objNode = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!objNode || !attr) return UNKNOWN;
    if (objNode.type === 'identifier' && objNode.text === 'self' && scope.cls) {
      const own = scope.module.selfNames(scope.cls).get(attr);
      if (own) return this.firstKnown(own, scope, depth);
      return this.instanceDefault(
        this.classMember({ kind: 'class', node: scope.cls, scope: { module: scope.module } }, attr, depth),
        scope.cls,
        attr,
      );
    }
    if (objNode.type === 'identifier' && objNode.text === 'cls' && scope.cls) {
      return this.classMember({ kind: 'class', node: scope.cls, scope: { module: scope.module } }, attr, depth);
    }
    const obj = this.value(objNode, scope, depth + 1);
    return this.member(obj, attr, depth);
  }

  member(obj: PyValue, attr: string, depth: number): PyValue {
    switch (obj.kind) {
      case 'str':
        // `Status.ACTIVE.value`: an Enum member's value.
        return attr === 'value' ? obj : UNKNOWN;
      case 'external':
        // `resource.meta.client` is the low-level client the resource wraps.
        if (obj.path === '#resource.meta' && attr === 'client') return { kind: 'client' };
        return { kind: 'external', path: `${obj.path}.${attr}` };
      case 'project-module': {
        const v = this.memberOfModule(obj.module, attr, depth);
        // `import pkg.orders` then `pkg.orders.list_all()`: a submodule of the package.
        if (v.kind !== 'unknown' || !/(?:^|[\\/])__init__\.py$/.test(obj.module.fileName)) return v;
        const sub = obj.module.load(obj.module.fileName, `.${attr}`);
        return sub ? { kind: 'project-module', module: sub } : v;
      }
      case 'namespace': {
        const sub = obj.from.load(obj.from.fileName, `${obj.name}.${attr}`);
        return sub
          ? { kind: 'project-module', module: sub }
          : { kind: 'namespace', name: `${obj.name}.${attr}`, from: obj.from };
      }
      case 'resource':
        return attr === 'meta' ? { kind: 'external', path: '#resource.meta' } : UNKNOWN;
      case 'table':
        return attr === 'meta' ? { kind: 'external', path: '#resource.meta' } : UNKNOWN;
      case 'class':
        return this.classMember(obj, attr, depth);
      case 'instance': {
        const own = obj.cls.scope.module.selfNames(obj.cls.node).get(attr);
        if (own) return this.firstKnown(own, obj.scope, depth);
        return this.instanceDefault(this.classMember(obj.cls, attr, depth), obj.cls.node, attr);
      }
      default:
        return UNKNOWN;
    }
  }

  private firstKnown(bindings: Binding[], scope: Scope, depth: number): PyValue {
    const values = bindings.map((b) => this.bindingValue(b, scope, depth));
    const strings = values.filter((v) => v.kind === 'str');
    if (strings.length > 0) return bindings.length === 1 ? (strings[0] as PyValue) : UNKNOWN;
    return values.find((v) => v.kind !== 'unknown') ?? UNKNOWN;
  }

  /**
   * An instance's attribute read from its class body: the string a dataclass field (`kind: str = 'a'`)
   * holds there is only the default each instance may be made with, not a constant.
   */
  private instanceDefault(v: PyValue, cls: PyNode, attr: string): PyValue {
    if (v.kind !== 'str' || !isDataclass(cls)) return v;
    const body = cls.childForFieldName('body');
    for (const stmt of body?.namedChildren ?? []) {
      const a = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      const type = a?.type === 'assignment' ? a.childForFieldName('type') : undefined;
      if (a?.childForFieldName('left')?.text !== attr || !type) continue;
      return /^(?:typing\.)?ClassVar\b/.test(type.text) ? v : UNKNOWN;
    }
    return v;
  }

  /** A class attribute, following base classes; an Enum member is its value (`.value` too). */
  classMember(cls: Extract<PyValue, { kind: 'class' }>, attr: string, depth: number): PyValue {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const module = cls.scope.module;
    const own = module.classNames(cls.node, cls.scope).get(attr);
    if (own) return this.firstKnown(own, cls.scope, depth + 1);
    for (const base of this.bases(cls, depth)) {
      if (base.kind !== 'class') continue;
      const v = this.classMember(base, attr, depth + 1);
      if (v.kind !== 'unknown') return v;
    }
    return UNKNOWN;
  }

  bases(cls: Extract<PyValue, { kind: 'class' }>, depth: number): PyValue[] {
    const list = cls.node.childForFieldName('superclasses');
    const out: PyValue[] = [];
    for (const b of list?.namedChildren ?? [])
      if (b && b.type !== 'keyword_argument') out.push(this.value(b, cls.scope, depth + 1));
    return out;
  }

  private callValue(node: PyNode, scope: Scope, depth: number): PyValue {
    const fnNode = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!fnNode) return UNKNOWN;
    const method = fnNode.type === 'attribute' ? fnNode.childForFieldName('attribute')?.text : undefined;
    // `.resource('dynamodb')` / `.client('dynamodb')` on boto3, a Session, or aioboto3 alike.
    if (method === 'resource' || method === 'client' || fnNode.type === 'identifier') {
      const service = this.fold(argument(args, 0, 'service_name'), scope, depth + 1);
      if (service === 'dynamodb') {
        const callee = this.value(fnNode, scope, depth + 1);
        const path = callee.kind === 'external' ? callee.path : '';
        if (method === 'resource' || path.endsWith('.resource')) return { kind: 'resource' };
        if (method === 'client' || path.endsWith('.client')) return { kind: 'client' };
      } else if (service !== undefined && (method === 'resource' || method === 'client')) {
        // Another AWS service's client: its `query` or `scan` is not DynamoDB's.
        return { kind: 'external', path: `#${method}.${service}` };
      }
    }
    if (method === 'format' || method === 'upper' || method === 'lower' || method === 'strip') {
      const s = this.fold(node, scope, depth);
      if (s !== undefined) return { kind: 'str', value: s };
    }
    if (fnNode.type === 'attribute') {
      const recv = this.value(fnNode.childForFieldName('object'), scope, depth + 1);
      if (recv.kind === 'resource' && method === 'Table') {
        const name = argument(args, 0, 'name');
        return { kind: 'table', ...(name ? { name: { node: name, scope } } : {}) };
      }
      if (recv.kind === 'table' && method === 'batch_writer') return { kind: 'batch-writer', table: recv };
      // A receiver that does not resolve (a client from a helper in a module not at hand) still makes a paginator;
      // whether it is DynamoDB's is decided by the request paginate() sends.
      if ((recv.kind === 'client' || recv.kind === 'unknown' || recv.kind === 'param') && method === 'get_paginator') {
        const nameArg = argument(args, 0, 'operation_name');
        const op = this.fold(nameArg, scope, depth + 1);
        if (op !== 'scan' && op !== 'query') return UNKNOWN;
        return {
          kind: 'paginator',
          operation: op,
          ...(nameArg?.type === 'string' ? { nameNode: nameArg, module: scope.module } : {}),
          ...(recv.kind === 'client' ? {} : { unbound: true }),
        };
      }
      if (recv.kind === 'external' && recv.path === 'os.environ' && method === 'get') {
        const name = this.fold(argument(args, 0, 'key'), scope, depth + 1);
        return name !== undefined ? { kind: 'env', name } : UNKNOWN;
      }
    }
    const callee = this.value(fnNode, scope, depth + 1);
    if (callee.kind === 'external' && callee.path === 'os.getenv') {
      const name = this.fold(argument(args, 0, 'key'), scope, depth + 1);
      return name !== undefined ? { kind: 'env', name } : UNKNOWN;
    }
    if (callee.kind === 'external' && callee.path === 'str') return this.value(argument(args, 0), scope, depth + 1);
    if (callee.kind === 'class') return { kind: 'instance', cls: callee, call: node, scope };
    if (callee.kind === 'function') return this.returnValue(callee, args, scope, depth);
    return UNKNOWN;
  }

  /** A factory's result (`get_table()`, an `lru_cache`d getter): what its return statements give. */
  private returnValue(
    fn: Extract<PyValue, { kind: 'function' }>,
    args: PyNode | null,
    callerScope: Scope,
    depth: number,
  ): PyValue {
    if (depth > MAX_DEPTH / 2) return UNKNOWN;
    const bound = new Map<string, { node: PyNode; scope: Scope }>();
    const params = fn.node.childForFieldName('parameters')?.namedChildren ?? [];
    const names = params.map((p) => (p ? paramName(p) : undefined));
    const offset = names[0] === 'self' || names[0] === 'cls' ? 1 : 0;
    names.forEach((name, i) => {
      if (!name || i < offset) return;
      const a = argument(args, i - offset, name);
      if (a) bound.set(name, { node: a, scope: callerScope });
    });
    // The class of `self` is the one the method is defined in (scopes are taken from inside the body).
    const body = fn.node.childForFieldName('body');
    const cls = body ? scopeAt(fn.scope.module, body).cls : undefined;
    const scope: Scope = { module: fn.scope.module, fn: fn.node, ...(cls ? { cls } : {}), args: bound };
    for (const r of body?.descendantsOfType('return_statement') ?? []) {
      if (!r) continue;
      const v = this.value(r.namedChildren[0], scope, depth + 1);
      if (v.kind !== 'unknown') return v;
    }
    // `global _table; if _table is None: _table = ...; return _table` is covered above through the global.
    return UNKNOWN;
  }

  /** Folds an expression to the one string it always is; undefined when it is not constant. */
  fold(node: PyNode | null | undefined, scope: Scope, depth = 0): string | undefined {
    const p = this.pattern(node, scope, depth);
    return p === undefined || p.includes(HOLE) ? undefined : p;
  }

  /** Like `fold`, with unknown parts as U+0001 (for expressions and statements that embed a name). */
  pattern(node: PyNode | null | undefined, scope: Scope, depth = 0): string | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'string':
        return this.stringPattern(node, scope, depth);
      case 'concatenated_string': {
        let out = '';
        for (const c of node.namedChildren) {
          const s = c ? this.pattern(c, scope, depth + 1) : undefined;
          if (s === undefined) return undefined;
          out += s;
        }
        return out;
      }
      case 'integer':
        return node.text.replace(/_/g, '');
      case 'parenthesized_expression':
        return this.pattern(node.namedChildren[0], scope, depth + 1);
      case 'binary_operator': {
        const op = node.childForFieldName('operator')?.text;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (op === '+') {
          const l = this.pattern(left, scope, depth + 1);
          const r = this.pattern(right, scope, depth + 1);
          return l === undefined || r === undefined ? undefined : l + r;
        }
        if (op === '%') {
          const fmt = this.pattern(left, scope, depth + 1);
          if (fmt === undefined || !right) return undefined;
          const items = right.type === 'tuple' ? right.namedChildren : [right];
          const values = items.map((i) => (i ? (this.pattern(i, scope, depth + 1) ?? HOLE) : HOLE));
          let k = 0;
          return fmt.replace(/%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?([sdrif%])/g, (_m, conv: string) =>
            conv === '%' ? '%' : (values[k++] ?? HOLE),
          );
        }
        return undefined;
      }
      case 'call': {
        const fnNode = node.childForFieldName('function');
        const method = fnNode?.type === 'attribute' ? fnNode.childForFieldName('attribute')?.text : undefined;
        const recv = fnNode?.childForFieldName('object');
        const args = node.childForFieldName('arguments');
        if (method === 'format' && recv) {
          const fmt = this.pattern(recv, scope, depth + 1);
          if (fmt === undefined) return undefined;
          let k = 0;
          return fmt.replace(/\{(\w*)\}/g, (_m, key: string) => {
            const arg =
              key === ''
                ? argument(args, k++)
                : /^\d+$/.test(key)
                  ? argument(args, Number(key))
                  : argument(args, -1, key);
            return (arg ? this.pattern(arg, scope, depth + 1) : undefined) ?? HOLE;
          });
        }
        if ((method === 'upper' || method === 'lower' || method === 'strip') && recv) {
          const s = this.pattern(recv, scope, depth + 1);
          if (s === undefined) return undefined;
          return method === 'upper' ? s.toUpperCase() : method === 'lower' ? s.toLowerCase() : s.trim();
        }
        const v = this.value(node, scope, depth + 1);
        return v.kind === 'str' ? v.value : HOLE;
      }
      case 'identifier':
      case 'attribute':
      case 'subscript': {
        const v = this.value(node, scope, depth + 1);
        if (v.kind === 'str') return v.value;
        // `Status.ACTIVE.value` and `Status.ACTIVE` of a `str` Enum both give the member's value.
        if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'value') {
          const inner = this.value(node.childForFieldName('object'), scope, depth + 1);
          if (inner.kind === 'str') return inner.value;
        }
        return HOLE;
      }
      default:
        return HOLE;
    }
  }

  private stringPattern(node: PyNode, scope: Scope, depth: number): string | undefined {
    const start = node.namedChildren[0]?.text ?? '';
    const raw = /r/i.test(start);
    let out = '';
    for (const c of node.namedChildren) {
      if (!c) continue;
      switch (c.type) {
        case 'string_start':
        case 'string_end':
          break;
        case 'string_content':
          out += raw ? c.text : unescape(c.text);
          break;
        case 'escape_sequence':
          out += raw ? c.text : unescape(c.text);
          break;
        case 'interpolation': {
          if (c.childForFieldName('format_specifier') || c.childForFieldName('type_conversion')) {
            out += HOLE;
            break;
          }
          out += this.pattern(c.childForFieldName('expression'), scope, depth + 1) ?? HOLE;
          break;
        }
        default:
          break;
      }
    }
    return out;
  }
}

/**
 * What a module-level name is bound to, as the text of the binding syntax: a cached statement that
 * read the name stays valid while this is unchanged.
 */
export function signatureOf(bindings: readonly Binding[]): string {
  return bindings
    .map((b) => {
      switch (b.kind) {
        case 'assign':
          return `a${b.scope.module.text.slice(b.value.startIndex, b.value.endIndex)}`;
        case 'def':
        case 'class':
          return `d${b.scope.module.text.slice(b.node.startIndex, b.node.endIndex)}`;
        case 'import':
          return `i${b.module}:${b.name ?? ''}:${b.submodule ?? ''}`;
        case 'param':
          return `p${b.position}`;
        case 'opaque':
          return 'o';
        default: {
          const never: never = b;
          return never;
        }
      }
    })
    .join(',');
}

/** A class made a dataclass by its decorator (`@dataclass`, `@dataclasses.dataclass(frozen=True)`, attrs' `@define`). */
function isDataclass(cls: PyNode): boolean {
  const decorated = cls.parent?.type === 'decorated_definition' ? cls.parent : undefined;
  return (decorated?.namedChildren ?? []).some(
    (d) => d?.type === 'decorator' && /^@\s*(?:[\w.]+\.)?(?:dataclass|define|frozen|attrs|s)\b/.test(d.text),
  );
}

const BUILTINS = new Set(['str', 'dict', 'int', 'len', 'print']);

function unescape(s: string): string {
  return s.replace(/\\(['"\\nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** The argument at `position` (positional) or named `keyword`; -1 for keyword only. */
export function argument(args: PyNode | null | undefined, position: number, keyword?: string): PyNode | undefined {
  if (!args || args.type !== 'argument_list') return undefined;
  let i = 0;
  for (const a of args.namedChildren) {
    if (!a) continue;
    if (a.type === 'keyword_argument') {
      if (keyword !== undefined && a.childForFieldName('name')?.text === keyword)
        return a.childForFieldName('value') ?? undefined;
      continue;
    }
    if (a.type === 'list_splat' || a.type === 'dictionary_splat') continue;
    if (i++ === position) return a;
  }
  return undefined;
}

/** Keyword arguments of a call by name (`TableName=...`), and whether it has `**kwargs`. */
export function keywordArguments(args: PyNode | null | undefined): { named: Map<string, PyNode>; splat?: PyNode } {
  const named = new Map<string, PyNode>();
  let splat: PyNode | undefined;
  for (const a of args?.namedChildren ?? []) {
    if (!a) continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name')?.text;
      const value = a.childForFieldName('value');
      if (name && value) named.set(name, value);
    } else if (a.type === 'dictionary_splat') splat = a.namedChildren[0] ?? undefined;
  }
  return { named, ...(splat ? { splat } : {}) };
}
