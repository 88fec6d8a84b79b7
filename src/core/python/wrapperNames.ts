// The names of a Python project's functions that may reach DynamoDB, learned from the text alone
// (no parser): a project run admits files that only call such a function, and the analysis of a
// file looks at the calls of these names for wrapper summaries.

/** A function body that may reach DynamoDB by itself: an SDK or ORM method, a request field. */
const REACHES_DYNAMO =
  /\.(?:scan|query|get_item|put_item|update_item|delete_item|batch_write_item|batch_get_item|transact_write_items|transact_get_items|execute_statement|batch_execute_statement|execute_transaction|paginate|save|count)\s*\(|batch_writer\s*\(|KeyConditionExpression|TableName/;

const DEF = /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)[ \t]*\(/;
/** Rounds of learning within one text: a function may call one defined after it. */
const MAX_PASSES = 8;

/**
 * A name specific enough to admit a file by a bare call: a compound (`find_items_by_partition_key`,
 * `getEntityList`). One word (`query`, `all`) is as likely any other library's method, so it admits
 * a file only as `self.name(`, the way a subclass calls its base repository's methods.
 */
export function isSpecificPythonName(name: string): boolean {
  return name.length >= 5 && /[a-z0-9][A-Z]|[a-zA-Z0-9]_[a-zA-Z]/.test(name.replace(/^_+/, ''));
}

/** The functions and methods a text defines (nested ones too), each with its body's text. */
export function pythonFunctions(text: string): Array<{ name: string; body: string }> {
  const lines = text.split('\n');
  const out: Array<{ name: string; body: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const m = DEF.exec(lines[i] as string);
    if (!m) continue;
    const indent = (m[1] as string).replace(/\t/g, '        ').length;
    // The signature may span lines: the body starts after the line that ends it with `:`.
    let start = i;
    while (start < lines.length - 1 && !/:\s*(?:#.*)?$/.test(lines[start] as string)) start++;
    let end = start + 1;
    for (; end < lines.length; end++) {
      const line = lines[end] as string;
      if (/^\s*(?:#.*)?$/.test(line)) continue;
      const lead = (/^[ \t]*/.exec(line)?.[0] ?? '').replace(/\t/g, '        ').length;
      if (lead <= indent) break;
    }
    // A one-line body (`def f(): return t.scan()`) is on the def line itself.
    out.push({ name: m[2] as string, body: lines.slice(start === i ? i : start, end).join('\n') });
  }
  return out;
}

/** `name(` for the specific names, `self.name(` for the others. */
export function pythonWrapperCallPattern(names: Iterable<string>): RegExp | undefined {
  const specific: string[] = [];
  const generic: string[] = [];
  for (const n of names) if (/^[A-Za-z_]\w*$/.test(n)) (isSpecificPythonName(n) ? specific : generic).push(n);
  const parts = [
    ...(specific.length > 0 ? [`\\b(?:${specific.join('|')})\\s*\\(`] : []),
    ...(generic.length > 0 ? [`\\b(?:self|cls)\\.(?:${generic.join('|')})\\s*\\(`] : []),
  ];
  return parts.length > 0 ? new RegExp(parts.join('|')) : undefined;
}

/**
 * Adds to `names` the functions of a Python text whose bodies may reach DynamoDB, by themselves or
 * by calling a function already named. Syntactic and cheap; the analysis decides what a call reaches.
 */
export function learnPythonWrapperNames(text: string, names: Set<string>): void {
  if (!text.includes('def')) return;
  const functions = pythonFunctions(text).filter((f) => f.name.length > 2 && !/^__\w+__$/.test(f.name));
  // A wrapper this text imports by name (`from .parallel import scan`) is called bare, however generic.
  const imported = importedNames(text).filter((n) => names.has(n.name));
  const bare = imported.length > 0 ? new RegExp(`\\b(?:${imported.map((n) => n.alias).join('|')})\\s*\\(`) : undefined;
  if (bare) for (const f of functions) if (!names.has(f.name) && bare.test(f.body)) names.add(f.name);
  let known = mentionPattern(names);
  for (let pass = 0; (pass === 0 || known) && pass < MAX_PASSES; pass++) {
    const added: string[] = [];
    for (const f of functions) {
      if (names.has(f.name) || !((pass === 0 && REACHES_DYNAMO.test(f.body)) || known?.test(f.body))) continue;
      names.add(f.name);
      added.push(f.name);
    }
    known = mentionPattern(added);
  }
}

/** Calls as `pythonWrapperCallPattern` has them, and a compound name handed on (`Thread(target=scan_segment)`). */
function mentionPattern(names: Iterable<string>): RegExp | undefined {
  const list = [...names];
  const call = pythonWrapperCallPattern(list);
  const specific = list.filter((n) => /^[A-Za-z_]\w*$/.test(n) && isSpecificPythonName(n));
  const passed = specific.length > 0 ? `[(,=]\\s*(?:${specific.join('|')})\\s*[,)]` : undefined;
  if (!passed) return call;
  return new RegExp(call ? `${call.source}|${passed}` : passed);
}

const patterns = new WeakMap<readonly string[], RegExp | undefined>();

/** Whether a Python text calls one of the wrapper names a project run learned (compiled once per list). */
export function callsPythonWrapper(text: string, names: readonly string[] | undefined): boolean {
  if (!names || names.length === 0) return false;
  if (!patterns.has(names)) patterns.set(names, pythonWrapperCallPattern(names));
  return (patterns.get(names)?.test(text) ?? false) || callsImportedWrapper(text, names);
}

/** Whether a text calls, bare, a wrapper it imports by name (`from .repo import query` ... `query(`), however generic. */
export function callsImportedWrapper(text: string, names: ReadonlySet<string> | readonly string[]): boolean {
  if (!text.includes('import')) return false;
  const known = names instanceof Set ? names : new Set(names);
  const imported = importedNames(text).filter((n) => known.has(n.name));
  if (imported.length === 0) return false;
  return new RegExp(`\\b(?:${imported.map((n) => n.alias).join('|')})\\s*\\(`).test(text);
}

/** Names a Python text imports from modules (`from m import a, b as c`), as defined and as bound. */
function importedNames(text: string): Array<{ name: string; alias: string }> {
  const out: Array<{ name: string; alias: string }> = [];
  for (const m of text.matchAll(/^[ \t]*from[ \t]+\.*[\w.]*[ \t]+import[ \t]+\(?([^#\n)]*)/gm))
    for (const part of (m[1] as string).split(',')) {
      const p = /^\s*([A-Za-z_]\w*)(?:\s+as\s+([A-Za-z_]\w*))?/.exec(part);
      if (p) out.push({ name: p[1] as string, alias: p[2] ?? (p[1] as string) });
    }
  return out;
}

/** Modules a Python text imports, dotted as written (`.dynamo`, `pkg.mod`), with `from X import y` also as `X.y`. */
export function importedModules(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([^#\n]*)/gm)) {
    const mod = m[1] as string;
    if (mod.length > 0 && !/^\.+$/.test(mod)) out.add(mod);
    for (const part of (m[2] as string).split(',')) {
      const name = /^\s*([A-Za-z_]\w*)/.exec(part)?.[1];
      if (name && mod.length > 0) out.add(mod.endsWith('.') ? `${mod}${name}` : `${mod}.${name}`);
    }
  }
  for (const m of text.matchAll(/^[ \t]*import[ \t]+([^#\n]+)/gm))
    for (const part of (m[1] as string).split(',')) {
      const name = /^\s*([\w.]+)/.exec(part)?.[1];
      if (name) out.add(name);
    }
  return [...out];
}
