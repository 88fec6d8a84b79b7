// Typed key input for the palette commands: input boxes that validate a key value against its
// attribute type as the user types, and the sort-key condition pick.
import * as vscode from 'vscode';
import { parseKeyValue } from '../../core/query/keyValue';
import type { SortKeyCondition, SortKeyOp } from '../../core/query/requests';
import type { KeyAttribute } from '../../core/schema/keySchema';
import { errorMessage } from '../../core/errorMessage';

function typeLabel(attr: KeyAttribute): string {
  switch (attr.type ?? 'S') {
    case 'S':
      return 'string';
    case 'N':
      return 'number';
    case 'B':
      return 'binary, base64';
  }
}

/** `PK (S)`: how pickers and prompts show a key attribute. */
export function keyLabel(attr: KeyAttribute): string {
  return `${attr.name} (${attr.type ?? 'S'})`;
}

/** The message the core would refuse this value with, or undefined when it is a valid key value. */
export function keyValueProblem(raw: string, attr: KeyAttribute): string | undefined {
  try {
    parseKeyValue(raw, attr);
    return undefined;
  } catch (err) {
    return errorMessage(err);
  }
}

/** Asks for one key value; undefined when the user pressed Escape. */
export async function askKeyValue(
  attr: KeyAttribute,
  title: string,
  prompt: string,
  value?: string,
): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: `${prompt} — ${attr.name} (${typeLabel(attr)})`,
    placeHolder: attr.type === 'N' ? 'e.g. 1042' : attr.type === 'B' ? 'base64, e.g. AQID' : undefined,
    ...(value !== undefined ? { value } : {}),
    ignoreFocusOut: true,
    validateInput: (v) => keyValueProblem(v, attr),
  });
}

interface OpItem extends vscode.QuickPickItem {
  op: SortKeyOp | undefined;
}

const OPS: readonly { op: SortKeyOp; detail: string }[] = [
  { op: '=', detail: 'equal to' },
  { op: 'begins_with', detail: 'starts with a prefix (strings and binary)' },
  { op: 'between', detail: 'between two values, inclusive' },
  { op: '<', detail: 'less than' },
  { op: '<=', detail: 'less than or equal to' },
  { op: '>', detail: 'greater than' },
  { op: '>=', detail: 'greater than or equal to' },
];

/**
 * Asks for the sort-key condition: null for "no condition", undefined when cancelled. "No
 * condition" comes first because reading a whole partition is the most common key query.
 */
export async function askSortKeyCondition(
  sortKey: KeyAttribute,
  title: string,
): Promise<SortKeyCondition | null | undefined> {
  const items: OpItem[] = [
    { label: 'No sort-key condition', description: 'every item of the partition', op: undefined },
    // begins_with on a number key is refused by DynamoDB, so it is not offered.
    ...OPS.filter((o) => !(o.op === 'begins_with' && sortKey.type === 'N')).map((o) => ({
      label: `${sortKey.name} ${o.op}`,
      description: o.detail,
      op: o.op,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: `Condition on sort key ${keyLabel(sortKey)}`,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (!picked.op) return null;
  if (picked.op === 'between') {
    const low = await askKeyValue(sortKey, title, 'Sort key from (inclusive)');
    if (low === undefined) return undefined;
    const high = await askKeyValue(sortKey, title, 'Sort key to (inclusive)');
    if (high === undefined) return undefined;
    return { op: 'between', values: [low, high] };
  }
  const value = await askKeyValue(sortKey, title, `Sort key ${picked.op === 'begins_with' ? 'prefix' : 'value'}`);
  return value === undefined ? undefined : { op: picked.op, values: [value] };
}
