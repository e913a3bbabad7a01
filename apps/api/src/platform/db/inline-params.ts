import { createRequire } from 'node:module';

// node-postgres's own parameter preparation and quoting, so that an inlined value reads exactly as
// the same value sent as a parameter would (the module ships no types).
const pgUtils = createRequire(import.meta.url)('pg/lib/utils.js') as {
  prepareValue(value: unknown): string | Buffer | null;
  escapeLiteral(text: string): string;
};

/**
 * `text` with each `$n` outside quotes, identifiers, dollar-quoted bodies and comments replaced by
 * the literal of `values[n - 1]`, prepared exactly as node-postgres would send it as a parameter
 * (so arrays, dates and JSON read the same) and quoted with its escapeLiteral. Undefined when the
 * statement cannot be sent as plain text: a binary value, a NUL character (a query's text ends at
 * one; as a parameter PostgreSQL refuses it with its own error), or a `$n` with no value.
 *
 * Why: a tenant transaction's first statement is sent in the same simple-protocol round trip as
 * its BEGIN and SET LOCAL lines (database.ts), which takes no parameters. PostgreSQL gives an
 * untyped literal its type from context as it does a parameter, and with
 * standard_conforming_strings on (the default since 9.1) escapeLiteral's quoting is exact.
 */
export function inlineParams(text: string, values: readonly unknown[]): string | undefined {
  const literals: string[] = [];
  for (const value of values) {
    const prepared = pgUtils.prepareValue(value) as string | Buffer | null;
    if (prepared === null) literals.push('NULL');
    else if (typeof prepared === 'string' && !prepared.includes('\u0000'))
      literals.push(pgUtils.escapeLiteral(prepared));
    else return undefined;
  }
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "'") {
      // A string; E'...' strings also escape with backslashes.
      const escapes = i > 0 && (text[i - 1] === 'E' || text[i - 1] === 'e');
      let j = i + 1;
      while (j < n) {
        if (escapes && text[j] === '\\') j += 2;
        else if (text[j] === "'" && text[j + 1] === "'") j += 2;
        else if (text[j] === "'") break;
        else j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const stop = end < 0 ? n : end + 1;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += text.slice(i, stop);
      i = stop;
    } else if (c === '$' && next !== undefined && next >= '0' && next <= '9') {
      let j = i + 1;
      while (j < n && text[j]! >= '0' && text[j]! <= '9') j++;
      const literal = literals[Number(text.slice(i + 1, j)) - 1];
      if (literal === undefined) return undefined;
      out += literal;
      i = j;
    } else if (c === '$') {
      // A dollar-quoted body ($$...$$ or $tag$...$tag$), or a $ inside an identifier.
      const tag = /^\$[A-Za-z_][A-Za-z0-9_]*\$|^\$\$/.exec(text.slice(i, i + 64))?.[0];
      const prev = i > 0 ? text[i - 1]! : ' ';
      if (tag && !/[A-Za-z0-9_]/.test(prev)) {
        const end = text.indexOf(tag, i + tag.length);
        const stop = end < 0 ? n : end + tag.length;
        out += text.slice(i, stop);
        i = stop;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
