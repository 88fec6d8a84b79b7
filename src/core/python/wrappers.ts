// One-level wrapper summaries: a function whose parameter reaches a key value or the table of an
// operation is re-stated at each call in the file, with the argument the call passes.
import type { KeyValue, Operation, ValueProvenance } from '../operations/model';
import { type Detector, type PythonSite, insideFunction } from './detectOperations';
import type { PyNode } from './parser';
import { type Evaluator, type PyModule, type Scope, argument, paramName, scopeAt } from './pythonScope';
import {
  type CallSiteCache,
  type EnclosingFunction,
  type StatementSpan,
  IDENTITY,
  holderOf,
  offsetMapping,
  rangesOf,
  relocate,
} from './statementCache';

/**
 * Operations at the call sites of wrappers; each carries `callChain` and the wrapped operation's `origin`.
 * With a cache, a top-level statement whose calls still resolve the same way, to wrappers whose
 * operations only moved, keeps its results; call `detector.detectAll` first.
 */
export function callSiteOperations(
  sites: readonly PythonSite[],
  module: PyModule,
  ev: Evaluator,
  detector: Detector,
  cache?: CallSiteCache,
  generation = 0,
): Operation[] {
  const wrapped = sites.filter((s) => s.fn && (dependsOnParameter(s.op) || s.objectParameter));
  if (wrapped.length === 0) {
    cache?.clear();
    return [];
  }
  const byFunction = new Map<number, PythonSite[]>();
  for (const s of wrapped) {
    const id = (s.fn as EnclosingFunction).start;
    const list = byFunction.get(id);
    if (list) list.push(s);
    else byFunction.set(id, [s]);
  }
  const names = [...new Set(wrapped.map((s) => (s.fn as EnclosingFunction).name))];
  // Only places where a wrapper's name is followed by `(` can call it: found in the text, not by walking every call.
  const pattern = new RegExp(
    `\\b(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*\\(`,
    'g',
  );
  const wrappers = pattern.source;
  const { topLevel: statements, current, versions } = detector;
  const out: Operation[] = [];
  for (const stmt of statements) {
    const cached = cache?.get(stmt.key);
    const move =
      cached &&
      cached.generation === generation &&
      cached.wrappers === wrappers &&
      calleesHold(cached.callees, versions, current) &&
      detector.depsHold(cached.deps)
        ? offsetMapping(cached, current)
        : undefined;
    if (cached && move) {
      if (move === IDENTITY) out.push(...cached.ops);
      else for (const op of cached.ops) out.push(relocate(op, move, detector.lineStarts));
      continue;
    }
    ev.startRecording(module);
    const callees = new Map<string, object>();
    let cacheable = true;
    const ops: Operation[] = [];
    for (const m of stmt.key.matchAll(pattern)) {
      const call = callOf(module.root.descendantForIndex(stmt.start + m.index));
      const fnNode = call?.childForFieldName('function');
      if (!call || !fnNode) continue;
      const scope = scopeAt(module, call);
      const callee = ev.value(fnNode, scope);
      if (callee.kind !== 'function') continue;
      if (callee.scope.module !== module) continue;
      // What the callee wraps is read from its statement's operations: they must be the same ones next time.
      const holder = holderOf(statements, callee.node.startIndex, callee.node.endIndex);
      const version = holder && current.get(holder.key) !== null ? versions.get(holder.key) : undefined;
      if (holder && version) callees.set(holder.key, version);
      else cacheable = false;
      const targets = byFunction.get(callee.node.startIndex);
      if (!targets) continue;
      ops.push(...restate(call, fnNode, callee.node, scope, targets, detector));
    }
    const deps = ev.stopRecording();
    out.push(...ops);
    if (!cache) continue;
    const spans = new Map<string, StatementSpan>([[stmt.key, { key: stmt.key, start: stmt.start, end: stmt.end }]]);
    for (const r of rangesOf(ops)) {
      const holder = holderOf(statements, r.offset, r.endOffset);
      if (!holder) cacheable = false;
      else if (!spans.has(holder.key)) spans.set(holder.key, { key: holder.key, start: holder.start, end: holder.end });
    }
    if (cacheable) cache.set(stmt.key, { spans: [...spans.values()], deps, generation, wrappers, callees, ops });
    else cache.delete(stmt.key);
  }
  if (cache) for (const key of [...cache.keys()]) if (!current.has(key)) cache.delete(key);
  return out;
}

function calleesHold(
  callees: ReadonlyMap<string, object>,
  versions: ReadonlyMap<string, object>,
  current: ReadonlyMap<string, number | null>,
): boolean {
  for (const [key, version] of callees) if (versions.get(key) !== version || current.get(key) === null) return false;
  return true;
}

/** The wrapped operations re-stated at one call, with the arguments it passes; only those that gain something. */
function restate(
  call: PyNode,
  fnNode: PyNode,
  fn: PyNode,
  scope: Scope,
  targets: readonly PythonSite[],
  detector: Detector,
): Operation[] {
  const out: Operation[] = [];
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p ? paramName(p) : undefined));
  const offset = (params[0] === 'self' || params[0] === 'cls') && fnNode.type === 'attribute' ? 1 : 0;
  const args = call.childForFieldName('arguments');
  const argumentFor = (position: number, name: string): PyNode | undefined => argument(args, position - offset, name);
  const substitute = (v: ValueProvenance): ValueProvenance => {
    if (v.kind !== 'parameter') return v;
    const arg = argumentFor(v.position, v.name);
    return arg ? detector.provenance(arg, scope) : v;
  };
  const functionName = targets[0]?.fn?.qualified ?? 'function';
  for (const { op, objectParameter } of targets) {
    // The whole Item or Key is passed in: the dict the call passes gives the key values.
    const passed = objectParameter ? argumentFor(objectParameter.position, objectParameter.name) : undefined;
    const keyValues: KeyValue[] = passed
      ? (detector.dictEntries(passed, scope) ?? []).map((e) => ({
          attribute: e.key,
          value: detector.provenance(e.value, e.scope),
        }))
      : op.keyValues.map((k) => ({ attribute: k.attribute, value: substitute(k.value) }));
    const partitionKeyValue = op.partitionKeyValue ? substitute(op.partitionKeyValue) : undefined;
    const updateSets = op.updateSets?.map((k) => ({ attribute: k.attribute, value: substitute(k.value) }));
    const tableArg = op.table?.parameter
      ? argumentFor(op.table.parameter.position, op.table.parameter.name)
      : undefined;
    const table = tableArg ? detector.tableRef({ node: tableArg, scope }) : op.table;
    const gained =
      (passed !== undefined && keyValues.some((k) => k.value.kind === 'constant')) ||
      keyValues.some((k, i) => k.value.kind === 'constant' && op.keyValues[i]?.value.kind === 'parameter') ||
      (partitionKeyValue?.kind === 'constant' && op.partitionKeyValue?.kind === 'parameter') ||
      (updateSets?.some((k, i) => k.value.kind === 'constant' && op.updateSets?.[i]?.value.kind === 'parameter') ??
        false) ||
      (tableArg !== undefined && table?.parameter === undefined);
    if (!gained) continue;
    const calledName = fnNode.type === 'attribute' ? (fnNode.childForFieldName('attribute') ?? fnNode) : fnNode;
    out.push({
      ...op,
      ...(table ? { table } : {}),
      keyValues,
      ...(partitionKeyValue ? { partitionKeyValue } : {}),
      ...(updateSets ? { updateSets } : {}),
      perCall: insideFunction(call) || undefined,
      nameRange: detector.rangeOf(calledName),
      range: detector.rangeOf(call),
      callChain: [{ function: functionName, range: detector.rangeOf(call) }],
      origin: op.nameRange,
    });
  }
  return out;
}

function dependsOnParameter(op: Operation): boolean {
  return (
    op.table?.parameter !== undefined ||
    op.keyValues.some((k) => k.value.kind === 'parameter') ||
    op.partitionKeyValue?.kind === 'parameter' ||
    (op.updateSets?.some((k) => k.value.kind === 'parameter') ?? false)
  );
}

/** The call whose callee ends in this identifier (`f(...)`, `self.f(...)`). */
function callOf(id: PyNode | null): PyNode | undefined {
  if (id?.type !== 'identifier') return undefined;
  let callee: PyNode = id;
  const parent = id.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === id.startIndex)
    callee = parent;
  const call = callee.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.startIndex === callee.startIndex
    ? call
    : undefined;
}
