// One-level wrapper summaries: a function whose parameter reaches a key value or the table of an
// operation is re-stated at each call in the file, with the argument the call passes.
import type { KeyValue, Operation, ValueProvenance } from '../operations/model';
import type { Detector, PythonSite } from './detectOperations';
import type { PyNode } from './parser';
import { type Evaluator, type PyModule, argument, paramName, scopeAt } from './pythonScope';

/** Operations at the call sites of wrappers; each carries `callChain` and the wrapped operation's `origin`. */
export function callSiteOperations(sites: readonly PythonSite[], module: PyModule, ev: Evaluator, detector: Detector): Operation[] {
  const wrapped = sites.filter((s) => s.fn && dependsOnParameter(s.op));
  if (wrapped.length === 0) return [];
  const byFunction = new Map<number, PythonSite[]>();
  for (const s of wrapped) {
    const id = (s.fn as PyNode).id;
    const list = byFunction.get(id);
    if (list) list.push(s);
    else byFunction.set(id, [s]);
  }
  const out: Operation[] = [];
  for (const call of module.root.descendantsOfType('call')) {
    const fnNode = call?.childForFieldName('function');
    if (!call || !fnNode) continue;
    // Cheap name check first: only calls named like a wrapper are resolved.
    const written = fnNode.type === 'attribute' ? fnNode.childForFieldName('attribute')?.text : fnNode.text;
    if (!written || !wrapped.some((s) => s.fn?.childForFieldName('name')?.text === written)) continue;
    const scope = scopeAt(module, call);
    const callee = ev.value(fnNode, scope);
    if (callee.kind !== 'function') continue;
    const targets = byFunction.get(callee.node.id);
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
    const functionName = qualifiedName(callee.node);
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

function qualifiedName(fn: PyNode): string {
  const name = fn.childForFieldName('name')?.text ?? 'function';
  for (let p = fn.parent; p; p = p.parent) {
    if (p.type === 'class_definition') return `${p.childForFieldName('name')?.text ?? ''}.${name}`;
    if (p.type === 'function_definition') break;
  }
  return name;
}
