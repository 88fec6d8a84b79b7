// One-level wrapper summaries: a function whose parameter reaches a key value or the table of an
// operation is re-stated at each call in the file, with the argument the call passes.
import type { KeyValue, Operation, ValueProvenance } from '../operations/model';
import type { Detector, PythonSite } from './detectOperations';
import type { PyNode } from './parser';
import { type Evaluator, type PyModule, argument, paramName, scopeAt } from './pythonScope';
import type { EnclosingFunction } from './statementCache';

/** Operations at the call sites of wrappers; each carries `callChain` and the wrapped operation's `origin`. */
export function callSiteOperations(sites: readonly PythonSite[], module: PyModule, ev: Evaluator, detector: Detector): Operation[] {
  const wrapped = sites.filter((s) => s.fn && dependsOnParameter(s.op));
  if (wrapped.length === 0) return [];
  const byFunction = new Map<number, PythonSite[]>();
  for (const s of wrapped) {
    const id = (s.fn as EnclosingFunction).start;
    const list = byFunction.get(id);
    if (list) list.push(s);
    else byFunction.set(id, [s]);
  }
  const names = [...new Set(wrapped.map((s) => (s.fn as EnclosingFunction).name))];
  const out: Operation[] = [];
  // Only places where a wrapper's name is followed by `(` can call it: found in the text, not by walking every call.
  const pattern = new RegExp(`\\b(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*\\(`, 'g');
  for (const m of module.text.matchAll(pattern)) {
    const id = module.root.descendantForIndex(m.index ?? 0);
    const call = callOf(id);
    const fnNode = call?.childForFieldName('function');
    if (!call || !fnNode) continue;
    const scope = scopeAt(module, call);
    const callee = ev.value(fnNode, scope);
    if (callee.kind !== 'function') continue;
    const targets = callee.scope.module === module ? byFunction.get(callee.node.startIndex) : undefined;
    if (!targets) continue;
    const params = (callee.node.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p ? paramName(p) : undefined));
    const offset = (params[0] === 'self' || params[0] === 'cls') && fnNode.type === 'attribute' ? 1 : 0;
    const args = call.childForFieldName('arguments');
    const argumentFor = (position: number, name: string): PyNode | undefined => argument(args, position - offset, name);
    const substitute = (v: ValueProvenance): ValueProvenance => {
      if (v.kind !== 'parameter') return v;
      const arg = argumentFor(v.position, v.name);
      return arg ? detector.provenance(arg, scope) : v;
    };
    const functionName = targets[0]?.fn?.qualified ?? 'function';
    for (const { op } of targets) {
      const keyValues: KeyValue[] = op.keyValues.map((k) => ({ attribute: k.attribute, value: substitute(k.value) }));
      const partitionKeyValue = op.partitionKeyValue ? substitute(op.partitionKeyValue) : undefined;
      const updateSets = op.updateSets?.map((k) => ({ attribute: k.attribute, value: substitute(k.value) }));
      const tableArg = op.table?.parameter ? argumentFor(op.table.parameter.position, op.table.parameter.name) : undefined;
      const table = tableArg ? detector.tableRef({ node: tableArg, scope }) : op.table;
      const gained =
        keyValues.some((k, i) => k.value.kind === 'constant' && op.keyValues[i]?.value.kind === 'parameter') ||
        (partitionKeyValue?.kind === 'constant' && op.partitionKeyValue?.kind === 'parameter') ||
        (updateSets?.some((k, i) => k.value.kind === 'constant' && op.updateSets?.[i]?.value.kind === 'parameter') ?? false) ||
        (tableArg !== undefined && table?.parameter === undefined);
      if (!gained) continue;
      const calledName = fnNode.type === 'attribute' ? (fnNode.childForFieldName('attribute') ?? fnNode) : fnNode;
      out.push({
        ...op,
        ...(table ? { table } : {}),
        keyValues,
        ...(partitionKeyValue ? { partitionKeyValue } : {}),
        ...(updateSets ? { updateSets } : {}),
        nameRange: detector.rangeOf(calledName),
        range: detector.rangeOf(call),
        callChain: [{ function: functionName, range: detector.rangeOf(call) }],
        origin: op.nameRange,
      });
    }
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
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.startIndex === id.startIndex) callee = parent;
  const call = callee.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.startIndex === callee.startIndex ? call : undefined;
}
